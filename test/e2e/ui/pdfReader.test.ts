/**
 * The PDF reader in the real VS Code (code-server + Chromium): fixture PDFs from the test workspace open in the
 * custom editor, page 1 is painted, find counts matches, zoom works, a reload lands on the same page, the corrupt
 * file and the encrypted one say what they are, a paper downloads from the (local) arXiv, text can be highlighted.
 * Screenshots in light and dark themes go to .test-artifacts/.
 */
import { strict as assert } from 'node:assert';
import { cp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../../scripts/harness/workbench';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { makeBombPdf } from '../../support/makePdf';
import { pictureFileName } from '../../../src/core/pdf/lastPicture';
import { screenshotIfFailed } from '../support/artifacts';
import { assertE2eReady, e2eTimeoutMs, repoRoot } from '../support/env';
import {
  goToPage,
  openPdf,
  pagePixels,
  quickOpenFile,
  readerData,
  readerFrame,
  readerIdle,
  reloadWindow,
  runPaletteCommand,
  typePage,
} from '../support/pdfReaderUi';
import { stopStarted } from '../support/session';
import { createTestWorkspace, type TestWorkspace } from '../support/workspace';
import { applyUserSettings } from '../support/userSettings';
import { applyWorkspaceSettings } from '../support/workspaceSettings';

const ATTENTION = 'arxiv_1706.03762v5_attention.pdf';

async function closeAllEditors(page: Page): Promise<void> {
  await runPaletteCommand(page, 'View: Close All Editors');
}

describe('PDF reader in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let fixtures: FixtureServer | undefined;
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;

  before(async () => {
    assertE2eReady();
    fixtures = await startFixtureServer();
    workspace = await createTestWorkspace();
    await cp(join(fixturesDir, 'pdf'), join(workspace.path, 'pdfs'), { recursive: true });
    server = await startCodeServer({
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' },
        // arXiv is the fixture server: `<base>/1111.2011v2` serves test/fixtures/pdf/arxiv_1111.2011v2.pdf.
        'marginalia.pdf.arxivBase': `${fixtures.url}/pdf`,
      },
    });
    workbench = await openWorkbench(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, workbench, 'pdf-reader-failed');
  });

  after(() => stopStarted({ workbench, server, workspace, fixtures }));

  /** The files of the reader's pictures of PDFs (in the extension's global storage). */
  async function picturesInStorage(): Promise<string[]> {
    const kept = join(server!.userDataDir, 'User', 'globalStorage', 'marginalia.marginalia', 'pdf-pictures');
    return readdir(kept).catch((): string[] => []);
  }

  /** Whether the reader keeps a picture of a workspace PDF. */
  async function pictureKept(name: string): Promise<boolean> {
    return (await picturesInStorage()).includes(pictureFileName(pathToFileURL(join(workspace!.path, 'pdfs', name)).href));
  }

  it('opens a fixture PDF in the reader and paints page 1', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    const data = await readerData(frame);
    assert.equal(data.state, 'ready');
    assert.equal(data.pages, '15');
    assert.equal(data.page, '1');
    assert.equal(data.source, 'host', "pdf.js's worker runs in the extension host's thread");
    const { ink } = await pagePixels(frame);
    assert.ok(ink > 0.005 && ink < 0.5, `page 1 has ${(ink * 100).toFixed(2)}% ink`);
    // Lazy: a window shows one or two pages; only those and their neighbours have canvases.
    const canvases = await frame.locator('canvas.page-canvas').count();
    assert.ok(canvases >= 1 && canvases <= 4, `${canvases} canvases for one page in view`);
    assert.ok((await frame.locator('.page[data-page="1"] .textLayer span').count()) > 50, 'page 1 has a text layer');
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-light');
  });

  it('finds a word and shows the match count', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    await frame.locator('.viewer').click({ position: { x: 30, y: 200 } });
    await wb.page.keyboard.press('Control+f');
    await frame.locator('.findbar:not([hidden])').waitFor();
    await wb.page.keyboard.type('attention', { delay: 30 });
    const count = frame.locator('.find-count', { hasText: /^\d+ of \d+$/ });
    await count.waitFor();
    const [current, total] = ((await count.textContent()) ?? '').split(' of ').map(Number);
    assert.equal(current, 1);
    assert.ok(total! > 80, `${total} matches of "attention"`);
    assert.ok((await frame.locator('.marks-find .find-match').count()) > 0, 'matches are highlighted on the page');
    await wb.page.keyboard.press('Enter');
    await frame.locator('.find-count', { hasText: new RegExp(`^2 of ${total}$`) }).waitFor();
    await wb.page.keyboard.press('Shift+F3');
    await frame.locator('.find-count', { hasText: new RegExp(`^1 of ${total}$`) }).waitFor();
    await wb.screenshot('pdf-reader-find');
    await wb.page.keyboard.press('Escape');
    await frame.locator('.findbar[hidden]').waitFor({ state: 'attached' });
  });

  it('zooms in and out from the toolbar and the keyboard', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    const before = Number((await readerData(frame)).zoom);
    await frame.locator('vscode-toolbar-button[label^="Zoom In"]').click();
    await frame.waitForFunction((z) => Number(document.body.dataset.zoom) > z, before);
    const zoomed = Number((await readerData(frame)).zoom);
    await frame.locator('.viewer').click({ position: { x: 30, y: 200 } });
    await wb.page.keyboard.press('-');
    await frame.waitForFunction((z) => Number(document.body.dataset.zoom) < z, zoomed);
    await readerIdle(frame);
    const { ink } = await pagePixels(frame);
    assert.ok(ink > 0.005, 'the page is painted again at the new zoom');
    const zoomSelect = await frame.evaluate(() => (document.querySelector('.zoom-select') as HTMLElement & { value: string }).value);
    assert.match(zoomSelect, /^\d+%$/, 'the zoom box shows the percentage');
  });

  it('remembers the page and zoom across a window reload', async function () {
    this.timeout(2 * e2eTimeoutMs);
    const wb = workbench!;
    await quickOpenFile(wb.page, ATTENTION);
    let frame = await readerFrame(wb, ATTENTION);
    await typePage(frame, 5);
    const zoom = (await readerData(frame)).zoom;
    // The position is saved once scrolling settles (400 ms).
    await wb.page.waitForTimeout(1200);
    await reloadWindow(wb.page);
    frame = await readerFrame(wb, ATTENTION, 240_000);
    const after = await readerData(frame);
    assert.equal(after.page, '5');
    assert.equal(after.zoom, zoom);
    await closeAllEditors(wb.page);
  });

  it("runs pdf.js's worker in the reader's page when the setting says so", async () => {
    const wb = workbench!;
    await applyWorkspaceSettings(wb.page, workspace!.path, { 'marginalia.pdf.worker': 'webview' });
    try {
      await quickOpenFile(wb.page, 'arxiv_1111.2011v2.pdf');
      const frame = await readerFrame(wb, 'arxiv_1111.2011v2.pdf');
      const data = await readerData(frame);
      assert.equal(data.state, 'ready');
      assert.equal(data.pages, '8');
      // A file under 1 MB is posted whole to the page, whose own worker parses it.
      assert.equal(data.source, 'bytes');
      assert.ok((await pagePixels(frame)).ink > 0.005, 'page 1 is painted');
      assert.ok((await frame.locator('.page[data-page="1"] .textLayer span').count()) > 20, 'page 1 has a text layer');
    } finally {
      await closeAllEditors(wb.page);
      await applyWorkspaceSettings(wb.page, workspace!.path, {});
    }
  });

  it('shows a clear message for a corrupt PDF', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, 'docling_corrupted_not_a_pdf.pdf');
    const frame = await readerFrame(wb, 'docling_corrupted_not_a_pdf.pdf');
    const data = await readerData(frame);
    assert.equal(data.state, 'error');
    assert.equal(data.error, 'invalid');
    assert.equal(await frame.locator('.message h2').textContent(), 'This file is not a PDF, or it is damaged');
    assert.ok(await frame.locator('.message').isVisible());
    await wb.screenshot('pdf-reader-corrupt');
    await closeAllEditors(wb.page);
  });

  it('says a PDF that would take too much memory is too large, and the other reader goes on', async function () {
    this.timeout(2 * e2eTimeoutMs);
    const wb = workbench!;
    // About 2 MB on disk, one content stream of 2 GB of zeros: past the 1.5 GB the host lets pdf.js's thread use.
    await writeFile(join(workspace!.path, 'pdfs', 'bomb.pdf'), await makeBombPdf(2048));
    await quickOpenFile(wb.page, ATTENTION);
    const other = await readerFrame(wb, ATTENTION);
    assert.equal((await readerData(other)).state, 'ready');
    await quickOpenFile(wb.page, 'bomb.pdf');
    const bomb = await wb.webviewFrame('body[data-name="bomb.pdf"]');
    await bomb.waitForFunction(() => document.body.dataset.error === 'too-large', undefined, { timeout: 180_000 });
    assert.equal(await bomb.locator('.message h2').textContent(), 'This PDF is too large to open');
    await wb.screenshot('pdf-reader-too-large');
    // The extension host lives on: the other reader opens its PDF again on a new thread and paints it.
    await quickOpenFile(wb.page, ATTENTION);
    const again = await readerFrame(wb, ATTENTION);
    await again.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.source === 'host', undefined, { timeout: 60_000 });
    await readerIdle(again);
    // The page it shows (an earlier test left it at page 5), painted.
    const shown = Number((await readerData(again)).page);
    assert.ok((await pagePixels(again, shown)).ink > 0.005, `the other reader paints its page ${shown}`);
    await closeAllEditors(wb.page);
  });

  it('asks for the password of an encrypted PDF, again after a wrong one', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, 'generated_encrypted_aes256.pdf');
    const password = wb.page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor({ state: 'visible', timeout: 60_000 });
    await password.fill('wrong');
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget', { hasText: 'That password is not right' }).waitFor({ timeout: 30_000 });
    await password.fill('marginalia');
    await wb.page.keyboard.press('Enter');
    const frame = await readerFrame(wb, 'generated_encrypted_aes256.pdf');
    assert.equal((await readerData(frame)).pages, '1');
    assert.ok((await pagePixels(frame)).ink > 0.001, 'the decrypted page is painted');
    // No picture of its pages is kept (a picture is taken 1.5 s after the reader settles, when there is one to take).
    await wb.page.waitForTimeout(4_000);
    assert.equal((await readerData(frame)).picturesTaken, undefined);
    assert.ok(!(await pictureKept('generated_encrypted_aes256.pdf')), 'no picture of a PDF that needed a password');
    await closeAllEditors(wb.page);
  });

  it("downloads a paper's PDF from arXiv (the fixture server) into the cache and opens it", async () => {
    const wb = workbench!;
    await runPaletteCommand(wb.page, 'Marginalia: Open Paper PDF');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('arXiv:1111.2011v2');
    await wb.page.keyboard.press('Enter');
    const frame = await readerFrame(wb, '1111.2011v2.pdf');
    assert.equal((await readerData(frame)).pages, '8');
    assert.ok(
      fixtures!.requests.some((r) => r.path === '/pdf/1111.2011v2'),
      'the PDF came from the fixture server',
    );
    await closeAllEditors(wb.page);
  });

  it('highlights selected text in a colour', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { goToPage(n: number): void } }).marginaliaPdfReader?.goToPage(1));
    await readerIdle(frame);
    // Drag across the first words of the abstract.
    const spans = frame.locator('.page[data-page="1"] .textLayer span', { hasText: /^The dominant sequence/ });
    const box = await spans.first().boundingBox();
    assert.ok(box, 'the abstract is in the text layer');
    await wb.page.mouse.move(box.x + 2, box.y + box.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await wb.page.mouse.up();
    await frame.locator('.selection-popup:not([hidden])').waitFor();
    await wb.screenshot('pdf-reader-selection');
    await frame.locator('.selection-popup .swatch-button.hl-green').click();
    await frame.locator('.marks-highlights .hl.hl-green').first().waitFor();
    const quote = await frame.locator('.highlight-list .highlight-item .quote').first().textContent();
    assert.match(quote ?? '', /^The dominant sequence/);
  });

  it('shows the last picture of a PDF at once when it opens there again, until its pages are painted', async () => {
    const wb = workbench!;
    const name = 'arxiv_1111.2011v2.pdf';
    await closeAllEditors(wb.page);
    await quickOpenFile(wb.page, name);
    let frame = await readerFrame(wb, name);
    await typePage(frame, 2);
    // Taken once the reader has stayed put a moment with the pages in view painted; kept in global storage.
    await frame.waitForFunction(() => Number(document.body.dataset.picturesTaken) >= 1, undefined, { timeout: 30_000 });
    for (let i = 0; i < 50 && !(await pictureKept(name)); i++) await wb.page.waitForTimeout(200);
    assert.ok(await pictureKept(name), 'the picture is kept in the extension’s storage');

    await closeAllEditors(wb.page);
    await quickOpenFile(wb.page, name);
    frame = await readerFrame(wb, name);
    const again = await readerData(frame);
    assert.equal(again.page, '2');
    assert.ok(again.pictureMs !== undefined, `the last picture was shown ${JSON.stringify(again)}`);
    assert.ok(Number(again.pictureMs) < Number(again.firstPageMs), `picture at ${again.pictureMs} ms, pages painted at ${again.firstPageMs} ms`);
    // It goes once the pages are painted.
    await frame.locator('.last-picture').waitFor({ state: 'detached' });

    // Changed on disk since: the picture may show something else, so none is shown.
    await closeAllEditors(wb.page);
    const later = new Date(Date.now() + 60_000);
    await utimes(join(workspace!.path, 'pdfs', name), later, later);
    await quickOpenFile(wb.page, name);
    frame = await readerFrame(wb, name);
    assert.equal((await readerData(frame)).pictureMs, undefined);
    await closeAllEditors(wb.page);
  });

  it('keeps no picture once turned off in the user’s settings, and deletes those it kept', async () => {
    const wb = workbench!;
    await closeAllEditors(wb.page);
    let frame = await openPdf(wb, ATTENTION);
    await typePage(frame, 2);
    for (let i = 0; i < 100 && !(await pictureKept(ATTENTION)); i++) await wb.page.waitForTimeout(200);
    assert.ok(await pictureKept(ATTENTION), 'a picture is kept while the setting is on');

    const userSettings = join(server!.userDataDir, 'User', 'settings.json');
    const before = await applyUserSettings(wb.page, userSettings, {
      ...(JSON.parse(await readFile(userSettings, 'utf8')) as Record<string, unknown>),
      'marginalia.pdf.keepPictures': false,
    });
    try {
      // Deleted once VS Code has applied the saved settings (the extension acts on their change event).
      for (let i = 0; i < 150 && (await picturesInStorage()).length > 0; i++) await wb.page.waitForTimeout(200);
      assert.deepEqual(await picturesInStorage(), [], 'the pictures kept are deleted');
      frame = await openPdf(wb, ATTENTION);
      assert.equal((await readerData(frame)).pictureMs, undefined, 'none shown');
      await typePage(frame, 3);
      // Twice the time the reader waits before it takes a picture.
      await wb.page.waitForTimeout(3_000);
      assert.equal((await readerData(frame)).picturesTaken, undefined, 'none taken');
      assert.deepEqual(await picturesInStorage(), [], 'none kept');
    } finally {
      await applyUserSettings(wb.page, userSettings, before);
    }
  });

  it('follows the theme: dark pages with figures left as they are', async () => {
    const wb = workbench!;
    await quickOpenFile(wb.page, ATTENTION);
    const frame = await readerFrame(wb, ATTENTION);
    // Page 1 (text only), wherever an earlier test left the reader.
    await goToPage(frame, 1);
    const light = await pagePixels(frame);
    // From Light Modern to the preferred dark theme, Dark Modern.
    await runPaletteCommand(wb.page, 'Preferences: Toggle between Light/Dark Themes');
    await frame.waitForFunction(() => document.body.dataset.pageColors === 'dark', undefined, { timeout: 60_000 });
    await frame.waitForFunction(() => document.body.classList.contains('vscode-dark'));
    await readerIdle(frame);
    await wb.page.waitForTimeout(300);
    const dark = await pagePixels(frame);
    assert.ok(dark.mean < light.mean - 100, `the page got dark (mean ${light.mean.toFixed(0)} → ${dark.mean.toFixed(0)})`);
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-dark');
    // Page 3 holds the Transformer figure, a raster image: it keeps its light background.
    await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { goToPage(n: number): void } }).marginaliaPdfReader?.goToPage(3));
    await readerIdle(frame);
    await wb.screenshot('pdf-reader-dark-figure');
  });
});
