/**
 * PDF highlights from the extension host's side: the link a highlight's section carries in the note file opens the
 * PDF it names, Export Highlights writes the annotated list, and the hover on an arXiv id links to the highlights.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const viewType = 'marginalia.pdfReader';

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const encoder = new TextEncoder();

/** A note file as Marginalia writes it for a PDF that is no paper, with two highlights. */
function reportNote(pdfPath: string): string {
  return [
    '---',
    `id: "pdf:${pdfPath}"`,
    'title: report.pdf',
    `pdf: ${pdfPath}`,
    '---',
    '',
    '## p. 2: “the hopping can be treated”',
    '<!-- marginalia:note id=hlrep002 kind=pdf page=2 rects=0.1,0.2,0.3,0.012 colour=blue created=2026-11-26T10:00:00Z -->',
    '',
    '> the hopping can be treated',
    '',
    '[Open p. 2 in the PDF](command:marginalia.openPdfHighlight?%5B%22hlrep002%22%5D)',
    '',
    'Second.',
    '',
    '## p. 1: “Theoretical description”',
    '<!-- marginalia:note id=hlrep001 kind=pdf page=1 rects=0.19,0.19,0.35,0.013 colour=sepia-ish -->',
    '',
    '> Theoretical description',
    '',
    '[Open p. 1 in the PDF](command:marginalia.openPdfHighlight?%5B%22hlrep001%22%5D)',
    '',
  ].join('\n');
}

