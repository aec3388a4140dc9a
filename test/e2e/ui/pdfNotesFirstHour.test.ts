/**
 * The first hour, PDF highlights: the note of a highlight is written in a multi-line editor beside it in the reader
 * (not a one-line input at the top of the window), highlighting leaves the paper's reading status alone, and the
 * thumbnail of the page in view is marked; offline, a paper's note is titled as its PDF says. arXiv is the fixture server. Screenshots: .test-artifacts/first-hour-pdf-*.png.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from '../../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../../scripts/harness/workbench';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { assertE2eReady, e2eTimeoutMs, repoRoot } from '../support/env';
import { dragSelect, goToPage, highlightBox, quickInput, readerFrame } from '../support/pdfReaderUi';
import { stopStarted } from '../support/session';
import { waitUntil } from '../support/vscodeUi';
import { createTestWorkspace, type TestWorkspace } from '../support/workspace';

const PDF = 'arxiv_1111.2011v2.pdf';
const ATTENTION = 'arxiv_1706.03762v5_attention.pdf';

describe('The first hour: PDF highlights and thumbnails (code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let fixtures: FixtureServer | undefined;
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let notePath = '';

  const noteText = (): string | undefined => {
    const folder = join(workspace!.path, 'papers');
    const names = (() => {
      try {
        return readdirSync(folder).filter((n) => n.endsWith('.md'));
      } catch {
        return [];
      }
    })();
    for (const name of names) {
      const text = readFileSync(join(folder, name), 'utf8');
      if (text.includes('kind=pdf')) {
        notePath = join(folder, name);
        return text;
      }
    }
    return undefined;
  };

  before(async () => {
    assertE2eReady();
    fixtures = await startFixtureServer();
    workspace = await createTestWorkspace();
    await cp(join(fixturesDir, 'pdf', PDF), join(workspace.path, 'pdfs', PDF));
    await cp(join(fixturesDir, 'pdf', ATTENTION), join(workspace.path, 'pdfs', ATTENTION));
    server = await startCodeServer({
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'marginalia.pdf.arxivBase': `${fixtures.url}/pdf`,
        'marginalia.feeds.arxivApi': `${fixtures.url}/arxiv/api/query`,
        'marginalia.feeds.huggingFaceApi': `${fixtures.url}/hf/api`,
      },
    });
    workbench = await openWorkbench(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, workbench, 'first-hour-pdf-failed');
  });

  after(() => stopStarted({ workbench, server, workspace, fixtures }));

  it('PDF highlights: Add Note opens a multi-line editor beside the highlight, and Ctrl+Enter saves the note', async () => {
    const wb = workbench!;
    await quickInput(wb.page, 'Control+P', PDF, PDF);
    const frame = await readerFrame(wb, PDF);
    await dragSelect(wb, frame, 1, /^Theoretical description of anisotropic/, 0.55);
    await frame.locator('.selection-popup:not([hidden])').waitFor();
    await frame.locator('.selection-popup vscode-toolbar-button[label="Add Note…"]').click();
    const editor = frame.locator('.note-editor:not([hidden])');
    await editor.waitFor();
    assert.equal(
      await wb.page.locator('.quick-input-widget', { hasText: 'Note on the highlight' }).isVisible(),
      false,
      'no one-line input at the top of the window',
    );
    // Beside the passage: the card's top is within a few lines of the selected line.
    const line = await frame
      .locator('.page[data-page="1"] .textLayer span', { hasText: /^Theoretical description of anisotropic/ })
      .first()
      .boundingBox();
    const card = await editor.boundingBox();
    assert.ok(line && card && Math.abs(card.y - (line.y + line.height)) < 120, `the editor is beside the passage (${JSON.stringify({ line, card })})`);
    await frame.locator('.note-editor textarea').focus();
    await wb.page.keyboard.type('Anisotropy is the hard part.', { delay: 10 });
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('Compare with coupled spin chains.', { delay: 10 });
    await wb.screenshot('first-hour-pdf-note-editor');
    await wb.page.keyboard.press('Control+Enter');
    await frame.locator('.note-editor[hidden]').waitFor({ state: 'attached' });
    const text = await waitUntil(
      'the note in the note file',
      () => {
        const t = noteText();
        return t?.includes('Compare with coupled spin chains.') ? t : undefined;
      },
      30_000,
    );
    assert.match(text, /Anisotropy is the hard part\.\nCompare with coupled spin chains\./, 'both lines, as typed');
    await frame.locator('.page[data-page="1"] .marks-highlights .hl').first().waitFor();
  });

  it('PDF highlights: a highlight does not put the paper on the reading list', () => {
    const text = readFileSync(notePath, 'utf8');
    assert.match(text, /^id: "?1111\.2011"?$/m);
    assert.doesNotMatch(text, /^status:/m, 'no reading status was set by highlighting');
  });

  it('PDF highlights: Edit Note opens the editor beside the highlight with its note; Escape leaves it as it was', async () => {
    const wb = workbench!;
    const frame = await readerFrame(wb, PDF);
    const before = readFileSync(notePath, 'utf8');
    await goToPage(frame, 1);
    const mark = frame.locator('.page[data-page="1"] .marks-highlights .hl').first();
    await mark.waitFor();
    // Drawing the same highlights again (as when the note file changes elsewhere) keeps their elements. Looked at in
    // the page before it handles anything else, so a message from the host cannot come in between.
    const kept = await mark.evaluate((el) => {
      const shown = (globalThis as { marginaliaPdfReader?: { showHighlights(): Promise<void> } }).marginaliaPdfReader!.showHighlights();
      void shown;
      return el.isConnected;
    });
    assert.equal(kept, true, 'the highlight element was kept');
    const box = await highlightBox(frame, 1);
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.locator('.quick-input-widget', { hasText: 'Highlight on page 1' }).locator('.monaco-list-row', { hasText: 'Edit Note' }).click();
    const editor = frame.locator('.note-editor:not([hidden])');
    await editor.waitFor();
    assert.equal(await frame.locator('.note-editor textarea').inputValue(), 'Anisotropy is the hard part.\nCompare with coupled spin chains.');
    await wb.page.keyboard.type(' Not kept.');
    await wb.screenshot('first-hour-pdf-edit-note');
    await wb.page.keyboard.press('Escape');
    await frame.locator('.note-editor[hidden]').waitFor({ state: 'attached' });
    assert.equal(readFileSync(notePath, 'utf8'), before, 'Escape wrote nothing');
  });

  it('Thumbnails: the thumbnail of the page in view is marked, and the mark follows the reader', async () => {
    const wb = workbench!;
    const frame = await readerFrame(wb, PDF);
    if (!(await frame.locator('.sidebar:not([hidden])').count())) await frame.locator('vscode-toolbar-button[label^="Toggle Sidebar"]').click();
    await frame.locator('vscode-tab-header', { hasText: 'Pages' }).click();
    await goToPage(frame, 3);
    const current = frame.locator('.thumb[aria-current="page"]');
    await frame.locator('.thumb[aria-current="page"][data-page="3"]').waitFor();
    assert.equal(await current.count(), 1, 'one page is current');
    const outline = await frame
      .locator('.thumb[data-page="3"] .thumb-box')
      .evaluate((box) => getComputedStyle(box).outlineStyle + ' ' + getComputedStyle(box).outlineWidth);
    assert.equal(outline, 'solid 2px', 'the current page is outlined');
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('first-hour-pdf-thumbnails');
    await goToPage(frame, 5);
    await frame.locator('.thumb[aria-current="page"][data-page="5"]').waitFor();
    assert.equal(await current.count(), 1);
  });

  it('PDF highlights: offline, the note of an arXiv PDF is titled as the PDF says, not by its id', async () => {
    const wb = workbench!;
    await fixtures!.close();
    fixtures = undefined;
    await quickInput(wb.page, 'Control+P', ATTENTION, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    await dragSelect(wb, frame, 1, /^The dominant sequence/, 0.6);
    await frame.locator('.selection-popup:not([hidden])').waitFor();
    await frame.locator('.selection-popup .swatch-button.hl-purple').click();
    const text = await waitUntil(
      'the note of the attention paper',
      () => {
        const folder = join(workspace!.path, 'papers');
        const name = readdirSync(folder).find((n) => n.startsWith('1706.03762'));
        return name ? readFileSync(join(folder, name), 'utf8') : undefined;
      },
      60_000,
    );
    assert.match(text, /^title: "?Attention Is All You Need"?$/m, text);
    assert.doesNotMatch(text, /^title: "?arXiv:1706\.03762/m);
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('first-hour-pdf-offline-title');
  });
});
