/**
 * The extension host's pdf.js thread for real: dist/pdfWorkerThread.js built from source into a temporary folder,
 * started as a worker_thread by `SharedPdfThread`, serving two readers' channels at once, as the PDF reader uses it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { combineMessages, encodeMessage } from '../../src/core/pdf/messageCodec';
import type { PdfChannel, PdfChannelEvents } from '../../src/host/pdf/hostPdfWorker';
import { SharedPdfThread, TOO_LARGE } from '../../src/host/pdf/hostPdfWorker';
import { makeBombPdf } from '../support/makePdf';
import { HostWorkerPort } from '../../webview/pdf/hostWorkerPort';
import { fixturePdf as fixture, openFromHost, pageText, pdfWorkerOn, repoRoot as root } from './pdfPageSide';

/** A reader's page on a channel: pdf.js's main side, its messages through the codec, as in the webview. */
function reader(thread: SharedPdfThread) {
  const failures: string[] = [];
  // eslint-disable-next-line prefer-const
  let page: HostWorkerPort;
  const events: PdfChannelEvents = {
    message: (message) => setImmediate(() => page.receive(message)),
    failed: (reason) => failures.push(reason),
    warning: (reason) => failures.push(`warning: ${reason}`),
  };
  const channel = thread.open(events) as PdfChannel;
  assert.ok(channel, 'a channel where threads run');
  page = new HostWorkerPort(
    (message) => channel.post(message),
    (error) => failures.push(error.message),
  );
  const worker = pdfWorkerOn(page);
  const open = (file: Uint8Array) => {
    channel.setFile(file);
    return openFromHost(worker).promise;
  };
  return { channel, open, failures };
}

