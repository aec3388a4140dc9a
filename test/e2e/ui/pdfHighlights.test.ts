/**
 * Highlights that become notes, in the real VS Code (code-server + Chromium): open a fixture PDF from the workspace,
 * find a word, highlight a phrase with a note, find it in the paper's Markdown note on disk, reload the window and
 * see it again, change its colour, click it in the paper view and land on its page, export the highlights.
 * arXiv is the fixture server, so the paper's title comes from a recorded arXiv answer.
 * Screenshots go to .test-artifacts/ (pdf-highlights-*.png).
 */
import { strict as assert } from 'node:assert';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../../scripts/harness/workbench';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { assertE2eReady, e2eTimeoutMs, repoRoot } from '../support/env';
import {
  dragSelect,
  highlightBox,
  quickInput,
  quickOpenFile,
  readerData,
  readerFrame,
  readerIdle,
  reloadWindow,
  runPaletteCommand,
} from '../support/pdfReaderUi';
import { stopStarted } from '../support/session';
import { hoverUntil, openFile, openProductUri, quickPick } from '../support/vscodeUi';
import { createTestWorkspace, type TestWorkspace } from '../support/workspace';

const PDF = 'arxiv_1111.2011v2.pdf';
const ATTENTION = 'arxiv_1706.03762v5_attention.pdf';
/** A note file written by hand (or by an older version of the paper): one quote moved pages, one is gone. */
const ATTENTION_NOTE = [
  '---',
  'id: "1706.03762"',
  'title: Attention Is All You Need',
  '---',
  '',
  '# Attention Is All You Need',
  '',
  '## Moved',
  '<!-- marginalia:note id=moved001 kind=pdf page=3 rects=0.2,0.3,0.5,0.012 colour=blue suffix=" are based on complex" -->',
  '',
  '> The dominant sequence transduction models',
  '',
  'On page 1 in this version.',
  '',
  '## Gone',
  '<!-- marginalia:note id=gone0001 kind=pdf page=2 rects=0.2,0.5,0.4,0.012 colour=pink -->',
  '',
  '> a sentence that this paper never had in any version',
  '',
  'Kept, and flagged.',
  '',
].join('\n');
const TITLE = 'Quantum Criticality for Extended Nodes on a Bethe Lattice';
const NOTE = 'Anisotropy is the hard part: compare with coupled spin chains.';

async function noteFiles(workspace: string): Promise<string[]> {
  const folder = join(workspace, 'papers');
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.md')).map((n) => join(folder, n));
}

/** Polls the notes folder until a note file's text passes `test`. */
async function noteFileWhere(workspace: string, test: (text: string) => boolean, timeoutMs = 30_000): Promise<{ path: string; text: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const path of await noteFiles(workspace)) {
      const text = await readFile(path, 'utf8');
      if (test(text)) return { path, text };
    }
    if (Date.now() > deadline) throw new Error('no note file in papers/ has the highlight');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Waits for the reader to show `page` after a reveal: it scrolls there smoothly from where it was, and says which
 * page it is on as it passes each one.
 */
async function landedOnPage(frame: Frame, page: string): Promise<void> {
  const landed = await frame
    .waitForFunction((want) => document.body.dataset.page === want, page, { timeout: 15_000 })
    .then(
      () => true,
      () => false,
    );
  assert.ok(landed, `landed on the highlight’s page ${page}, not ${(await readerData(frame)).page}`);
}

