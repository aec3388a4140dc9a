/**
 * `npm run bench:pdf`: the PDF reader in the real VS Code (code-server, in Debian's Chromium) beside pdf.js's own
 * generic viewer (pdfjs-dist/web/pdf_viewer.mjs in a plain page served from 127.0.0.1) in the same browser, in one run.
 *
 * For each fixture PDF, alternating the two sides, after one warm-up each:
 *   - first page: from the user's action (Quick Open + Enter for the reader, navigation for the generic viewer) to
 *     page 1 painted, and from the page's own document start to page 1 painted (VS Code's editor opening excluded);
 *   - memory: peak JS heap growth of the page's renderer (CDP Performance.getMetrics, after a forced GC as baseline)
 *     and peak canvas memory (width × height × 4 of every canvas in the document), sampled every 100 ms.
 * Then a scroll through a 500-page PDF (the Attention paper repeated with qpdf): one window height at a time until
 * the end, waiting each time for the pages in view to be painted (their canvases, on both sides: neither waits for
 * text layers or the pages around); time, peak canvases and heap on both sides.
 * Before the scroll, on each side: a jump from page 1 to page 400 of that PDF (the reader's page box, typed and
 * changed; the generic viewer's `currentPageNumber`), timed in the page until the pages in view are painted. (From the
 * outline: the 500-page PDF has none, so not measured.)
 * Also the reader with `marginalia.pdf.transfer: "uri"` (pdf.js fetches the file) against the default (bytes posted).
 *
 *   npm run bench:pdf [-- --runs 5 --skip-long --skip-transfer --skip-variants --scroll-steps N]
 * Results go to .bench/pdf-results.json; the tables and the targets' verdicts are printed (see `TARGET` below), and a
 * run where the generic viewer itself was slowed by the machine is flagged: its verdicts count for nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './harness/codeServer';
import { repoRoot } from './harness/tools';
import { openWorkbench, type Workbench } from './harness/workbench';
import { createTestWorkspace, type TestWorkspace } from '../test/e2e/support/workspace';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const runs = Number(option('--runs', '5'));
const skipLong = args.includes('--skip-long');
const skipTransfer = args.includes('--skip-transfer');
const skipVariants = args.includes('--skip-variants');
/** Stop the scroll after this many window heights (for a quick look while working; the bench's figure is the whole PDF). */
const scrollSteps = Number(option('--scroll-steps', 'Infinity'));
if (!(scrollSteps === Infinity || (Number.isInteger(scrollSteps) && scrollSteps > 0))) throw new Error('--scroll-steps takes a number of steps');
/** Targets (issue 16): first page from the document start ≤ 1.0 × the generic viewer, from the user's action ≤ 1.3 ×, the scroll ≤ 1.0 ×. */
const TARGET = 1.0;
const ACTION_TARGET = 1.3;
const SCROLL_TARGET = 1.0;
/**
 * The generic viewer's own medians in quiet runs (2 cores, load 1.1-2.9, 2026-12-06): a run where it takes more than
 * `FLAG_FACTOR` × these was slowed by the machine, and its ratios flatter or wrong the reader: flagged, they count for
 * nothing.
 */
const QUIET_GENERIC: Readonly<Record<string, { readonly documentMs: number; readonly actionMs: number }>> = {
  'arxiv_1706.03762v5_attention.pdf': { documentMs: 263, actionMs: 266 },
  'arxiv_1111.2011v2.pdf': { documentMs: 271, actionMs: 275 },
};
const QUIET_GENERIC_SCROLL_S = 85.4;
const FLAG_FACTOR = 1.5;

const fixtures = join(repoRoot, 'test', 'fixtures', 'pdf');
const benchDir = join(repoRoot, '.bench');
const longName = 'long-500.pdf';
const files = ['arxiv_1706.03762v5_attention.pdf', 'arxiv_1111.2011v2.pdf'];

interface Sample {
  /** Action (Quick Open Enter / navigation) to page 1 painted. */
  readonly actionMs: number;
  /** The page's document start to page 1 painted. */
  readonly documentMs: number;
  /** The page's document start to pdf.js having opened the document (the file has arrived and been parsed). */
  readonly openedMs: number;
  readonly heapMB: number;
  readonly canvasMB: number;
  /**
   * The reader only: action to the last visit's picture of the window on screen (webview/pdf/lastPicture.ts), shown
   * while pdf.js opens the document; undefined when it showed none (the first visit, or another window size).
   */
  readonly pictureActionMs?: number;
}