describe("the extension host's pdf.js thread (worker_thread, shared by the readers)", function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  const logs: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marginalia-pdf-thread-'));
    script = join(dir, 'pdfWorkerThread.js');
    await build({
      entryPoints: [join(root, 'src/host/pdf/pdfWorkerThread.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: script,
      logLevel: 'silent',
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves two readers at once, each its own file, and ends one reader’s documents when it closes', async () => {
    const thread = new SharedPdfThread(script, join(root, 'node_modules', 'pdfjs-dist'), (m) => logs.push(m));
    try {
      const a = reader(thread);
      const b = reader(thread);
      assert.equal(thread.channelCount, 2);
      assert.equal(await a.channel.started, true);
      const [docA, docB] = await Promise.all([a.open(fixture('arxiv_1706.03762v5_attention.pdf')), b.open(fixture('arxiv_1111.2011v2.pdf'))]);
      assert.equal(docA.numPages, 15);
      assert.equal(docB.numPages, 8);
      assert.match(await pageText(docA, 1), /Attention Is All You Need/);
      // A closes (its webview went away with the document open): the thread ends that document.
      assert.equal(await a.channel.close(), 1);
      assert.equal(thread.channelCount, 1);
      // B goes on reading.
      assert.ok((await pageText(docB, 2)).length > 100);
      assert.deepEqual([...a.failures, ...b.failures], []);
      assert.equal(logs.filter((l) => /started/.test(l)).length, 1, 'one thread for both');
    } finally {
      thread.dispose();
    }
  });

  it('tells the readers when the thread cannot start, so they run pdf.js themselves', async () => {
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, "throw new Error('pdf.js is missing');\n");
    const thread = new SharedPdfThread(broken, undefined, () => undefined);
    try {
      const r = reader(thread);
      assert.equal(await r.channel.started, false);
      assert.equal(r.failures.length, 1);
      assert.match(r.failures[0]!, /pdf\.js is missing/);
      assert.equal(thread.channelCount, 0);
    } finally {
      thread.dispose();
    }
  });

  it("decodes a reader's image after another reader sharing the thread closed (pdf.js fetches its decoder through the last document's port)", async () => {
    const thread = new SharedPdfThread(script, join(root, 'node_modules', 'pdfjs-dist'), (m) => logs.push(m));
    try {
      const a = reader(thread);
      const b = reader(thread);
      const docA = await a.open(fixture('generated_ccitt_image.pdf'));
      await b.open(fixture('arxiv_1111.2011v2.pdf'));
      assert.equal(await b.channel.close(), 1);
      const page = await docA.getPage(1);
      const ops = await page.getOperatorList();
      const id = ops.argsArray.flatMap((args) => (Array.isArray(args) && typeof args[0] === 'string' && args[0].startsWith('img') ? [args[0]] : []))[0];
      assert.ok(id, 'the page draws its image');
      const image = (await Promise.race([
        new Promise((resolve) => page.objs.get(id, resolve)),
        new Promise((resolve) => setTimeout(() => resolve('timed out'), 10_000)),
      ])) as { width?: number; height?: number } | string;
      assert.notEqual(image, 'timed out', 'the image was decoded');
      assert.deepEqual([(image as { width: number }).width, (image as { height: number }).height], [8, 8]);
      assert.deepEqual(a.failures, []);
    } finally {
      thread.dispose();
    }
  });

  it('stops pdf.js when a PDF inflates past the memory budget, tells that reader it is too large, and serves the others on a new thread', async function () {
    this.timeout(180_000);
    // 1 GB of zeros in one content stream, about 1 MB on disk.
    const bomb = await makeBombPdf(1024);
    const seen: string[] = [];
    const thread = new SharedPdfThread(script, join(root, 'node_modules', 'pdfjs-dist'), (m) => seen.push(m), {
      memoryBudgetBytes: 400_000_000,
      memoryPollMs: 50,
    });
    let peak = 0;
    const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    try {
      const good = reader(thread);
      const docGood = await good.open(fixture('arxiv_1111.2011v2.pdf'));
      const bad = reader(thread);
      const docBad = await bad.open(bomb);
      const before = process.memoryUsage.rss();
      peak = before;
      // pdf.js decodes the page's content when asked for its text; the thread is ended under it, so this never ends.
      void pageText(docBad, 1).catch(() => undefined);
      const deadline = Date.now() + 120_000;
      while (bad.failures.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(bad.failures, [TOO_LARGE], 'the reader of the bomb is told its PDF is too large');
      assert.equal(good.failures.length, 1);
      assert.notEqual(good.failures[0], TOO_LARGE, 'the other reader is told the thread stopped, not that its PDF is too large');
      assert.ok(peak - before < 900_000_000, `the process grew by ${Math.round((peak - before) / 1_000_000)} MB`);
      assert.ok(
        seen.some((m) => /more than 400 MB: stopped/.test(m)),
        seen.join(' | '),
      );
      void docGood;
      // The next reader starts a new thread, which works.
      const next = reader(thread);
      assert.equal(await next.channel.started, true);
      const doc = await next.open(fixture('arxiv_1111.2011v2.pdf'));
      assert.ok((await pageText(doc, 1)).length > 100);
    } finally {
      clearInterval(probe);
      thread.dispose();
    }
  });

  it('survives a request that makes pdf.js reject with nobody waiting (in a worker_thread that would end it)', async () => {
    const seen: string[] = [];
    const thread = new SharedPdfThread(script, undefined, (m) => seen.push(m));
    try {
      const a = reader(thread);
      const docA = await a.open(fixture('arxiv_1111.2011v2.pdf'));
      // What a hostile page could send: a request with no callback, whose handler rejects.
      a.channel.post(combineMessages([encodeMessage({ sourceName: 'd0', targetName: 'd0_worker', action: 'GetAnnotationsByType', data: null })]));
      a.channel.post(
        combineMessages([
          encodeMessage({
            sourceName: `${docA.loadingTask.docId}`,
            targetName: `${docA.loadingTask.docId}_worker`,
            action: 'GetAnnotationsByType',
            data: null,
          }),
        ]),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok((await pageText(docA, 3)).length > 100, 'the thread still serves the reader');
      assert.ok(
        seen.some((m) => /unhandled in pdf\.js/.test(m)),
        seen.join(' | '),
      );
      assert.deepEqual(a.failures, []);
    } finally {
      thread.dispose();
    }
  });
});