describe('PDF highlights in the extension host', () => {
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const pdfPath = 'hl-pdfs/report.pdf';
  let noteUri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('marginalia.marginalia')!.activate();
    const extension = vscode.extensions.getExtension('marginalia.marginalia')!;
    const source = vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'pdf', 'arxiv_1111.2011v2.pdf');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder(), 'hl-pdfs'));
    await vscode.workspace.fs.copy(source, vscode.Uri.joinPath(folder(), ...pdfPath.split('/')), { overwrite: true });
    noteUri = vscode.Uri.joinPath(folder(), 'papers', 'pdf-hl-pdfs-report.md');
    await vscode.workspace.fs.writeFile(noteUri, encoder.encode(reportNote(pdfPath)));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(noteUri).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'hl-pdfs'), { recursive: true }).then(undefined, () => undefined);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['marginalia.openPdfHighlight', 'marginalia.exportHighlights']) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  it('the link in the note file opens the PDF the note names, in the reader', async function () {
    // Opening a custom editor's webview takes long on a loaded machine.
    this.timeout(120_000);
    await vscode.window.showTextDocument(noteUri);
    // What following `[Open p. 2 in the PDF](command:marginalia.openPdfHighlight?["hlrep002"])` runs.
    const args = JSON.parse(decodeURIComponent('%5B%22hlrep002%22%5D')) as unknown[];
    await vscode.commands.executeCommand('marginalia.openPdfHighlight', ...args);
    const tab = await until(
      () => {
        const active = vscode.window.tabGroups.activeTabGroup.activeTab;
        return active?.input instanceof vscode.TabInputCustom && active.input.viewType === viewType ? active : undefined;
      },
      'the reader tab',
      60_000,
    );
    assert.equal((tab.input as vscode.TabInputCustom).uri.toString(), vscode.Uri.joinPath(folder(), 'hl-pdfs', 'report.pdf').toString());
  });

  it('says what is wrong with a link to a highlight that is not there', async () => {
    // The command shows the error itself and resolves; nothing opens.
    const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    await vscode.commands.executeCommand('marginalia.openPdfHighlight', { note: 'nosuch01' });
    await vscode.commands.executeCommand('marginalia.openPdfHighlight', { note: '../../etc/passwd' });
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, before);
  });

  it('exports the highlights as an annotated list, by page, unknown colours kept by name', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('marginalia.exportHighlights', `pdf:${pdfPath}`);
    assert.ok(document, 'an untitled document');
    assert.equal(document.isUntitled, true);
    assert.equal(document.languageId, 'markdown');
    const text = document.getText();
    assert.match(text, /^# Highlights: report\.pdf\n/);
    assert.match(
      text,
      /## Page 1\n\n- \*\*Sepia-ish\*\* · “Theoretical description”\n\n## Page 2\n\n- \*\*Blue\*\* · “the hopping can be treated”\n\n {2}Second\.\n/,
    );
    assert.match(text, /2 highlights, 1 with notes · kept in `papers\/pdf-hl-pdfs-report\.md`/);
  });

  it('exports what the note file on disk holds the moment it is written, changed or deleted', async function () {
    this.timeout(120_000);
    // As when a `git pull` or another program writes the note just before the user asks: the file watcher has not
    // told the library yet. Each round writes and exports at once: a new file, then rewrites of the same size.
    const freshPdf = 'hl-pdfs/fresh.pdf';
    const freshNote = vscode.Uri.joinPath(folder(), 'papers', 'pdf-hl-pdfs-fresh.md');
    const note = (round: number) =>
      [
        '---',
        `id: "pdf:${freshPdf}"`,
        'title: fresh.pdf',
        `pdf: ${freshPdf}`,
        '---',
        '',
        `## p. 4: “round ${round}”`,
        `<!-- marginalia:note id=fresh00${round} kind=pdf page=4 rects=0.1,0.2,0.3,0.012 colour=pink -->`,
        '',
        `> passage of round ${round}`,
        '',
      ].join('\n');
    // Each export stays open: an untitled document closed and made again can come back as the closed one's object.
    const exported = async () => {
      const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('marginalia.exportHighlights', `pdf:${freshPdf}`);
      assert.ok(document, 'an untitled document');
      return document.getText();
    };
    // No reader beside the exports: its webview makes each new editor slow to show on a loaded machine.
    await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom));
    try {
      for (let round = 1; round <= 3; round++) {
        await vscode.workspace.fs.writeFile(freshNote, encoder.encode(note(round)));
        const text = await exported();
        assert.match(text, new RegExp(`- \\*\\*Pink\\*\\* · “passage of round ${round}”`), `round ${round}: the export has the highlight on disk:\n${text}`);
        assert.match(text, /1 highlight, 0 with notes · kept in `papers\/pdf-hl-pdfs-fresh\.md`/);
      }
      await vscode.workspace.fs.delete(freshNote);
      assert.doesNotMatch(await exported(), /passage of round/, 'a deleted note file has no highlights to export');
    } finally {
      await vscode.workspace.fs.delete(freshNote).then(undefined, () => undefined);
    }
  });

  it('lists a paper’s highlights in the hover on its arXiv id, as links to them', async function () {
    // The hover may wait up to two seconds for arXiv (the fixture server), longer on a loaded machine.
    this.timeout(60_000);
    const paperNote = vscode.Uri.joinPath(folder(), 'papers', '2401.09999-hover-highlights.md');
    await vscode.workspace.fs.writeFile(
      paperNote,
      encoder.encode(
        [
          '---',
          'id: "2401.09999"',
          'title: Hover Highlights',
          '---',
          '',
          '## p. 3',
          '<!-- marginalia:note id=hover001 kind=pdf page=3 rects=0.1,0.1,0.2,0.01 colour=green -->',
          '',
          '> a highlighted passage',
          '',
        ].join('\n'),
      ),
    );
    try {
      const code = await vscode.workspace.openTextDocument({ language: 'python', content: '# see arXiv:2401.09999\n' });
      // Asked once, at once: the hover reads the note file written the moment before, watcher or not.
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code.uri, new vscode.Position(0, 12));
      const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.match(
        markdown,
        /Highlighted in the PDF: \[p\. 3: “a highlighted passage”\]\(command:marginalia\.openPdfHighlight\?%5B%7B%22paper%22%3A%222401\.09999%22%2C%22note%22%3A%22hover001%22%7D%5D/,
      );
    } finally {
      await vscode.workspace.fs.delete(paperNote);
    }
  });
});