/** The first thing of the document on screen: the last visit's picture, else the painted page. */
const firstPicture = (s: Sample) => Math.min(s.pictureActionMs ?? Infinity, s.actionMs);

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const mb = (bytes: number) => bytes / 1024 / 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// The generic viewer's server: the page, pdfjs-dist, and the PDFs.

const types: Record<string, string> = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.bcmap': 'application/octet-stream',
};

function serveFile(path: string, res: import('node:http').ServerResponse): void {
  if (!existsSync(path) || !statSync(path).isFile()) {
    res.writeHead(404).end();
    return;
  }
  const body = readFileSync(path);
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
}

async function startStaticServer(): Promise<{ url: string; server: Server }> {
  const pdfjs = join(repoRoot, 'node_modules', 'pdfjs-dist');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/generic.html') return serveFile(join(repoRoot, 'scripts', 'bench', 'pdfGenericViewer.html'), res);
    if (path.startsWith('/pdfjs/')) return serveFile(join(pdfjs, normalize(path.slice('/pdfjs/'.length)).replace(/^(\.\.[/\\])+/, '')), res);
    if (path.startsWith('/pdf/')) {
      const name = normalize(path.slice('/pdf/'.length)).replace(/^(\.\.[/\\])+/, '');
      return serveFile(name === longName ? join(benchDir, 'pdf', longName) : join(fixtures, name), res);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring a page.

/** JS heap of a page's renderer and the memory of its canvases, sampled until `done` settles; the peaks. */
async function samplePeaks(cdp: CDPSession, frame: Frame, done: Promise<unknown>): Promise<{ heap: number; canvas: number }> {
  let heap = 0;
  let canvas = 0;
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    const [h, c] = await Promise.all([jsHeap(cdp), canvasBytes(frame).catch(() => 0)]);
    heap = Math.max(heap, h);
    canvas = Math.max(canvas, c);
    await sleep(100);
  }
  const [h, c] = await Promise.all([jsHeap(cdp), canvasBytes(frame).catch(() => 0)]);
  return { heap: Math.max(heap, h), canvas: Math.max(canvas, c) };
}

async function jsHeap(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

async function gcBaseline(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return jsHeap(cdp);
}

function canvasBytes(frame: Frame): Promise<number> {
  return frame.evaluate(() => [...document.querySelectorAll('canvas')].reduce((sum, c) => sum + c.width * c.height * 4, 0));
}

// ---------------------------------------------------------------------------------------------------------------
// The reader in VS Code.

async function quickOpen(page: Page, name: string): Promise<number> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.locator('.part.sidebar .composite.title').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+P');
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(name, { timeout: 5_000 });
      await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).waitFor({ timeout: 15_000 });
      const at = Date.now();
      await page.keyboard.press('Enter');
      return at;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= 4) throw error;
    }
  }
}

async function runCommand(page: Page, label: string): Promise<void> {
  await page.locator('.part.sidebar .composite.title').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').fill(`>${label}`);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label }).waitFor();
  await page.keyboard.press('Enter');
}

async function readerFrame(wb: Workbench, name: string): Promise<Frame> {
  const frame = await wb.webviewFrame(`body[data-name="${name}"]`, 120_000);
  await frame.waitForFunction(() => document.body.dataset.firstPageMs !== undefined || document.body.dataset.state === 'error', undefined, {
    timeout: 120_000,
  });
  return frame;
}

async function readerIdle(frame: Frame): Promise<void> {
  await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { whenIdle(): Promise<void> } }).marginaliaPdfReader?.whenIdle());
}

/** Until the reader's pages in view are painted (their canvases; text layers and neighbours may still be coming), as `benchIdle` waits in the generic viewer. */
async function readerVisiblePainted(frame: Frame): Promise<void> {
  await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { whenVisiblePainted(): Promise<void> } }).marginaliaPdfReader?.whenVisiblePainted());
}