describe('PDF highlights that become notes (code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let fixtures: FixtureServer | undefined;
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let quote = '';
  let notePath = '';

  before(async () => {
    assertE2eReady();
    fixtures = await startFixtureServer();
    workspace = await createTestWorkspace();
    await cp(join(fixturesDir, 'pdf', PDF), join(workspace.path, 'pdfs', PDF));
    await cp(join(fixturesDir, 'pdf', ATTENTION), join(workspace.path, 'pdfs', ATTENTION));
    // The same PDF under a name that is no paper's: its highlights get a note of their own.
    await cp(join(fixturesDir, 'pdf', ATTENTION), join(workspace.path, 'docs', 'report.pdf'));
    // The paper's note as an older version of the PDF left it.
    await mkdir(join(workspace.path, 'papers'), { recursive: true });
    await writeFile(join(workspace.path, 'papers', '1706.03762-attention-is-all-you-need.md'), ATTENTION_NOTE);
    server = await startCodeServer({
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' },
        'marginalia.pdf.arxivBase': `${fixtures.url}/pdf`,
        'marginalia.feeds.arxivApi': `${fixtures.url}/arxiv/api/query`,
        'marginalia.feeds.huggingFaceApi': `${fixtures.url}/hf/api`,
      },
    });
    workbench = await openWorkbench(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, workbench, 'pdf-highlights-failed');
  });

  after(() => stopStarted({ workbench, server, workspace, fixtures }));

  it('opens a workspace PDF and finds a word', async () => {
    const wb = workbench!;
    await quickInput(wb.page, 'Control+P', PDF, PDF);
    const frame = await readerFrame(wb, PDF);
    assert.equal((await readerData(frame)).highlights, '0');
    await frame.locator('.viewer').click({ position: { x: 30, y: 200 } });
    await wb.page.keyboard.press('Control+f');
    await frame.locator('.findbar:not([hidden])').waitFor();
    await wb.page.keyboard.type('anisotropic', { delay: 30 });
    const count = frame.locator('.find-count', { hasText: /^\d+ of \d+$/ });
    await count.waitFor();
    assert.match((await count.textContent()) ?? '', /^1 of [1-9]\d*$/);
    await wb.page.keyboard.press('Escape');
    await frame.locator('.findbar[hidden]').waitFor({ state: 'attached' });
  });

  it('highlights a phrase with a note, and writes it to the paper’s Markdown note', async () => {
    const wb = workbench!;
    const frame = await readerFrame(wb, PDF);
    await dragSelect(wb, frame, 1, /^Theoretical description of anisotropic/, 0.55);
    await frame.locator('.selection-popup:not([hidden])').waitFor();
    await wb.screenshot('pdf-highlights-selection');
    await frame.locator('.selection-popup vscode-toolbar-button[label="Add Note…"]').click();
    // The note is written in the reader's own editor beside the highlight; Ctrl+Enter saves it.
    await frame.locator('.note-editor:not([hidden])').waitFor();
    await frame.locator('.note-editor textarea').fill(NOTE);
    await frame.locator('.note-editor textarea').focus();
    await wb.page.keyboard.press('Control+Enter');
    await frame.locator('.note-editor[hidden]').waitFor({ state: 'attached' });

    const mark = frame.locator('.page[data-page="1"] .marks-highlights .hl.hl-yellow');
    await mark.first().waitFor({ timeout: 30_000 });
    quote = ((await frame.locator('.highlight-list .highlight-item .quote').first().textContent()) ?? '').trim();
    assert.match(quote, /^Theoretical description of/);

    const file = await noteFileWhere(workspace!.path, (text) => text.includes(NOTE));
    notePath = file.path;
    const text = file.text;
    assert.match(notePath, /papers\/1111\.2011-quantum-criticality-for-extended-nodes[\w-]*\.md$/, 'named from the arXiv id and the title arXiv gave');
    assert.match(text, /^id: "?1111\.2011"?$/m);
    assert.match(text, new RegExp(`^title: "?${TITLE}`, 'm'));
    assert.match(text, /^pdf: pdfs\/arxiv_1111\.2011v2\.pdf$/m, 'the workspace PDF is named in the front matter');
    const anchor =
      /<!-- marginalia:note id=([a-z0-9]{8}) kind=pdf page=1 rects=([-\d.,;]+) colour=yellow (?:prefix="[^"]*" )?(?:suffix="[^"]*" )?created=\S+ -->/.exec(
        text,
      );
    assert.ok(anchor, `the anchor is in the file:\n${text}`);
    for (const rect of anchor[2]!.split(';')) {
      const numbers = rect.split(',').map(Number);
      assert.equal(numbers.length, 4);
      assert.ok(
        numbers.every((n) => n >= 0 && n <= 1),
        `rects are fractions of the page: ${rect}`,
      );
    }
    assert.ok(text.includes(`> ${quote}`), 'the quote is a blockquote');
    assert.ok(text.includes(`[Open p. 1 in the PDF](command:marginalia.openPdfHighlight?%5B%22${anchor[1]}%22%5D)`), 'the section links back to the PDF');
    assert.ok(text.trimEnd().endsWith(NOTE), 'the note is the section’s text');
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('pdf-highlights-added');
  });

  it('follows an edit of the note file on disk within a second or two', async () => {
    const wb = workbench!;
    const frame = await readerFrame(wb, PDF);
    const before = await readFile(notePath, 'utf8');
    const started = Date.now();
    await writeFile(notePath, before.replace(NOTE, `${NOTE} Edited on disk.`));
    await frame.locator('.highlight-list .highlight-item .note', { hasText: 'Edited on disk.' }).waitFor({ state: 'attached', timeout: 10_000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`      the reader showed the edit ${seconds.toFixed(2)} s after the file changed`);
    assert.ok(seconds < 5, `the reader took ${seconds} s to follow the file`);
  });

  it('shows the highlight again after a window reload, where it was', async function () {
    this.timeout(2 * e2eTimeoutMs);
    const wb = workbench!;
    await reloadWindow(wb.page);
    const frame = await readerFrame(wb, PDF, 240_000);
    await frame.locator('.page[data-page="1"] .marks-highlights .hl.hl-yellow').first().waitFor({ timeout: 60_000 });
    await frame.waitForFunction(() => document.body.dataset.placed !== undefined, undefined, { timeout: 30_000 });
    const data = await readerData(frame);
    assert.equal(data.highlights, '1');
    assert.equal(data.placed, 'here', 'the quote is still under the highlight');
    if (!(await frame.locator('.sidebar:not([hidden])').count())) await frame.locator('vscode-toolbar-button[label^="Toggle Sidebar"]').click();
    await frame.locator('vscode-tab-header', { hasText: 'Highlights' }).click();
    await frame.locator('.highlight-list .highlight-item .note', { hasText: 'Edited on disk.' }).waitFor();
    assert.equal((await frame.locator('.highlight-list .highlight-item .quote').first().textContent())?.trim(), quote);
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('pdf-highlights-after-reload');
  });

  it('changes the highlight’s colour from the reader, in the file too', async () => {
    const wb = workbench!;
    const frame = await readerFrame(wb, PDF);
    const box = await highlightBox(frame, 1);
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const actions = wb.page.locator('.quick-input-widget', { hasText: 'Highlight on page 1' });
    await actions.locator('.monaco-list-row', { hasText: 'Change Colour' }).click();
    await wb.page
      .locator('.quick-input-widget', { hasText: 'Highlight colour' })
      .locator('.monaco-list-row', { hasText: /^green/ })
      .click();
    await frame.locator('.page[data-page="1"] .marks-highlights .hl.hl-green').first().waitFor();
    const file = await noteFileWhere(workspace!.path, (text) => / colour=green /.test(text));
    assert.ok(!/ colour=yellow /.test(file.text));
  });

  it('lists the highlight in the paper view; clicking it opens the PDF at its page', async () => {
    const wb = workbench!;
    let frame = await readerFrame(wb, PDF);
    await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { goToPage(n: number): void } }).marginaliaPdfReader?.goToPage(6));
    await frame.waitForFunction(() => document.body.dataset.page === '6');
    await runPaletteCommand(wb.page, 'Marginalia: Search Papers');
    // The pick itself, not the palette it replaces: typed into the closing palette, the query would be lost.
    const pick = quickPick(wb.page, 'Marginalia: Search Papers');
    await pick.input.waitFor({ state: 'visible' });
    await pick.input.fill('Quantum Criticality');
    await pick.rows.filter({ hasText: 'Quantum Criticality' }).first().click();
    const paper = await wb.webviewFrame('.notes-list.highlights .note-card');
    const card = paper.locator('.notes-list.highlights .note-card').first();
    assert.match((await card.locator('.note-quote').textContent()) ?? '', /^Theoretical description of/);
    assert.match((await card.locator('.note-body').textContent()) ?? '', /Anisotropy is the hard part/);
    assert.equal(await card.locator('.swatch.hl-green').count(), 1, 'the colour swatch');
    assert.equal((await card.locator('.pdf-page').textContent())?.trim(), 'p. 1');
    await wb.screenshot('pdf-highlights-paper-view');

    await card.locator('.pdf-link').click();
    frame = await readerFrame(wb, PDF);
    const id = /<!-- marginalia:note id=([a-z0-9]{8}) kind=pdf/.exec(await readFile(notePath, 'utf8'))![1]!;
    await frame.waitForFunction((want) => document.body.dataset.revealed === want, id, { timeout: 30_000 });
    await landedOnPage(frame, '1');
    // The reader scrolls smoothly: the highlight is in view once the scroll settles.
    const inView = await frame
      .waitForFunction(
        (want) => {
          const mark = document.querySelector(`.page[data-page="1"] .marks-highlights .hl[data-id="${want}"]`)?.getBoundingClientRect();
          const view = document.querySelector('.viewer')?.getBoundingClientRect();
          return !!mark && !!view && mark.top >= view.top && mark.bottom <= view.bottom;
        },
        id,
        { timeout: 10_000 },
      )
      .then(
        () => true,
        () => false,
      );
    assert.ok(inView, 'the highlight is in view');
    await wb.screenshot('pdf-highlights-landed');
  });

  it('turns the highlight’s link in the note’s Markdown preview into a link the URI handler opens at the highlight', async () => {
    const wb = workbench!;
    let frame = await readerFrame(wb, PDF);
    await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { goToPage(n: number): void } }).marginaliaPdfReader?.goToPage(6));
    await frame.waitForFunction(() => document.body.dataset.page === '6');
    const name = notePath.slice(notePath.lastIndexOf('/') + 1);
    await quickOpenFile(wb.page, name);
    await wb.page.locator('.monaco-editor .view-line', { hasText: 'marginalia:note id=' }).first().waitFor();
    await wb.page.keyboard.press('Control+Shift+V');
    const preview = await wb.webviewFrame('a[href*="marginalia.marginalia/pdf"]');
    const href = (await preview.locator('a[href*="marginalia.marginalia/pdf"]').first().getAttribute('href')) ?? '';
    const id = /<!-- marginalia:note id=([a-z0-9]{8}) kind=pdf/.exec(await readFile(notePath, 'utf8'))![1]!;
    const url = new URL(href);
    assert.equal(`${url.host}${url.pathname}`, 'marginalia.marginalia/pdf');
    assert.equal(url.searchParams.get('note'), id);
    // What a click on it does in desktop VS Code (VS Code for the Web lets no webview open the product's URIs).
    await openProductUri(wb, href);
    frame = await readerFrame(wb, PDF);
    await frame.waitForFunction((want) => document.body.dataset.revealed === want, id, { timeout: 30_000 });
    await landedOnPage(frame, '1');
  });

  it('exports the highlights as an annotated list in a new Markdown document', async () => {
    const wb = workbench!;
    await readerFrame(wb, PDF);
    await wb.page.locator('.tabs-container .tab', { hasText: PDF }).click();
    await runPaletteCommand(wb.page, 'Marginalia: Export Highlights');
    const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').last();
    await editor.locator('.view-line', { hasText: '## Page 1' }).waitFor({ timeout: 30_000 });
    // Lines wrap in the editor: join them (a wrapped line breaks after its space, or inside a long word).
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
    assert.match(text, new RegExp(`# Highlights: ${TITLE}`));
    assert.match(text, /arXiv:1111\.2011 · 1 highlight, 1 with notes/);
    assert.match(text, /- \*\*Green\*\* · “Theoretical description of/);
    assert.match(text, /Anisotropy is the hard part/);
    await wb.screenshot('pdf-highlights-export');
  });

  it('finds highlights again by their quotes in another version of the PDF, and flags the ones it cannot find', async () => {
    const wb = workbench!;
    await quickInput(wb.page, 'Control+P', ATTENTION, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    await frame
      .waitForFunction(() => document.body.dataset.placed?.split(' ').length === 2, undefined, { timeout: 60_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}; the reader has ${JSON.stringify(await readerData(frame))}`);
      });
    assert.deepEqual((await readerData(frame)).placed!.split(' ').sort(), ['moved', 'orphaned']);
    await frame.locator('.page[data-page="1"] .marks-highlights .hl.hl-blue.moved').first().waitFor({ state: 'attached' });
    if (!(await frame.locator('.sidebar:not([hidden])').count())) await frame.locator('vscode-toolbar-button[label^="Toggle Sidebar"]').click();
    await frame.locator('vscode-tab-header', { hasText: 'Highlights' }).click();
    const moved = frame.locator('.highlight-item.moved');
    assert.match((await moved.locator('.flag').textContent()) ?? '', /Found again elsewhere/);
    assert.equal((await moved.locator('.page-ref').textContent())?.trim(), 'p. 1', 'listed on the page it is on now');
    assert.match((await frame.locator('.highlight-item.orphaned .flag').textContent()) ?? '', /Not found in this version/);
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('pdf-highlights-refound');
    // Nothing was written: the file is as it was.
    assert.equal(await readFile(join(workspace!.path, 'papers', '1706.03762-attention-is-all-you-need.md'), 'utf8'), ATTENTION_NOTE);
  });

  it('keeps the highlights of a PDF that is no paper in a note of its own', async () => {
    const wb = workbench!;
    await quickInput(wb.page, 'Control+P', 'docs/report.pdf', 'report.pdf');
    const frame = await readerFrame(wb, 'report.pdf');
    await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { goToPage(n: number): void } }).marginaliaPdfReader?.goToPage(1));
    await readerIdle(frame);
    await dragSelect(wb, frame, 1, /^The dominant sequence/, 0.6);
    await frame.locator('.selection-popup:not([hidden])').waitFor();
    await frame.locator('.selection-popup .swatch-button.hl-purple').click();
    await frame.locator('.page[data-page="1"] .marks-highlights .hl.hl-purple').first().waitFor({ timeout: 30_000 });
    const file = await noteFileWhere(workspace!.path, (text) => text.includes('pdf:docs/report.pdf'));
    assert.match(file.path, /papers\/pdf-docs-report\.md$/);
    assert.match(file.text, /^id: "?pdf:docs\/report\.pdf"?$/m);
    assert.match(file.text, /^pdf: docs\/report\.pdf$/m);
    assert.doesNotMatch(file.text, /^status:/m, 'a PDF of its own has no reading status');
    assert.match(file.text, /kind=pdf page=1 rects=[\d.,;]+ colour=purple /);
    assert.match(file.text, /^> The dominant sequence/m);
  });

  // After the highlight tests: the paper's note (notePath) has a highlight on the PDF read, said to be v1 here.
  it('shows a newer arXiv version in the hover and the paper view, and moves the citation, note and highlights to it', async () => {
    const wb = workbench!;
    const root = workspace!.path;
    await writeFile(join(root, 'lattice.py'), '# Hopping between nodes, after arXiv:1111.2011v1 (eq. 4).\ndef hop(n):\n    return n\n');
    await writeFile(notePath, (await readFile(notePath, 'utf8')).replace(/^(id: .*)$/m, '$1\nversion: 1'));
    // Written a moment ago: Quick Open may need a second look to list it.
    await openFile(wb.page, 'lattice.py', 'Hopping between nodes');
    const hover = wb.page.locator('.monaco-hover:visible', { hasText: 'v2 is out' });
    await hoverUntil(wb.page, 'arXiv:1111.2011v1', hover);
    assert.match(
      (await hover.textContent()) ?? '',
      /v2 is out \(2012-04-02\); you cite v1 · Comment on v2: 8 pages, 3 figures\. Published version · Move to v2/,
    );
    await wb.screenshot('versions-hover');
    await wb.page.mouse.move(10, 10);

    await runPaletteCommand(wb.page, 'Marginalia: Search Papers');
    const pick = quickPick(wb.page, 'Marginalia: Search Papers');
    await pick.input.waitFor({ state: 'visible' });
    await pick.input.fill('Quantum Criticality');
    await pick.rows.filter({ hasText: 'Quantum Criticality' }).first().click();
    const paper = await wb.webviewFrame('.newer-version');
    const badge = paper.locator('.newer-version');
    assert.equal((await badge.locator('vscode-badge').textContent())?.trim(), 'v1 → v2');
    assert.equal(await badge.locator('.newer-version-line').textContent(), 'v2 is out (2012-04-02); you read v1');
    assert.equal(
      await badge.locator('.newer-version-changed').textContent(),
      'v1 2011-11-08 · v2 2012-04-02 · Comment on v2: 8 pages, 3 figures. Published version',
    );
    await wb.screenshot('versions-paper-view-badge');

    // Moves lattice.py's citation and the note, and opens v2's PDF (from "arXiv"), where the highlight is found again.
    await badge.locator('vscode-button', { hasText: 'Move to v2' }).click();
    const reader = await readerFrame(wb, '1111.2011v2.pdf');
    await reader.waitForFunction(() => (document.body.dataset.placed ?? '') !== '', undefined, { timeout: 60_000 });
    assert.deepEqual((await readerData(reader)).placed!.split(' '), ['here'], 'the highlight is where its quote is in v2');
    const note = await noteFileWhere(root, (text) => /^version: 2$/m.test(text));
    assert.equal(note.path, notePath);
    await wb.screenshot('versions-moved');
    await openFile(wb.page, 'lattice.py', 'after arXiv:1111.2011v2 (eq. 4)');
  });
});
