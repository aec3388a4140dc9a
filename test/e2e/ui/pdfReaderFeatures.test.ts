/**
 * The PDF reader's features in the real VS Code (code-server + Chromium), beyond opening a file: lazy rendering on a
 * long document, find stepping between matches, fit width and fit page, the outline and the page thumbnails, go to
 * page, the keyboard (toolbar Tab order and shortcuts), sepia and high-contrast pages, and the download cache:
 * progress and cancel, a failed download leaving nothing behind, the cached copy opening offline.
 * Screenshots go to .test-artifacts/.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from '../../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../../scripts/harness/workbench';
import { fixturesDir, startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { makeLongPdf } from '../../support/makePdf';
import { pdfOriginFolder } from '../../../src/core/pdf/cacheName';
import { screenshotIfFailed } from '../support/artifacts';
import { assertE2eReady, e2eTimeoutMs, repoRoot } from '../support/env';
import { goToPage, openPdf, pageAndViewerBoxes, pagePixels, readerData, readerFrame, readerIdle, runPaletteCommand } from '../support/pdfReaderUi';
import { stopStarted } from '../support/session';
import { createTestWorkspace, type TestWorkspace } from '../support/workspace';
import { applyWorkspaceSettings } from '../support/workspaceSettings';

const ATTENTION = 'arxiv_1706.03762v5_attention.pdf';
const LONG = 'long-300.pdf';
const LONG_PAGES = 300;

describe('PDF reader features in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let fixtures: FixtureServer | undefined;
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;

  /** Workspace settings on top of the profile's, once VS Code has read them. */
  const workspaceSettings = (settings: Record<string, unknown>) => applyWorkspaceSettings(workbench!.page, workspace!.path, settings);

  /** The notification centre, opened or closed (VS Code closes it by itself when its last notification goes). */
  async function notificationCentre(open: boolean): Promise<void> {
    const page = workbench!.page;
    const centre = page.locator('.notifications-center');
    for (let attempt = 1; (await centre.isVisible()) !== open; attempt++) {
      // A quick input still closing can take the first click.
      await page.locator('[id="status.notifications"]').click();
      await centre.waitFor({ state: open ? 'visible' : 'hidden', timeout: 3_000 }).catch((error: unknown) => {
        if (attempt >= 5) throw error;
      });
    }
  }

  /** The download cache of the extension's global storage: the fixture server's own folder in it (kept by origin). */
  const cacheDir = () => join(server!.userDataDir, 'User', 'globalStorage', 'marginalia.marginalia', 'pdf', pdfOriginFolder(fixtures!.url)!);
  const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

  async function openPaperPdf(id: string): Promise<void> {
    const page = workbench!.page;
    const input = page.locator('.quick-input-widget .quick-input-box input[placeholder="1706.03762"]');
    for (let attempt = 1; ; attempt++) {
      await runPaletteCommand(page, 'Marginalia: Open Paper PDF');
      try {
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(id, { timeout: 5_000 });
        await page.keyboard.press('Enter');
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  before(async () => {
    assertE2eReady();
    fixtures = await startFixtureServer();
    fixtures.pdfLive = 'pdf-trickle';
    workspace = await createTestWorkspace();
    await cp(join(fixturesDir, 'pdf'), join(workspace.path, 'pdfs'), { recursive: true });
    await writeFile(join(workspace.path, 'pdfs', LONG), makeLongPdf(LONG_PAGES));
    server = await startCodeServer({
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' },
        // arXiv is the fixture server, sending PDFs slowly (16 KB every 50 ms): time to see progress and to cancel.
        // The arXiv base is a user setting; a test changes how the server answers (`pdfLive`) rather than the base.
        'marginalia.pdf.arxivBase': `${fixtures.url}/pdf-live`,
      },
    });
    workbench = await openWorkbench(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, workbench, 'pdf-features-failed');
    await workbench?.page.keyboard.press('Escape').catch(() => undefined);
  });

  after(() => stopStarted({ workbench, server, workspace, fixtures }));

  it('renders only the pages near the window of a 300-page PDF, releasing the others', async () => {
    const wb = workbench!;
    const frame = await openPdf(wb, LONG);
    assert.equal((await readerData(frame)).pages, String(LONG_PAGES));
    assert.equal(await frame.locator('.page').count(), LONG_PAGES, 'every page has its placeholder box');
    const sample = () =>
      frame.evaluate(() => {
        const canvases = [...document.querySelectorAll('canvas')];
        return {
          count: canvases.length,
          pixels: canvases.reduce((sum, c) => sum + c.width * c.height, 0),
          textLayers: document.querySelectorAll('.page .textLayer').length,
        };
      });
    const first = await sample();
    let most = first;
    // Down the whole document a window at a time for the first 40 steps, then in long jumps to the end.
    const positions: number[] = [];
    const total = await frame.evaluate(() => (document.querySelector('.viewer') as HTMLElement).scrollHeight);
    const windowHeight = await frame.evaluate(() => (document.querySelector('.viewer') as HTMLElement).clientHeight);
    for (let i = 1; i <= 40; i++) positions.push(i * windowHeight * 0.9);
    for (let y = 40 * windowHeight; y < total; y += total / 25) positions.push(y);
    positions.push(total);
    for (const y of positions) {
      await frame.evaluate((top) => ((document.querySelector('.viewer') as HTMLElement).scrollTop = top), y);
      await readerIdle(frame);
      const now = await sample();
      if (now.count > most.count) most = now;
      assert.ok(now.pixels <= first.pixels * 4, `canvas memory stays flat: ${now.pixels} pixels at ${Math.round(y)} px vs ${first.pixels} at the top`);
    }
    const end = await readerData(frame);
    assert.equal(end.page, String(LONG_PAGES), 'the reader reached the last page');
    const { ink } = await pagePixels(frame, LONG_PAGES);
    assert.ok(ink > 0.002, 'the last page is painted');
    assert.ok(most.count <= 9, `at most 9 page canvases at any time (saw ${most.count})`);
    assert.ok(most.textLayers <= 9, `text layers are released too (saw ${most.textLayers})`);
    assert.equal(await frame.locator('.page[data-page="1"] canvas').count(), 0, 'page 1 gave its canvas back');
    await goToPage(frame, LONG_PAGES);
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-long-end');
  });

  it('steps to the next and previous match, across pages, with the current match in view', async () => {
    const wb = workbench!;
    const frame = await openPdf(wb, ATTENTION);
    await goToPage(frame, 1);
    await frame.locator('.viewer').click({ position: { x: 30, y: 200 } });
    await wb.page.keyboard.press('Control+f');
    await frame.locator('.findbar:not([hidden])').waitFor();
    await wb.page.keyboard.type('BLEU', { delay: 30 });
    // "BLEU" is 3 times on page 1, 7 times on page 8 and once on page 9.
    const count = (n: number) => frame.locator('.find-count', { hasText: new RegExp(`^${n} of 11$`) });
    await count(1).waitFor();
    const current = async () => {
      await readerIdle(frame);
      await frame.locator('.find-match.current').first().waitFor();
      return frame.evaluate(() => {
        const mark = document.querySelector('.find-match.current')!;
        const box = mark.getBoundingClientRect();
        const viewer = document.querySelector('.viewer')!.getBoundingClientRect();
        return {
          page: (mark.closest('.page') as HTMLElement).dataset.page,
          top: Math.round(box.top),
          inView: box.top >= viewer.top && box.bottom <= viewer.bottom && box.left >= viewer.left && box.right <= viewer.right,
        };
      });
    };
    const one = await current();
    assert.equal(one.page, '1');
    assert.ok(one.inView, 'the first match is in view');
    for (const n of [2, 3, 4]) {
      await wb.page.keyboard.press('Enter');
      await count(n).waitFor();
    }
    const four = await current();
    assert.equal(four.page, '8', 'the fourth match is on page 8');
    assert.ok(four.inView, 'the reader scrolled to it');
    assert.equal((await readerData(frame)).page, '8');
    assert.ok((await frame.locator('.page[data-page="8"] .find-match').count()) >= 7, 'the other matches of page 8 are highlighted');
    await wb.screenshot('pdf-reader-find-next');
    await wb.page.keyboard.press('Shift+Enter');
    await count(3).waitFor();
    const three = await current();
    assert.equal(three.page, '1', 'back to the last match of page 1');
    assert.ok(three.inView);
    // The toolbar buttons do the same as the keys.
    await frame.locator('.findbar vscode-toolbar-button[label^="Next Match"]').click();
    await count(4).waitFor();
    await frame.locator('.findbar vscode-toolbar-button[label^="Previous Match"]').click();
    await count(3).waitFor();
    // Past the last match find wraps to the first.
    await frame.locator('.findbar vscode-toolbar-button[label^="Previous Match"]').click();
    await frame.locator('.findbar vscode-toolbar-button[label^="Previous Match"]').click();
    await count(1).waitFor();
    await frame.locator('.findbar vscode-toolbar-button[label^="Previous Match"]').click();
    await count(11).waitFor();
    assert.equal((await current()).page, '9');
    await wb.page.keyboard.press('Escape');
    await frame.locator('.findbar[hidden]').waitFor({ state: 'attached' });
    assert.equal(await frame.locator('.find-match').count(), 0, 'closing find clears the matches');
  });

  it('fits the page width and the whole page', async () => {
    const wb = workbench!;
    const frame = await openPdf(wb, ATTENTION);
    await goToPage(frame, 2);
    const choose = async (label: string) => {
      await frame.locator('.zoom-select').click();
      await frame.getByRole('option', { name: label, exact: true }).click();
      await frame.waitForFunction(
        (l) => (document.querySelector('.zoom-select') as HTMLElement & { value: string }).value === (l === 'Fit Page' ? 'page-fit' : 'page-width'),
        label,
      );
      await readerIdle(frame);
    };
    await choose('Fit Page');
    let boxes = await pageAndViewerBoxes(frame, 2);
    assert.ok(boxes.page.height <= boxes.viewer.height, `the whole page is in view (${boxes.page.height} ≤ ${boxes.viewer.height})`);
    assert.ok(boxes.page.height >= boxes.viewer.height - 40, `and as large as fits (${boxes.page.height} of ${boxes.viewer.height})`);
    assert.ok(boxes.page.width < boxes.viewer.width - 100, 'a portrait page leaves room at its sides');
    assert.equal((await readerData(frame)).page, '2', 'fitting keeps the page');
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-fit-page');
    await choose('Fit Width');
    boxes = await pageAndViewerBoxes(frame, 2);
    assert.ok(
      Math.abs(boxes.viewer.width - boxes.page.width - 24) <= 4,
      `the page fills the width but its margins (${boxes.page.width} of ${boxes.viewer.width})`,
    );
    assert.ok(boxes.page.height > boxes.viewer.height, 'fit width makes the page taller than the window');
    assert.equal((await readerData(frame)).page, '2');
  });

  it('goes to a page from the outline, a thumbnail and the page box', async () => {
    const wb = workbench!;
    const frame = await openPdf(wb, ATTENTION);
    await goToPage(frame, 1);
    await frame.locator('vscode-toolbar-button[label^="Toggle Sidebar"]').click();
    await frame.locator('.sidebar:not([hidden])').waitFor();
    await frame.locator('vscode-tab-header', { hasText: 'Outline' }).click();
    await frame.locator('vscode-tree-item', { hasText: '6 Results' }).first().click();
    await frame.waitForFunction(() => document.body.dataset.page === '8');
    await readerIdle(frame);
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-outline');
    await frame.locator('vscode-tree-item', { hasText: '7 Conclusion' }).first().click();
    await frame.waitForFunction(() => document.body.dataset.page === '10');

    await frame.locator('vscode-tab-header', { hasText: 'Pages' }).click();
    const thumb = frame.locator('button.thumb[data-page="5"]');
    await thumb.scrollIntoViewIfNeeded();
    await thumb.click();
    await frame.waitForFunction(() => document.body.dataset.page === '5');
    await readerIdle(frame);
    assert.equal(await frame.locator('button.thumb.active').getAttribute('data-page'), '5', 'the thumbnail of the current page is marked');
    assert.ok((await frame.locator('button.thumb .thumb-box canvas').count()) >= 3, 'thumbnails in view are rendered');
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-thumbnails');

    const pageInput = frame.locator('.page-input input');
    await pageInput.fill('12');
    await pageInput.press('Enter');
    await frame.waitForFunction(() => document.body.dataset.page === '12');
    // A page that does not exist is ignored.
    await pageInput.fill('99');
    await pageInput.press('Enter');
    await wb.page.waitForTimeout(500);
    assert.equal((await readerData(frame)).page, '12');
    await frame.locator('vscode-toolbar-button[label^="Toggle Sidebar"]').click();
    await frame.locator('.sidebar[hidden]').waitFor({ state: 'attached' });
  });

  it('works from the keyboard: toolbar Tab order, buttons by Enter, and the reading keys', async () => {
    const wb = workbench!;
    const frame = await openPdf(wb, ATTENTION);
    await goToPage(frame, 1);
    const focused = () =>
      frame.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const host = (el?.getRootNode() as ShadowRoot).host ?? el;
        return host?.getAttribute('aria-label') ?? host?.getAttribute('label') ?? host?.className ?? '';
      });
    await frame.locator('vscode-toolbar-button[label^="Toggle Sidebar"] button').focus();
    const order = [await focused()];
    for (let i = 0; i < 9; i++) {
      await wb.page.keyboard.press('Tab');
      order.push(await focused());
    }
    const expected = ['Toggle Sidebar', 'Previous Page', 'Next Page', 'Page number', 'Zoom Out', 'Zoom', 'Zoom In', 'Find'];
    let at = -1;
    for (const label of expected) {
      const next = order.findIndex((f, i) => i > at && f.startsWith(label));
      assert.ok(next > at, `Tab reaches "${label}" after the controls before it (order: ${order.join(' → ')})`);
      at = next;
    }
    // Enter on a focused button presses it.
    await frame.locator('vscode-toolbar-button[label="Next Page"] button').focus();
    await wb.page.keyboard.press('Enter');
    await frame.waitForFunction(() => document.body.dataset.page === '2');
    await frame.locator('vscode-toolbar-button[label^="Zoom In"] button').focus();
    const zoom = Number((await readerData(frame)).zoom);
    await wb.page.keyboard.press('Space');
    await frame.waitForFunction((z) => Number(document.body.dataset.zoom) > z, zoom);
    await frame.locator('.zoom-select').focus();
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-keyboard-focus');

    // The reading keys, from the document.
    await frame.locator('.viewer').focus();
    await wb.page.keyboard.press('End');
    await frame.waitForFunction(() => document.body.dataset.page === '15');
    await wb.page.keyboard.press('Home');
    await frame.waitForFunction(() => document.body.dataset.page === '1');
    // Zoomed out until the page is narrower than the window, where Left and Right turn pages.
    for (let zoomed = Number((await readerData(frame)).zoom), i = 0; zoomed >= 100 && i < 5; zoomed = Number((await readerData(frame)).zoom), i++) {
      await wb.page.keyboard.press('-');
      await frame.waitForFunction((z) => Number(document.body.dataset.zoom) < z, zoomed);
    }
    await wb.page.keyboard.press('PageDown');
    await wb.page.keyboard.press('PageDown');
    await frame.waitForFunction(() => Number(document.body.dataset.page) >= 2);
    await readerIdle(frame);
    await wb.page.waitForTimeout(300);
    const before = Number((await readerData(frame)).page);
    await wb.page.keyboard.press('ArrowRight');
    await frame.waitForFunction((p) => Number(document.body.dataset.page) === p + 1, before);
    await wb.page.keyboard.press('ArrowLeft');
    await frame.waitForFunction((p) => Number(document.body.dataset.page) === p, before);
    await wb.page.keyboard.press('Control+f');
    await frame.locator('.findbar:not([hidden])').waitFor();
    await wb.page.keyboard.press('Escape');
    await frame.locator('.findbar[hidden]').waitFor({ state: 'attached' });
    assert.equal(await focused(), 'PDF document', 'closing find gives the keyboard back to the document');
    // VS Code forwards the same Ctrl+F as its Find command a moment later: it must not open the bar again.
    await wb.page.waitForTimeout(1000);
    assert.equal(await frame.locator('.findbar[hidden]').count(), 1, 'the find bar stays closed');
    assert.equal(await focused(), 'PDF document');
  });

  it('shows sepia pages, and black pages with white ink in high contrast, figures kept', async () => {
    const wb = workbench!;
    const frame = await openPdf(wb, ATTENTION);
    await goToPage(frame, 1);
    const printed = await pagePixels(frame);
    await workspaceSettings({ 'marginalia.pdf.pageColors': 'sepia' });
    await frame.waitForFunction(() => document.body.dataset.pageColors === 'sepia', undefined, { timeout: 60_000 });
    await readerIdle(frame);
    await wb.page.waitForTimeout(300);
    const sepia = await pagePixels(frame);
    assert.ok(sepia.paper[0] - sepia.paper[2] > 20, `sepia paper is warm (rgb ${sepia.paper.join(',')})`);
    assert.ok(sepia.ink > printed.ink * 0.7, 'the ink is still there');
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-sepia');

    await workspaceSettings({});
    await frame.waitForFunction(() => document.body.dataset.pageColors === 'original', undefined, { timeout: 60_000 });
    // The theme from the workspace's settings file, which VS Code applies as soon as it changes on disk.
    await workspaceSettings({ 'workbench.colorTheme': 'Default High Contrast' });
    await frame.waitForFunction(() => document.body.classList.contains('vscode-high-contrast'), undefined, { timeout: 60_000 });
    await frame.waitForFunction(() => document.body.dataset.pageColors === 'dark');
    await readerIdle(frame);
    await wb.page.waitForTimeout(300);
    const contrast = await pagePixels(frame);
    assert.deepEqual(contrast.paper, [0, 0, 0], 'high contrast pages are black');
    assert.ok(contrast.mean < 40 && contrast.ink > printed.ink * 0.7, `with light ink (mean ${contrast.mean.toFixed(0)}, ink ${contrast.ink.toFixed(3)})`);
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-high-contrast');
    // Page 3's figure is a raster image: it keeps its white background.
    await goToPage(frame, 3);
    const figure = await frame.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.page[data-page="3"] canvas.page-canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let white = 0;
      for (let i = 0; i < data.length; i += 4 * 7) if (data[i]! > 240 && data[i + 1]! > 240 && data[i + 2]! > 240) white++;
      return white / (data.length / 28);
    });
    assert.ok(figure > 0.05, `the figure keeps its light background (${(figure * 100).toFixed(1)}% white)`);
    await wb.screenshot('pdf-reader-high-contrast-figure');
    await workspaceSettings({});
    await frame.waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 60_000 });
    await frame.waitForFunction(() => document.body.dataset.pageColors === 'original');
  });

  it('shows download progress, cancels, and leaves nothing in the cache; nor does a broken download', async () => {
    const wb = workbench!;
    // 2.2 MB at 16 KB every 50 ms: about 7 s.
    await openPaperPdf('arXiv:1706.03762v5');
    // In the notification centre: toasts stay hidden in this headless window.
    await notificationCentre(true);
    const progress = wb.page.locator('.notifications-center .notification-list-item', { hasText: 'Downloading the PDF' });
    await progress.locator('.notification-list-item-message', { hasText: /\d of 2\.1 MB/ }).waitFor({ timeout: 60_000 });
    await wb.screenshot('pdf-reader-download-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await progress.waitFor({ state: 'detached', timeout: 30_000 });
    await notificationCentre(false);
    assert.ok(
      fixtures!.requests.some((r) => r.path === '/pdf-live/1706.03762v5'),
      'the download went to the fixture server',
    );
    await wb.page.waitForTimeout(1000);
    assert.deepEqual(
      cacheFiles().filter((f) => f.includes('1706.03762')),
      [],
      'no file (finished or partial) of the cancelled download',
    );
    assert.equal(await wb.page.locator('.tab', { hasText: '1706.03762v5.pdf' }).count(), 0, 'no reader opened');

    // The connection breaks half way: an error, and again nothing left behind.
    await openPdf(wb, ATTENTION);
    fixtures!.pdfLive = 'pdf-drop';
    const dropFrom = fixtures!.requests.length;
    await openPaperPdf('arXiv:1706.03762v5');
    for (let i = 0; i < 120 && !fixtures!.requests.slice(dropFrom).some((r) => r.path === '/pdf-live/1706.03762v5'); i++) await wb.page.waitForTimeout(500);
    await notificationCentre(true);
    const error = wb.page.locator('.notifications-center .notification-list-item', { hasText: /broke off/ });
    await error.waitFor({ timeout: 60_000 });
    assert.ok(fixtures!.requests.slice(dropFrom).some((r) => r.path === '/pdf-live/1706.03762v5'));
    await wb.screenshot('pdf-reader-download-failed');
    await notificationCentre(false);
    assert.deepEqual(
      cacheFiles().filter((f) => f.includes('1706.03762')),
      [],
      'no file of the failed download',
    );
    assert.equal(await wb.page.locator('.tab', { hasText: '1706.03762v5.pdf' }).count(), 0, 'no reader opened');
    fixtures!.pdfLive = 'pdf-trickle';
  });

  it('opens the cached copy offline', async () => {
    const wb = workbench!;
    fixtures!.pdfLive = 'pdf-trickle';
    await openPaperPdf('arXiv:1111.2011v2');
    let frame = await readerFrame(wb, '1111.2011v2.pdf');
    assert.equal((await readerData(frame)).pages, '8');
    assert.ok(
      fixtures!.requests.some((r) => r.path === '/pdf-live/1111.2011v2'),
      'downloaded from the fixture server',
    );
    assert.ok(cacheFiles().includes('1111.2011v2.pdf'), 'into the cache');

    // Offline: the server refuses every PDF (the cache is kept by origin: the same server, answering 503).
    fixtures!.pdfLive = 'status/503';
    await runPaletteCommand(wb.page, 'View: Close All Editors');
    const requestsBefore = fixtures!.requests.length;
    await openPaperPdf('arXiv:1111.2011v2');
    frame = await readerFrame(wb, '1111.2011v2.pdf');
    assert.equal((await readerData(frame)).state, 'ready');
    assert.ok((await pagePixels(frame)).ink > 0.002, 'page 1 is painted from the cached copy');
    // Without a version, the cached one is taken too.
    await runPaletteCommand(wb.page, 'View: Close All Editors');
    await openPaperPdf('arXiv:1111.2011');
    frame = await readerFrame(wb, '1111.2011v2.pdf');
    assert.equal((await readerData(frame)).pages, '8');
    assert.equal(fixtures!.requests.length, requestsBefore, 'no request went out');
    await wb.page.mouse.move(700, 500);
    await wb.screenshot('pdf-reader-offline');
    await workspaceSettings({});
  });
});