async function measureReader(wb: Workbench, cdp: CDPSession, name: string, source: 'bytes' | 'url'): Promise<Sample> {
  await wb.page.bringToFront();
  await runCommand(wb.page, 'View: Close All Editors');
  await sleep(500);
  const baseline = await gcBaseline(cdp);
  const started = await quickOpen(wb.page, name);
  const frame = await readerFrame(wb, name);
  const peaks = await samplePeaks(cdp, frame, readerIdle(frame));
  const data = await frame.evaluate(
    () => ({ origin: performance.timeOrigin, ...document.body.dataset }) as Record<string, string | undefined> & { origin: number },
  );
  if (process.env.BENCH_VERBOSE) {
    const marks = await frame.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .map((m) => `${m.name}@${Math.round(m.startTime)}`)
        .join(' '),
    );
    const resources = await frame.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .map((r) => `${r.name.slice(r.name.lastIndexOf('/') + 1)}@${Math.round(r.startTime)}+${Math.round(r.duration)}`)
        .join(' '),
    );
    console.log(`\n${name} ${source}: ${data.timings} ${marks}\n  resources: ${resources}`);
  }
  if (data.state === 'error') throw new Error(`the reader could not open ${name}`);
  // A first visit: stay until the reader has taken its picture (1.5 s after it settles), for the next visit.
  if (data.pictureMs === undefined)
    await frame.waitForFunction(() => Number(document.body.dataset.picturesTaken) >= 1, undefined, { timeout: 10_000 }).catch(() => undefined);
  if ((data.source === 'url') !== (source === 'url')) throw new Error(`expected the PDF to arrive as ${source}, it came as ${data.source}`);
  const documentMs = Number(data.firstPageMs);
  const openedMs = (JSON.parse(data.timings ?? '{}') as { opened?: number }).opened ?? NaN;
  const pictureMs = data.pictureMs === undefined ? undefined : Number(data.pictureMs);
  return {
    actionMs: data.origin + documentMs - started,
    documentMs,
    openedMs,
    heapMB: mb(peaks.heap - baseline),
    canvasMB: mb(peaks.canvas),
    ...(pictureMs === undefined ? {} : { pictureActionMs: data.origin + pictureMs - started }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The generic viewer.

async function measureGeneric(page: Page, cdp: CDPSession, base: string, name: string, size: { w: number; h: number }): Promise<Sample> {
  await page.bringToFront();
  await page.goto('about:blank');
  const baseline = await gcBaseline(cdp);
  const started = Date.now();
  await page.goto(`${base}/generic.html?file=/pdf/${encodeURIComponent(name)}&w=${size.w}&h=${size.h}`);
  const ready = page
    .mainFrame()
    .waitForFunction(
      () =>
        (window as { bench?: { firstPageMs: number | null; error: string | null } }).bench?.firstPageMs != null ||
        (window as { bench?: { error: string | null } }).bench?.error,
      undefined,
      { timeout: 120_000 },
    );
  const idle = ready.then(() => page.evaluate(() => (window as unknown as { benchIdle(): Promise<void> }).benchIdle()));
  const peaks = await samplePeaks(cdp, page.mainFrame(), idle);
  const bench = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    ...(window as unknown as { bench: { firstPageMs: number; openedMs: number; error: string | null } }).bench,
  }));
  if (bench.error) throw new Error(`the generic viewer failed on ${name}: ${bench.error}`);
  return {
    actionMs: bench.origin + bench.firstPageMs - started,
    documentMs: bench.firstPageMs,
    openedMs: bench.openedMs,
    heapMB: mb(peaks.heap - baseline),
    canvasMB: mb(peaks.canvas),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Scrolling through a long document.

interface ScrollResult {
  readonly pages: number;
  readonly seconds: number;
  readonly steps: number;
  readonly peakCanvasMB: number;
  readonly peakHeapMB: number;
  readonly endHeapMB: number;
  readonly maxCanvases: number;
  /** Each step's time until the pages in view were painted, in ms. */
  readonly stepMs: readonly number[];
}

async function scrollThrough(frame: Frame, cdp: CDPSession, scroller: string, idle: () => Promise<void>, baseline: number): Promise<ScrollResult> {
  let peakCanvas = 0;
  let peakHeap = 0;
  let maxCanvases = 0;
  let steps = 0;
  const stepMs: number[] = [];
  const started = Date.now();
  while (steps < scrollSteps) {
    const stepStarted = Date.now();
    const moved = await frame.evaluate((selector) => {
      const el = document.querySelector(selector) as HTMLElement;
      const before = el.scrollTop;
      el.scrollTop += Math.round(el.clientHeight * 0.9);
      return el.scrollTop !== before;
    }, scroller);
    if (!moved) break;
    steps++;
    await idle();
    stepMs.push(Date.now() - stepStarted);
    if (steps % 10 === 0) {
      const [heap, canvas, count] = await Promise.all([jsHeap(cdp), canvasBytes(frame), frame.evaluate(() => document.querySelectorAll('canvas').length)]);
      peakHeap = Math.max(peakHeap, heap);
      peakCanvas = Math.max(peakCanvas, canvas);
      maxCanvases = Math.max(maxCanvases, count);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  await cdp.send('HeapProfiler.collectGarbage');
  const endHeap = await jsHeap(cdp);
  return {
    pages: 500,
    seconds,
    steps,
    stepMs,
    peakCanvasMB: mb(peakCanvas),
    peakHeapMB: mb(peakHeap - baseline),
    endHeapMB: mb(endHeap - baseline),
    maxCanvases,
  };
}

/** The page the long PDF is jumped to, as a user types it in the page box. */
const JUMP_PAGE = 400;

/** The reader: page 1 to `JUMP_PAGE` through the page box (what typing a number and Enter does), in ms until painted. */
async function readerJump(frame: Frame): Promise<number> {
  return frame.evaluate(async (page) => {
    const reader = (globalThis as unknown as { marginaliaPdfReader: { whenVisiblePainted(): Promise<void>; state(): { page?: number } | undefined } })
      .marginaliaPdfReader;
    const box = document.querySelector('.page-input') as HTMLElement & { value: string };
    const started = performance.now();
    box.value = String(page);
    box.dispatchEvent(new Event('change'));
    await reader.whenVisiblePainted();
    const ms = performance.now() - started;
    const at = reader.state()?.page;
    if (at !== page) throw new Error(`the reader went to page ${String(at)}, not ${page}`);
    return ms;
  }, JUMP_PAGE);
}

/** The generic viewer: page 1 to `JUMP_PAGE` (`currentPageNumber`, what its page box sets), in ms until painted. */
async function genericJump(page: Page): Promise<number> {
  return page.evaluate(async (to) => {
    const w = window as unknown as { benchViewer: { currentPageNumber: number }; benchIdle(): Promise<void> };
    const started = performance.now();
    w.benchViewer.currentPageNumber = to;
    await w.benchIdle();
    const ms = performance.now() - started;
    if (w.benchViewer.currentPageNumber !== to) throw new Error(`the generic viewer went to page ${w.benchViewer.currentPageNumber}, not ${to}`);
    return ms;
  }, JUMP_PAGE);
}

/** Back to page 1 before the scroll, painted. */
async function backToStart(frame: Frame, idle: () => Promise<void>, scroller: string): Promise<void> {
  await frame.evaluate((selector) => {
    (document.querySelector(selector) as HTMLElement).scrollTop = 0;
  }, scroller);
  await idle();
}

function makeLongPdf(): string | undefined {
  const out = join(benchDir, 'pdf', longName);
  if (existsSync(out)) return out;
  mkdirSync(join(benchDir, 'pdf'), { recursive: true });
  const source = join(fixtures, 'arxiv_1706.03762v5_attention.pdf');
  // 33 × 15 pages + 5 = 500 pages.
  const pages = [...Array.from({ length: 33 }, () => [source, '1-15']).flat(), source, '1-5'];
  try {
    execFileSync('qpdf', ['--empty', '--pages', ...pages, '--', out], { stdio: 'ignore' });
    return out;
  } catch {
    console.log('qpdf is not installed (apt-get install qpdf): the 500-page scroll is skipped.');
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

async function main(): Promise<void> {
  const started = Date.now();
  const long = skipLong ? undefined : makeLongPdf();
  const { url: staticUrl, server: staticServer } = await startStaticServer();
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  try {
    workspace = await createTestWorkspace();
    await cp(fixtures, join(workspace.path, 'pdfs'), { recursive: true });
    if (long) await cp(long, join(workspace.path, 'pdfs', longName));
    server = await startCodeServer({
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' } },
    });
    wb = await openWorkbench(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot, viewport: { width: 1400, height: 900 } });
    // The webview shares the workbench's renderer (same origin on code-server): its heap is measured as growth.
    const readerCdp = await wb.page.context().newCDPSession(wb.page);
    await readerCdp.send('Performance.enable');
    // Its own browser context (a window of its own), so neither page is a background tab whose frames are throttled.
    const genericContext = await wb.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const genericPage = await genericContext.newPage();
    const genericCdp = await genericContext.newCDPSession(genericPage);
    await genericCdp.send('Performance.enable');

    // Warm up both sides (extension activation, disk caches), and learn the size of the reader's page area.
    await measureReader(wb, readerCdp, files[0]!, 'bytes');
    const frame0 = await readerFrame(wb, files[0]!);
    const size = await frame0.evaluate(() => {
      const v = document.querySelector('.viewer') as HTMLElement;
      return { w: v.clientWidth, h: v.clientHeight };
    });
    await measureGeneric(genericPage, genericCdp, staticUrl, files[0]!, size);

    const results: Record<string, { reader: Sample[]; generic: Sample[] }> = {};
    for (const file of files) {
      results[file] = { reader: [], generic: [] };
      for (let i = 0; i < runs; i++) {
        results[file].reader.push(await measureReader(wb, readerCdp, file, 'bytes'));
        results[file].generic.push(await measureGeneric(genericPage, genericCdp, staticUrl, file, size));
        process.stdout.write('.');
      }
    }
    process.stdout.write('\n');

    let transfer: { bytes: Sample[]; url: Sample[] } | undefined;
    if (!skipTransfer) {
      transfer = { bytes: results[files[0]!]!.reader, url: [] };
      mkdirSync(join(workspace.path, '.vscode'), { recursive: true });
      writeFileSync(join(workspace.path, '.vscode', 'settings.json'), JSON.stringify({ 'marginalia.pdf.transfer': 'uri' }));
      await sleep(3000);
      await measureReader(wb, readerCdp, files[0]!, 'url').catch(async () => {
        await sleep(5000);
        return measureReader(wb!, readerCdp, files[0]!, 'url');
      });
      for (let i = 0; i < runs; i++) transfer.url.push(await measureReader(wb, readerCdp, files[0]!, 'url'));
      writeFileSync(join(workspace.path, '.vscode', 'settings.json'), JSON.stringify({}));
      await sleep(3000);
    }

    // Where the reader runs pdf.js's worker: the shared thread warm from the PDFs before (above), a thread started
    // for each PDF (as for the first PDF of a session), and the webview's own worker (the setting `webview`).
    const variants: Record<string, Record<string, Sample[]>> = {};
    if (!skipVariants) {
      const settingsFile = join(workspace.path, '.vscode', 'settings.json');
      mkdirSync(join(workspace.path, '.vscode'), { recursive: true });
      for (const [variant, settings] of [
        ['fresh thread', { 'marginalia.pdf.workerIdleSeconds': 0 }],
        ['webview worker', { 'marginalia.pdf.worker': 'webview' }],
      ] as const) {
        writeFileSync(settingsFile, JSON.stringify(settings));
        await sleep(3000);
        await measureReader(wb, readerCdp, files[0]!, 'bytes');
        variants[variant] = {};
        for (const file of files) {
          variants[variant][file] = [];
          for (let i = 0; i < runs; i++) {
            variants[variant][file].push(await measureReader(wb, readerCdp, file, 'bytes'));
            process.stdout.write('.');
          }
        }
      }
      writeFileSync(settingsFile, JSON.stringify({}));
      process.stdout.write('\n');
    }

    let scroll: { reader: ScrollResult; generic: ScrollResult } | undefined;
    let jump: { reader: number; generic: number } | undefined;
    if (long) {
      await wb.page.bringToFront();
      await runCommand(wb.page, 'View: Close All Editors');
      await sleep(500);
      const base = await gcBaseline(readerCdp);
      await quickOpen(wb.page, longName);
      const frame = await readerFrame(wb, longName);
      await readerIdle(frame);
      const readerJumpMs = await readerJump(frame);
      await backToStart(frame, () => readerIdle(frame), '.viewer');
      const reader = await scrollThrough(frame, readerCdp, '.viewer', () => readerVisiblePainted(frame), base);
      await genericPage.bringToFront();
      await genericPage.goto('about:blank');
      const genericBase = await gcBaseline(genericCdp);
      await genericPage.goto(`${staticUrl}/generic.html?file=/pdf/${longName}&w=${size.w}&h=${size.h}`);
      await genericPage.waitForFunction(() => (window as { bench?: { firstPageMs: number | null } }).bench?.firstPageMs != null, undefined, {
        timeout: 120_000,
      });
      const idle = () => genericPage.evaluate(() => (window as unknown as { benchIdle(): Promise<void> }).benchIdle());
      await idle();
      const genericJumpMs = await genericJump(genericPage);
      await backToStart(genericPage.mainFrame(), idle, '#viewerContainer');
      const generic = await scrollThrough(genericPage.mainFrame(), genericCdp, '#viewerContainer', idle, genericBase);
      scroll = { reader, generic };
      jump = { reader: readerJumpMs, generic: genericJumpMs };
    }

    // -------------------------------------------------------------------------------------------------------------
    const widths = [34, 11, 11, 7, 11, 11, 7, 12, 12, 10, 10];
    console.log(
      `\nPDF reader vs pdf.js generic viewer — medians of ${runs} runs each, Chromium ${wb.browser.version()}, ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(`page area ${size.w}×${size.h} CSS px, fit width, light theme; the reader gets the bytes posted by the extension host\n`);
    console.log(
      row(['first page (ms)', 'reader', 'generic', 'ratio', 'reader', 'generic', 'ratio', 'opened', 'then page 1', 'heap Δ MB', 'canvas MB'], widths),
    );
    console.log(row(['', 'doc start', 'doc start', '', 'action', 'action', '', 'rdr/gen', 'rdr/gen', 'rdr/gen', 'rdr/gen'], widths));
    const summary: Record<string, unknown> = {};
    for (const file of files) {
      const r = results[file]!;
      const rd = median(r.reader.map((s) => s.documentMs));
      const gd = median(r.generic.map((s) => s.documentMs));
      const ra = median(r.reader.map((s) => s.actionMs));
      const ga = median(r.generic.map((s) => s.actionMs));
      const heap = `${median(r.reader.map((s) => s.heapMB)).toFixed(1)}/${median(r.generic.map((s) => s.heapMB)).toFixed(1)}`;
      const canvas = `${median(r.reader.map((s) => s.canvasMB)).toFixed(1)}/${median(r.generic.map((s) => s.canvasMB)).toFixed(1)}`;
      summary[file] = { readerDocumentMs: rd, genericDocumentMs: gd, readerActionMs: ra, genericActionMs: ga, samples: r };
      const opened = `${median(r.reader.map((s) => s.openedMs)).toFixed(0)}/${median(r.generic.map((s) => s.openedMs)).toFixed(0)}`;
      const render = `${median(r.reader.map((s) => s.documentMs - s.openedMs)).toFixed(0)}/${median(r.generic.map((s) => s.documentMs - s.openedMs)).toFixed(0)}`;
      console.log(
        row(
          [file, rd.toFixed(0), gd.toFixed(0), (rd / gd).toFixed(2), ra.toFixed(0), ga.toFixed(0), (ra / ga).toFixed(2), opened, render, heap, canvas],
          widths,
        ),
      );
    }
    console.log('("action" adds what happens before each document starts: VS Code opening the editor and its webview, vs. a page navigation;');
    console.log(' "opened" is when pdf.js has the document: the reader waits for the file to cross from the extension host.)');
    console.log(`\nFirst picture from the user's action: the reader's last picture of the window (kept from the previous visit, shown while pdf.js`);
    console.log('opens the document and paints), else its first page painted; the generic viewer has no picture, so its first page:');
    for (const file of files) {
      const r = results[file]!;
      const pictured = r.reader.filter((s) => s.pictureActionMs !== undefined);
      // A picture after the pages were painted is no help (and a regression to look at).
      const late = pictured.filter((s) => s.pictureActionMs! > s.actionMs).length;
      const ra = median(r.reader.map(firstPicture));
      const ga = median(r.generic.map((s) => s.actionMs));
      console.log(
        `  ${file}: reader ${ra.toFixed(0)} ms (a picture in ${pictured.length} of ${r.reader.length} runs, ${late} after the pages${pictured.length ? `, at ${median(pictured.map(firstPicture)).toFixed(0)} ms` : ''}), generic ${ga.toFixed(0)} ms, ratio ${(ra / ga).toFixed(2)}`,
      );
    }
    if (Object.keys(variants).length > 0) {
      console.log(`\nWhere the reader runs pdf.js's worker — first page from the document start, ms (ratio to the generic viewer's median above):`);
      const w3 = [34, 20, 20, 20];
      console.log(row(['', 'thread, warm', 'thread, fresh', 'webview worker'], w3));
      for (const file of files) {
        const gd = median(results[file]!.generic.map((s) => s.documentMs));
        const cell = (samples: readonly Sample[] | undefined) => {
          const m = median((samples ?? []).map((s) => s.documentMs));
          return `${m.toFixed(0)} (${(m / gd).toFixed(2)})`;
        };
        console.log(row([file, cell(results[file]!.reader), cell(variants['fresh thread']?.[file]), cell(variants['webview worker']?.[file])], w3));
      }
      console.log('(warm: the thread has served a PDF before, as for every PDF after the first of a session; fresh: a thread started');
      console.log(' for this PDF, as for the first; webview worker: pdf.js started in the reader\'s page, the setting "webview".)');
      summary.variants = variants;
    }
    if (transfer) {
      const b = median(transfer.bytes.map((s) => s.documentMs));
      const u = median(transfer.url.map((s) => s.documentMs));
      const ba = median(transfer.bytes.map((s) => s.actionMs));
      const ua = median(transfer.url.map((s) => s.actionMs));
      console.log(
        `\nHow the file reaches the webview (${files[0]}): bytes posted ${b.toFixed(0)} ms (action ${ba.toFixed(0)} ms), webview resource URL fetched by pdf.js ${u.toFixed(0)} ms (action ${ua.toFixed(0)} ms)`,
      );
      summary.transfer = { bytesDocumentMs: b, urlDocumentMs: u, bytesActionMs: ba, urlActionMs: ua, samples: transfer };
    }
    if (scroll) {
      const partial = Number.isFinite(scrollSteps) ? `, the first ${scrollSteps} steps only (--scroll-steps: no verdict)` : '';
      console.log(`\nScroll through ${longName} (500 pages)${partial}, one window at a time, waiting for each to be painted:`);
      const w2 = [10, 9, 7, 12, 10, 12, 11];
      console.log(row(['', 'seconds', 'steps', 'max canvases', 'canvas MB', 'peak heap Δ', 'end heap Δ'], w2));
      for (const [side, s] of Object.entries(scroll)) {
        console.log(
          row(
            [side, s.seconds.toFixed(1), String(s.steps), String(s.maxCanvases), s.peakCanvasMB.toFixed(1), s.peakHeapMB.toFixed(1), s.endHeapMB.toFixed(1)],
            w2,
          ),
        );
      }
      // The slowest steps on either side, step by step: where the reader loses time (a step is about 0.9 page).
      const slowest = scroll.reader.stepMs
        .map((ms, i) => ({ i, ms, generic: scroll!.generic.stepMs[i] ?? NaN }))
        .sort((a, b) => b.ms - b.generic - (a.ms - a.generic))
        .slice(0, 8);
      console.log(`largest gaps (step: reader / generic ms): ${slowest.map((s) => `${s.i + 1}: ${s.ms}/${s.generic}`).join(', ')}`);
      summary.scroll = scroll;
    }
    if (jump) {
      console.log(
        `\nJump from page 1 to page ${JUMP_PAGE} of ${longName} (page box), until painted: reader ${jump.reader.toFixed(0)} ms, generic ${jump.generic.toFixed(0)} ms (${(jump.reader / jump.generic).toFixed(2)} ×)`,
      );
      summary.jump = jump;
    }
    // -------------------------------------------------------------------------------------------------------------
    // Whether the run can be trusted, then the targets: met only in a run that is not flagged.
    const slowed: string[] = [];
    for (const file of files) {
      const quiet = QUIET_GENERIC[file];
      const gd = median(results[file]!.generic.map((s) => s.documentMs));
      if (quiet && gd > FLAG_FACTOR * quiet.documentMs)
        slowed.push(`${file}: ${gd.toFixed(0)} ms against ${quiet.documentMs} quiet (${(gd / quiet.documentMs).toFixed(2)}×)`);
    }
    if (scroll && !Number.isFinite(scrollSteps) && scroll.generic.seconds > FLAG_FACTOR * QUIET_GENERIC_SCROLL_S) {
      slowed.push(`the scroll: ${scroll.generic.seconds.toFixed(1)} s against ${QUIET_GENERIC_SCROLL_S} quiet`);
    }
    const verdicts: { readonly text: string; readonly ok: boolean }[] = [];
    for (const file of files) {
      const r = results[file]!;
      const gd = median(r.generic.map((s) => s.documentMs));
      const ga = median(r.generic.map((s) => s.actionMs));
      const check = (what: string, samples: readonly Sample[] | undefined, target: number, key: 'documentMs' | 'actionMs' | 'pictureOrPage', base: number) => {
        if (!samples?.length) return;
        const ratio = median(samples.map((s) => (key === 'pictureOrPage' ? firstPicture(s) : s[key]))) / base;
        verdicts.push({ text: `${file}, ${what}: ${ratio.toFixed(2)} × the generic viewer (≤ ${target})`, ok: ratio <= target });
      };
      check('first page from the document start, thread warm', r.reader, TARGET, 'documentMs', gd);
      check('the same, thread fresh', variants['fresh thread']?.[file], TARGET, 'documentMs', gd);
      check('the same, worker in the webview', variants['webview worker']?.[file], TARGET, 'documentMs', gd);
      check("first page from the user's action (pages painted)", r.reader, ACTION_TARGET, 'actionMs', ga);
      check("first picture from the user's action (the last visit's picture, else the pages)", r.reader, ACTION_TARGET, 'pictureOrPage', ga);
    }
    if (scroll && !Number.isFinite(scrollSteps)) {
      const ratio = scroll.reader.seconds / scroll.generic.seconds;
      verdicts.push({ text: `500-page scroll: ${ratio.toFixed(2)} × the generic viewer (≤ ${SCROLL_TARGET})`, ok: ratio <= SCROLL_TARGET });
    }
    if (jump) {
      const ratio = jump.reader / jump.generic;
      verdicts.push({ text: `jump to page ${JUMP_PAGE}: ${ratio.toFixed(2)} × the generic viewer (≤ ${TARGET})`, ok: ratio <= TARGET });
    }
    const flagged = slowed.length > 0;
    console.log(`\nTargets${flagged ? ' (FLAGGED run: they count for nothing)' : ''}:`);
    for (const v of verdicts) console.log(`${v.ok ? 'PASS' : 'FAIL'}  ${v.text}`);
    if (flagged) {
      console.log(`\nFLAGGED: the generic viewer took more than ${FLAG_FACTOR} × its quiet median, so the machine slowed this run: ${slowed.join('; ')}.`);
    } else {
      console.log(`\nTrustworthy: the generic viewer ran within ${FLAG_FACTOR} × its quiet medians.`);
    }
    const pass = !flagged && !Number.isFinite(scrollSteps) && verdicts.every((v) => v.ok);
    if (!pass) process.exitCode = 1;
    summary.verdicts = verdicts;
    summary.flagged = slowed;
    mkdirSync(benchDir, { recursive: true });
    writeFileSync(join(benchDir, 'pdf-results.json'), JSON.stringify({ at: new Date().toISOString(), runs, size, pass, ...summary }, null, 2));
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s; details in .bench/pdf-results.json)`);
  } finally {
    await wb?.close();
    await server?.stop();
    await workspace?.dispose();
    staticServer.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
