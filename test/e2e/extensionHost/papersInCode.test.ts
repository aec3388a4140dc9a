/**
 * Papers in code, inside the real extension host: hovers and links on arXiv ids in a Python file (a paper a loaded
 * feed knows, and one looked up on "arXiv", the fixture server), Link Selection to Paper writing the range into the
 * note on disk, and the link landing on the right lines after code is inserted above it.
 *
 * The Node side (test/e2e/extensionHost.test.ts) points `marginalia.feeds.huggingFaceApi` and `…arxivApi` at the
 * fixture server, which replays a recorded Hugging Face day (2024-05-27) and the recorded `id_list=1111.2011v2`, and
 * serves a Hugging Face day made of one recorded entry given 1111.2011's arXiv record (2011-11-08, for the versions).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const extensionId = 'marginalia.marginalia';
/** From the recorded HF day 2024-05-27. */
const feedPaper = { id: '2405.15574', title: 'Meteor: Mamba-based Traversal of Rationale for Large Language and Vision Models' };
/** From the recorded arXiv answer to id_list=1111.2011v2. */
const arxivPaper = { id: '1111.2011', title: 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit' };

interface Api {
  whenFeedSettled(): Promise<{ kind: string }>;
  findPaper(id: string): Promise<{ title: string; abstract: string; source: string; version?: number } | undefined>;
  whenLibraryReady(): Promise<void>;
  notes: {
    read(id: string): Promise<unknown>;
    paperView: { state(id: string): Promise<{ notes: readonly { id: string; anchor?: unknown; orphaned?: boolean }[] }> };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `probe` until it returns a value, for things the extension does in the background. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

/** The position of the first occurrence of `needle` in a document, plus `offset` characters. */
function positionOf(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is not in ${document.uri.path}`);
  return document.positionAt(at + offset);
}

describe('Papers in code', function () {
  this.timeout(120_000);
  let api: Api;
  let folder: vscode.WorkspaceFolder;
  let sourceUri: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('marginalia');

  before(async function () {
    const extension = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    folder = vscode.workspace.workspaceFolders![0]!;
    const arxivApi = config().get<string>('feeds.arxivApi') ?? '';
    assert.match(arxivApi, /^http:\/\/127\.0\.0\.1:\d+\//, 'the harness points marginalia.feeds.arxivApi at the fixture server');
    // A recorded Hugging Face day as the active feed, so its papers are "known" without asking arXiv.
    await config().update(
      'feeds.sources',
      [
        { id: 'sample', kind: 'sample' },
        { id: 'hf-fixture', kind: 'hf-daily', period: 'day', date: '2024-05-27', sort: 'trending' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await vscode.commands.executeCommand('marginalia.selectSource', 'hf-fixture');
    await api.whenFeedSettled();
    await eventually(() => api.findPaper(feedPaper.id), `${feedPaper.id} from the fixture feed`);
    await api.whenLibraryReady();
    sourceUri = vscode.Uri.joinPath(folder.uri, 'papers_in_code.py');
    const source = [
      '"""Vision-language experiments.',
      '',
      `Traversal of rationale after Meteor (arXiv:${feedPaper.id}); the lattice model follows`,
      `https://arxiv.org/abs/${arxivPaper.id}v2 and is not used here.`,
      '"""',
      '',
      'def rationale(tokens):',
      '    return tokens[::-1]',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(sourceUri, new TextEncoder().encode(source));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(sourceUri).then(undefined, () => undefined);
    await vscode.commands.executeCommand('marginalia.selectSource', 'sample').then(undefined, () => undefined);
    await config().update('feeds.sources', undefined, vscode.ConfigurationTarget.Global);
  });

  it('hovers an arXiv id of a paper the loaded feed knows with its title, authors and a link to the paper view', async () => {
    const document = await vscode.workspace.openTextDocument(sourceUri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      sourceUri,
      positionOf(document, `arXiv:${feedPaper.id}`, 8),
    );
    const text = hoverText(hovers);
    assert.ok(text.includes(feedPaper.title.split(':')[0]!), `the hover names the paper:\n${text}`);
    assert.match(text, /Meteor: Mamba-based Traversal of Rationale/);
    assert.match(text, /Byung-Kwan Lee/);
    assert.match(text, /\[Open in Marginalia\]\(command:marginalia\.openPaper\?%5B%222405\.15574%22%5D/);
    const ours = hovers.find((h) => hoverText([h]).includes('Open in Marginalia'))!;
    assert.deepEqual(
      [ours.range?.start.character, ours.range?.end.character],
      [document.lineAt(2).text.indexOf('arXiv:'), document.lineAt(2).text.indexOf(')')],
    );
  });

  it('looks an unknown id up on arXiv (the fixture server) and shows it in the hover', async () => {
    const document = await vscode.workspace.openTextDocument(sourceUri);
    const at = positionOf(document, `${arxivPaper.id}v2`, 3);
    const text = await eventually(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', sourceUri, at);
      const value = hoverText(hovers);
      return value.includes('Quantum Criticality') ? value : undefined;
    }, 'the looked-up paper in the hover');
    assert.match(text, /Quantum Criticality for Extended Nodes on a Bethe Lattice/);
    assert.match(text, /arXiv:1111\.2011v2/);
    // Now known: opening it needs no network.
    await vscode.commands.executeCommand('marginalia.openPaper', `arXiv:${arxivPaper.id}`);
  });

  it('shows a newer version of a cited paper in the hover and a code lens, and moves the file and note to it', async () => {
    // Known now from the recorded arXiv answer: 1111.2011 is at v2 (2012-04-02, "8 pages, 3 figures. Published version").
    const arxivApi = config().get<string>('feeds.arxivApi') ?? '';
    const requests = async () => (await (await fetch(new URL('/__requests', arxivApi))).json()) as { path: string }[];
    const uri = vscode.Uri.joinPath(folder.uri, 'versions.py');
    const noteUri = vscode.Uri.joinPath(folder.uri, 'papers', '1111.2011-versions.md');
    const source = [
      `# Lattice model: arXiv:${arxivPaper.id}v1, eq. 4 (see https://arxiv.org/pdf/${arxivPaper.id}v1.pdf)`,
      `# Already the latest: ${arxivPaper.id}v2 and ${arxivPaper.id}; never looked up: arXiv:2501.99999v1`,
      'def hopping(n):',
      '    return n',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(source));
    await vscode.workspace.fs.writeFile(
      noteUri,
      new TextEncoder().encode(`---\nid: "${arxivPaper.id}"\ntitle: "Bethe lattice nodes"\nversion: 1\n---\n\nRead on paper.\n`),
    );
    try {
      await eventually(async () => ((await api.notes.read(arxivPaper.id)) ? true : undefined), 'the note to be read');
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);

      // Looked up on "arXiv" by the hover if an earlier test did not already.
      const hover = await eventually(async () => {
        const text = hoverText(
          await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, `arXiv:${arxivPaper.id}v1`, 8)),
        );
        return text.includes('Quantum Criticality') ? text : undefined;
      }, 'the looked-up paper in the hover');
      assert.match(
        hover,
        /\*\*v2 is out \(2012-04-02\); you cite v1\*\* · Comment on v2: 8 pages, 3 figures\. Published version · \[Move to v2\]\(command:marginalia\.moveCitationToLatestVersion\?/,
      );
      const latest = hoverText(
        await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(document, `${arxivPaper.id}v2`, 3)),
      );
      assert.match(latest, /Quantum Criticality/);
      assert.doesNotMatch(latest, /is out/, 'no news for a citation of the latest version');

      // Lenses on the two v1 citations only: not on the latest, and not on a paper never looked up (no request for it).
      const before = (await requests()).length;
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const ours = lenses.filter((l) => l.command?.command === 'marginalia.moveCitationToLatestVersion');
      assert.deepEqual(
        ours.map((l) => document.getText(l.range)),
        [`arXiv:${arxivPaper.id}v1`, `https://arxiv.org/pdf/${arxivPaper.id}v1.pdf`],
      );
      assert.match(ours[0]!.command!.title, /v2 is out \(2012-04-02\); you cite v1 · Move to v2/);
      assert.equal(ours[0]!.command!.tooltip, 'v1 2011-11-08 · v2 2012-04-02 · Comment on v2: 8 pages, 3 figures. Published version');
      const asked = (await requests()).slice(before).map((r) => r.path);
      assert.ok(!asked.some((p) => p.includes('2501.99999')), `the lenses asked arXiv: ${asked.join(', ')}`);

      // The lens's command: both v1 citations of this file, and the note's version, move to v2.
      const result = await vscode.commands.executeCommand<{ citations: number; files: number; noteFrom?: number }>(
        ours[0]!.command!.command,
        ...(ours[0]!.command!.arguments ?? []),
      );
      assert.deepEqual([result.citations, result.files, result.noteFrom], [2, 1, 1]);
      assert.equal(document.lineAt(0).text, `# Lattice model: arXiv:${arxivPaper.id}v2, eq. 4 (see https://arxiv.org/pdf/${arxivPaper.id}v2.pdf)`);
      assert.equal(document.lineAt(1).text, source.split('\n')[1]);
      const note = await eventually(async () => {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(noteUri));
        return /^version: 2$/m.test(text) ? text : undefined;
      }, 'the note to say version 2');
      assert.match(note, /title: "Bethe lattice nodes"\nversion: 2\n---\n\nRead on paper\.\n$/);
      const after = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      assert.deepEqual(
        after.filter((l) => l.command?.command === 'marginalia.moveCitationToLatestVersion'),
        [],
        'no lens once the file cites the latest',
      );

      // One undo takes the file's citations back.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), source);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(noteUri).then(undefined, () => undefined);
      // The next test writes its own note of this paper: this one must be gone from the library first.
      await eventually(async () => ((await api.notes.read(arxivPaper.id)) ? undefined : true), 'the note to be forgotten');
    }
  });

  it('shows a paper known from its note with the abstract arXiv gave before, so notes on passages find them', async () => {
    // In a folder that does not exist yet: written at once with the file, as a git pull or another program would.
    const subfolder = vscode.Uri.joinPath(folder.uri, 'papers', 'physics');
    const note = vscode.Uri.joinPath(subfolder, '1111.2011-lattice.md');
    const text = `---\nid: "${arxivPaper.id}"\ntitle: "Bethe lattice nodes"\n---\n\n## A passage\n<!-- marginalia:note id=bethe001 kind=quote -->\n\n> an analytical study\n\nThe method.\n`;
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(text));
    try {
      await eventually(async () => ((await api.notes.read(arxivPaper.id)) ? true : undefined), 'the note to be read');
      const paper = await api.findPaper(arxivPaper.id);
      assert.match(paper?.title ?? '', /Quantum Criticality for Extended Nodes/);
      assert.match(paper?.abstract ?? '', /an analytical study of d-dimensional/);
      const state = await api.notes.paperView.state(arxivPaper.id);
      const quote = state.notes.find((n) => n.id === 'bethe001');
      assert.ok(quote?.anchor, `the note is anchored in the abstract: ${JSON.stringify(quote)}`);
    } finally {
      await vscode.workspace.fs.delete(subfolder, { recursive: true });
    }
  });

  it('is offline-safe: with arXiv unreachable an unknown id says so, and a paper looked up before is still known', async () => {
    const before = config().inspect<string>('feeds.arxivApi')?.globalValue;
    // Nothing listens on port 9: every request to "arXiv" fails at once, as with no network.
    await config().update('feeds.arxivApi', 'http://127.0.0.1:9/api/query', vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument({ language: 'python', content: `# arXiv:2101.00042 and arXiv:${arxivPaper.id}\n` });
      const hoverAt = async (needle: string) =>
        hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, needle, 8)));
      const started = Date.now();
      const offline = await eventually(async () => {
        const text = await hoverAt('arXiv:2101.00042');
        return /Could not look this paper up/.test(text) ? text : undefined;
      }, 'the hover to say the lookup failed');
      assert.match(offline, /\*\*arXiv:2101\.00042\*\*/);
      assert.match(offline, /\[arXiv\]\(https:\/\/arxiv\.org\/abs\/2101\.00042\)/, 'the arXiv link is still offered');
      console.log(`      offline: the hover said so after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      // Known from the earlier answer: no network needed, in the hover and to open it.
      assert.match(await hoverAt(`arXiv:${arxivPaper.id}`), /Quantum Criticality for Extended Nodes/);
      await vscode.commands.executeCommand('marginalia.openPaper', `arXiv:${arxivPaper.id}`);
    } finally {
      await config().update('feeds.arxivApi', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('links every arXiv reference to the paper view', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', sourceUri, 10);
    const document = await vscode.workspace.openTextDocument(sourceUri);
    const ours = links.filter((l) => l.target?.scheme === 'command');
    assert.deepEqual(
      ours.map((l) => document.getText(l.range)),
      [`arXiv:${feedPaper.id}`, `https://arxiv.org/abs/${arxivPaper.id}v2`],
    );
    assert.equal(ours[0]!.target!.toString(true), 'command:marginalia.openPaper?["2405.15574"]');
  });

  it('records a selection in the paper’s note on disk and follows the code when lines are inserted above it', async () => {
    const modelUri = vscode.Uri.joinPath(folder.uri, 'model.py');
    const editor = await vscode.window.showTextDocument(modelUri);
    const start = positionOf(editor.document, 'def selective_scan');
    const end = positionOf(editor.document, '    return states', '    return states'.length);
    editor.selection = new vscode.Selection(start, end);
    const snippet = editor.document.getText(new vscode.Range(start, end));
    await vscode.commands.executeCommand('marginalia.linkSelectionToPaper', { paperId: feedPaper.id });

    // The note file, read from the real disk: the anchor with path and 1-based lines, and the snippet as a fence.
    const [note] = await eventually(async () => {
      const files = await vscode.workspace.findFiles('papers/*.md');
      const found = files.filter(
        (f) =>
          readFileSync(f.fsPath, 'utf8').includes(`id: "${feedPaper.id}"`) ||
          readFileSync(f.fsPath, 'utf8').includes(`id: '${feedPaper.id}'`) ||
          readFileSync(f.fsPath, 'utf8').includes(`id: ${feedPaper.id}`),
      );
      return found.length ? found : undefined;
    }, 'the note file');
    const text = readFileSync(note!.fsPath, 'utf8');
    const lines = `${start.line + 1}-${end.line + 1}`;
    const anchor = new RegExp(`<!-- marginalia:note id=(\\w+) kind=code path=model\\.py lines=${lines}[^>]*-->`);
    assert.match(text, anchor, text);
    assert.ok(text.includes(`\`\`\`python\n${snippet}\n\`\`\``), `the snippet is fenced in the note:\n${text}`);
    const noteId = anchor.exec(text)![1]!;

    // Code inserted above the linked lines, and saved.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(modelUri, new vscode.Position(4, 0), 'import math\nimport random\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await editor.document.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await vscode.commands.executeCommand('marginalia.openCodeLink', { paperId: feedPaper.id, noteId });
    const opened = vscode.window.activeTextEditor;
    assert.ok(opened, 'the link opened an editor');
    assert.equal(opened.document.uri.toString(), modelUri.toString());
    assert.deepEqual([opened.selection.start.line, opened.selection.end.line], [start.line + 3, end.line + 3]);
    assert.equal(opened.document.getText(opened.selection), snippet);
  });

  // Last: the feed it loads keeps 1111.2011 known as a Hugging Face paper for the rest of the session.
  it('moves citations of a paper from a Hugging Face feed, which has no version, to the latest arXiv has', async () => {
    // The paper view's "Move to latest version" sends only the id; the feed's paper does not say its version.
    const uri = vscode.Uri.joinPath(folder.uri, 'hf_versions.py');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`# Bethe lattice: arXiv:${arxivPaper.id}v1\n`));
    const sources = config().inspect<unknown[]>('feeds.sources')?.globalValue;
    await config().update(
      'feeds.sources',
      [...(sources ?? []), { id: 'hf-1111', kind: 'hf-daily', period: 'day', date: '2011-11-08', sort: 'trending' }],
      vscode.ConfigurationTarget.Global,
    );
    try {
      await vscode.commands.executeCommand('marginalia.selectSource', 'hf-1111');
      await api.whenFeedSettled();
      const known = await api.findPaper(arxivPaper.id);
      assert.deepEqual([known?.source, known?.version], ['hf-daily', undefined], 'the paper is the feed’s, without a version');
      const result = await eventually(async () => {
        const moved = await vscode.commands.executeCommand<{ to: number; citations: number }>('marginalia.moveCitationToLatestVersion', {
          id: arxivPaper.id,
        });
        return moved && moved.citations > 0 ? moved : undefined;
      }, 'the citation in hf_versions.py to be moved');
      assert.deepEqual([result.to, result.citations], [2, 1]);
      const document = await vscode.workspace.openTextDocument(uri);
      assert.equal(document.lineAt(0).text, `# Bethe lattice: arXiv:${arxivPaper.id}v2`);
    } finally {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open?.isDirty) await open.save();
      await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
      await vscode.commands.executeCommand('marginalia.selectSource', 'hf-fixture');
      await api.whenFeedSettled();
      await config().update('feeds.sources', sources, vscode.ConfigurationTarget.Global);
    }
  });
});
