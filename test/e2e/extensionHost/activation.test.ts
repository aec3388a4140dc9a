/**
 * Asleep until needed, inside the real extension host: opening a Python file wakes Marginalia, and waking does
 * nothing costly: no request reaches the fixture server (standing in for Hugging Face and arXiv) and no note file is
 * read, although a network feed is the one to load and a note waits in the library. A hover asked for then still
 * works, and reads the library; showing the Papers view loads the feed.
 *
 * Runs first in the suite (files run in name order) so that nothing has woken Marginalia before it. A read of a note
 * is seen in its access time: the note is given one older than its last change, which Linux's default `relatime`
 * moves forward on the next read (the hover's read below shows that this works here).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const extensionId = 'marginalia.marginalia';
/** What the fixture server serves for the source below. */
const feedRequest = /\/hf\/api\/daily_papers\?.*date=2024-05-27/;

interface Api {
  whenFeedSettled(): Promise<{ kind: string }>;
}

interface RecordedRequest {
  readonly path: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether the extension host loaded Marginalia's services (dist/services.node.js, required by the small entry VS Code
 * loads at activation on their first need). This suite shares the host's module cache.
 */
const servicesLoaded = () => Object.keys(require.cache).some((path) => /[\\/]dist[\\/]services\.node\.js$/.test(path));

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

describe('Asleep until needed', function () {
  this.timeout(120_000);
  const config = () => vscode.workspace.getConfiguration('marginalia');
  let extension: vscode.Extension<Api>;
  let modelUri: vscode.Uri;
  let notePath: string | undefined;
  let noteReadAt: number;
  let requestLog: string;

  /** The paths the fixture server was asked for, in order. */
  const requests = async (): Promise<string[]> => ((await (await fetch(requestLog)).json()) as RecordedRequest[]).map((r) => r.path);

  before(async () => {
    const found = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(found, `${extensionId} is not loaded`);
    extension = found;
    assert.equal(extension.isActive, false, 'Marginalia was awake before anything asked for it (this test must run first in the suite)');
    const folder = vscode.workspace.workspaceFolders![0]!;
    modelUri = vscode.Uri.joinPath(folder.uri, 'model.py');
    const hfApi = config().get<string>('feeds.huggingFaceApi') ?? '';
    assert.match(hfApi, /^http:\/\/127\.0\.0\.1:\d+\//, 'the harness points marginalia.feeds.huggingFaceApi at the fixture server');
    requestLog = new URL('/__requests', hfApi).toString();
    // A network feed is the one to load: waking must not fetch it.
    await config().update(
      'feeds.sources',
      [{ id: 'hf-fixture', kind: 'hf-daily', period: 'day', date: '2024-05-27', sort: 'trending' }],
      vscode.ConfigurationTarget.Global,
    );
    // A note on the paper model.py cites, written behind VS Code's back (Node's fs), last read two days ago.
    mkdirSync(join(folder.uri.fsPath, 'papers'), { recursive: true });
    notePath = join(folder.uri.fsPath, 'papers', '2312.00752-mamba.md');
    writeFileSync(
      notePath,
      '---\nid: "2312.00752"\ntitle: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"\nstatus: reading\ntags: []\n---\n\n# Mamba\n',
    );
    const day = 24 * 60 * 60;
    const now = Date.now() / 1000;
    utimesSync(notePath, now - 2 * day, now - day);
    noteReadAt = statSync(notePath).atimeMs;
    // The PDF reader turned off on an earlier day, as that wrote it: VS Code's own editor for PDFs.
    await config().update('pdf.defaultReader', false, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('workbench').update('editorAssociations', { '*.pdf': 'default' }, vscode.ConfigurationTarget.Global);
    assert.ok(noteReadAt < Date.now() - 60_000, 'the note keeps the old access time it was given');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    if (notePath) rmSync(notePath, { force: true });
    await config().update('feeds.sources', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pdf.defaultReader', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('workbench').update('editorAssociations', undefined, vscode.ConfigurationTarget.Global);
  });

  it('wakes on a Python file without a network request or a note read', async () => {
    const before = await requests();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(modelUri));
    await waitFor(() => extension.isActive, 'Marginalia to wake on a Python file (onLanguage:python)');
    // A negative needs a window to watch: activation's background work (a feed fetch, the notes scan) used to
    // start within milliseconds of activate() and finish well within this.
    await sleep(3_000);
    assert.deepEqual((await requests()).slice(before.length), [], 'requests made with nothing asked for');
    assert.equal(statSync(notePath!).atimeMs, noteReadAt, 'a note file was read with nothing asked for');
    // The file's links and lenses were asked for meanwhile: the links need only its text, and it cites no version.
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', modelUri);
    assert.ok(
      links.some((l) => l.target?.toString().includes('2312.00752')),
      `the arXiv id is a link before anything woke the services: ${links.map((l) => l.target?.toString()).join(', ')}`,
    );
    assert.equal(servicesLoaded(), false, "waking loaded the services' code (dist/services.node.js) with nothing asked for");
  });

  it('gives PDFs back to the reader when it is turned on again while the services sleep', async () => {
    const pdfAssociation = () => vscode.workspace.getConfiguration('workbench').inspect<Record<string, string>>('editorAssociations')?.globalValue?.['*.pdf'];
    assert.equal(pdfAssociation(), 'default');
    assert.equal(servicesLoaded(), false, 'the services woke before the setting changed');
    await config().update('pdf.defaultReader', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => pdfAssociation() === undefined, 'the "*.pdf": "default" association to go', 10_000);
    assert.equal(servicesLoaded(), true, 'the change woke the services (and their loading is visible here)');
  });

  it('answers a hover on an arXiv id in a Python file, reading the library then', async () => {
    const document = await vscode.workspace.openTextDocument(modelUri);
    const at = document.getText().indexOf('arXiv:2312.00752');
    assert.ok(at >= 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', modelUri, document.positionAt(at + 8));
    const text = hoverText(hovers);
    assert.match(text, /Mamba: Linear-Time Sequence Modeling/, `the hover shows the library's paper:\n${text}`);
    assert.match(text, /reading/i, `the hover shows the library status:\n${text}`);
    assert.notEqual(statSync(notePath!).atimeMs, noteReadAt, 'the note was read for the hover (and reads are visible here)');
  });

  it('loads the feed when the Papers view is shown', async () => {
    assert.ok(!(await requests()).some((path) => feedRequest.test(path)), 'the feed was fetched before the view was shown');
    await vscode.commands.executeCommand('marginalia.papers.focus');
    await waitFor(async () => (await requests()).some((path) => feedRequest.test(path)), 'the feed request');
    const state = await extension.exports.whenFeedSettled();
    assert.equal(state.kind, 'ready');
  });
});
