/**
 * pdf.js's real worker behind the relay and pdf.js's real main side behind the page's port, every message through
 * the codec and a copy, as between the extension host's thread and the webview; on the fixture PDFs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS, PasswordResponses } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { combineMessages, encodeMessage, type EncodedMessage } from '../../src/core/pdf/messageCodec';
import { createWorkerRelay, STREAM_WINDOWS, THREAD_OPTIONS, type AssetReader } from '../../src/core/pdf/workerRelay';
import { HostWorkerPort } from '../../webview/pdf/hostWorkerPort';
import { fixturePdf as fixture, openFromHost, pageText, pdfWorkerOn, standardFontDataUrl } from './pdfPageSide';

/** What crosses: the JSON text and a copy of each buffer, delivered on a later turn. */
const across = (message: EncodedMessage): EncodedMessage => ({ json: message.json, bytes: message.bytes?.slice(0) });

/** A page's pull on one of pdf.js's streams (StreamKind.PULL), as it crosses. */
const isPull = (message: EncodedMessage) => /"stream":6[,}]/.test(message.json);

/**
 * `hold`: messages from the page that wait (in `held`) instead of crossing; `windows`: the relay's stream windows.
 */
function channel(assets?: AssetReader, options: { hold?: (message: EncodedMessage) => boolean; windows?: Record<string, number> } = {}) {
  const seen = {
    toPage: 0,
    toWorker: 0,
    bytesToWorker: 0,
    docRequests: [] as Record<string, unknown>[],
    errors: [] as string[],
    pageActions: [] as string[],
    /** Each chunk of a stream the worker sent, by the stream's id. */
    chunks: new Map<number, number>(),
    held: [] as EncodedMessage[],
  };
  // eslint-disable-next-line prefer-const
  let page: HostWorkerPort;
  const relay = createWorkerRelay(
    (message) => {
      seen.toPage++;
      const copy = across(message);
      setImmediate(() => page.receive(copy));
    },
    (error) => seen.errors.push(error.message),
    assets ? { read: assets } : undefined,
    options.windows,
  );
  WorkerMessageHandler.initializeFromPort(relay.port);
  // Sees each message as pdf.js's worker does, after the relay.
  relay.port.addEventListener('message', ({ data }) => {
    const m = data as { action?: string; data?: Record<string, unknown> };
    if (m.action === 'GetDocRequest' && m.data) seen.docRequests.push(m.data);
  });
  page = new HostWorkerPort(
    (message) => {
      if (options.hold?.(message)) {
        seen.held.push(message);
        return;
      }
      seen.toWorker++;
      seen.bytesToWorker += message.bytes?.byteLength ?? 0;
      const copy = across(message);
      setImmediate(() => relay.receive(copy));
    },
    (error) => seen.errors.push(error.message),
  );
  page.addEventListener('message', ({ data }) => {
    const m = data as { action?: string; stream?: number; streamId?: number };
    if (m.action) seen.pageActions.push(m.action);
    if (m.stream === 4 && m.streamId !== undefined) seen.chunks.set(m.streamId, (seen.chunks.get(m.streamId) ?? 0) + 1);
  });
  const worker = pdfWorkerOn(page);
  const open = (extra: Record<string, unknown> = {}) => openFromHost(worker, extra);
  return { relay, worker, seen, open };
}

describe('pdf.js worker behind the relay (extension host thread ↔ webview)', function () {
  this.timeout(30_000);

  it('opens the file the host gave, without the page ever sending it', async () => {
    const { relay, seen, open } = channel();
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const doc = await open().promise;
    assert.equal(doc.numPages, 15);
    const page = await doc.getPage(1);
    assert.match(await pageText(doc, 1), /Attention Is All You Need/);
    const ops = await page.getOperatorList();
    assert.ok(ops.fnArray.length > 100, `page 1 has ${ops.fnArray.length} operations`);
    // The page sent requests only: the 2.2 MB file stayed on the host's side.
    // (19 KB of a standard font went the other way: fetched by the page for the worker, as in the reader.)
    assert.ok(seen.bytesToWorker < 100_000, `${seen.bytesToWorker} bytes went to the worker`);
    assert.ok(seen.toPage > 5);
    assert.deepEqual(seen.errors, []);
    await doc.destroy();
  });

  it("states the thread's lack of OffscreenCanvas and ImageDecoder, whatever the page asked for, so images come as pixels", async () => {
    const { relay, seen, open } = channel();
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const doc = await open({ isOffscreenCanvasSupported: true, isImageDecoderSupported: true }).promise;
    const options = seen.docRequests[0]?.evaluatorOptions as Record<string, unknown>;
    assert.equal(options.isOffscreenCanvasSupported, false);
    assert.equal(options.isImageDecoderSupported, false);
    assert.deepEqual(Object.fromEntries(Object.keys(THREAD_OPTIONS).map((k) => [k, options[k]])), THREAD_OPTIONS);
    // Page 3 holds the Transformer's figure.
    const page = await doc.getPage(3);
    const ops = await page.getOperatorList();
    const images = ops.fnArray.flatMap((fn, i) => (fn === OPS.paintImageXObject ? [ops.argsArray[i] as [string, number, number]] : []));
    assert.equal(images.length, 1, 'the figure');
    const [id, width, height] = images[0]!;
    const image = (await new Promise((resolve) => page.objs.get(id, resolve))) as { width: number; height: number; data?: Uint8ClampedArray; bitmap?: unknown };
    assert.equal(image.bitmap, undefined);
    assert.deepEqual([image.width, image.height], [width, height]);
    assert.ok(image.data instanceof Uint8ClampedArray && image.data.length >= width * height * 3, 'pixels');
    assert.deepEqual(seen.errors, []);
    await doc.destroy();
  });

  it('opens several documents in turn through one worker (a PDF rebuilt on disk)', async () => {
    const { relay, open } = channel();
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const first = await open().promise;
    relay.setFile(fixture('arxiv_1111.2011v2.pdf'));
    const second = await open().promise;
    assert.equal(first.numPages, 15);
    assert.equal(second.numPages, 8);
    // The first is still readable after the second opened.
    assert.match(((await (await first.getPage(2)).getTextContent()).items[0] as { str: string }).str, /\S/);
    await first.destroy();
    await second.destroy();
  });

  it('passes the password exchange across: a wrong password, then the right one', async () => {
    const { relay, open } = channel();
    relay.setFile(fixture('generated_encrypted_aes256.pdf'));
    const task = open();
    const reasons: number[] = [];
    task.onPassword = (update: (password: string) => void, reason: number) => {
      reasons.push(reason);
      update(reasons.length === 1 ? 'wrong' : 'marginalia');
    };
    const doc = await task.promise;
    assert.deepEqual(reasons, [PasswordResponses.NEED_PASSWORD, PasswordResponses.INCORRECT_PASSWORD]);
    const text = await pageText(doc, 1);
    assert.ok(text.trim().length > 0);
    await doc.destroy();
  });

  it('never lets the page make the thread fetch a URL or compile a font, whatever it asks', async () => {
    const { relay, seen, open } = channel();
    relay.setFile(fixture('generated_encrypted_aes256.pdf'));
    // A page that asks the worker to fetch (from the extension host's network) and to compile code from fonts.
    const task = open({ useWorkerFetch: true, isEvalSupported: true, cMapUrl: 'http://169.254.169.254/', wasmUrl: 'http://169.254.169.254/' });
    task.onPassword = (update: (password: string) => void) => update('marginalia');
    const doc = await task.promise;
    const options = seen.docRequests[0]?.evaluatorOptions as Record<string, unknown>;
    assert.equal(options.useWorkerFetch, false);
    assert.equal(options.isEvalSupported, false);
    assert.equal(options.cMapUrl, null);
    assert.equal(options.wasmUrl, null);
    // The standard fonts' URL is left as the page gave it: pdf.js only writes it into the CSS the page loads.
    assert.equal(options.standardFontDataUrl, standardFontDataUrl);
    // Helvetica, not embedded, still comes: asked of the page (pdf.js's FetchBinaryData), which has it.
    assert.match(await pageText(doc, 1), /\S/);
    await doc.destroy();
  });

  it("answers pdf.js's requests for its data files in the thread, and asks the page for what it cannot read", async () => {
    const asked: string[] = [];
    const reader: AssetReader = async (kind, filename) => {
      asked.push(`${kind} ${filename}`);
      if (kind !== 'standardFontDataUrl') throw new Error('not here');
      return new Uint8Array(readFileSync(join(standardFontDataUrl, filename)));
    };
    const { relay, seen, open } = channel(reader);
    relay.setFile(fixture('generated_encrypted_aes256.pdf'));
    const task = open();
    task.onPassword = (update: (password: string) => void) => update('marginalia');
    const doc = await task.promise;
    const text = await pageText(doc, 1);
    assert.ok(text.trim().length > 10);
    await (await doc.getPage(1)).getOperatorList();
    assert.ok(
      asked.some((a) => /^standardFontDataUrl \S+\.(pfb|ttf)$/.test(a)),
      asked.join(', '),
    );
    assert.ok(!seen.pageActions.includes('FetchBinaryData'), 'the page was not asked for the font');
    await doc.destroy();

    // A reader that fails: the request goes to the page, which has the files too.
    const failing = channel(() => Promise.reject(new Error('no files here')));
    failing.relay.setFile(fixture('generated_encrypted_aes256.pdf'));
    const task2 = failing.open();
    task2.onPassword = (update: (password: string) => void) => update('marginalia');
    const doc2 = await task2.promise;
    await (await doc2.getPage(1)).getOperatorList();
    assert.ok(failing.seen.pageActions.includes('FetchBinaryData'), 'asked of the page instead');
    assert.deepEqual(failing.seen.errors, []);
    await doc2.destroy();
  });

  it("brings a corrupt file's error back as pdf.js's own exception", async () => {
    const { relay, open } = channel();
    relay.setFile(fixture('docling_corrupted_not_a_pdf.pdf'));
    await assert.rejects(
      open().promise,
      (error: unknown) => error instanceof Error && error.name === 'InvalidPDFException' && /Invalid PDF/.test(error.message),
    );
  });
});

describe('pdf.js worker relay: a page that goes away', function () {
  this.timeout(30_000);

  it("ends the documents the page left open (pdf.js's Terminate), and posts nothing after", async () => {
    const { relay, seen, open } = channel();
    relay.setFile(fixture('arxiv_1111.2011v2.pdf'));
    const kept = await open().promise;
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const ended = await open().promise;
    // The page ends one itself; the other it leaves open, as a reloaded webview does.
    await ended.destroy();
    assert.equal(kept.numPages, 8);
    const posted = seen.toPage;
    assert.equal(await relay.close(), 1, 'the worker confirmed ending the one document left open');
    assert.equal(seen.toPage, posted, 'nothing reached the page after close');
    assert.equal(await relay.close(), 0, 'a second close has nothing to end');
  });
});

describe('pdf.js worker relay: after close', () => {
  const request = {
    sourceName: 'd9_worker',
    targetName: 'd9',
    action: 'FetchBinaryData',
    callbackId: 5,
    data: { kind: 'standardFontDataUrl', filename: 'FoxitFixed.pfb' },
  };
  const waitFor = async (got: unknown[]) => {
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it("still answers the worker's request for a data file: another reader may be waiting on it through this port", async () => {
    const posted: EncodedMessage[] = [];
    const relay = createWorkerRelay(
      (m) => posted.push(m),
      () => undefined,
      { read: async (_kind, name) => new Uint8Array(readFileSync(join(standardFontDataUrl, name))) },
    );
    const got: Record<string, unknown>[] = [];
    relay.port.addEventListener('message', ({ data }) => got.push(data as Record<string, unknown>));
    await relay.close();
    relay.port.postMessage(request);
    await waitFor(got);
    assert.equal(got.length, 1);
    assert.deepEqual({ ...got[0], data: undefined }, { sourceName: 'd9', targetName: 'd9_worker', callback: 1, callbackId: 5, data: undefined });
    assert.ok(got[0]!.data instanceof Uint8Array && got[0]!.data.length > 1000);
    assert.equal(posted.length, 0, 'nothing went to the page that is gone');
  });

  it('answers with an error, not silence, when the file cannot be read and the page is gone', async () => {
    const relay = createWorkerRelay(
      () => undefined,
      () => undefined,
      { read: () => Promise.reject(new Error('no such file')) },
    );
    const got: Record<string, unknown>[] = [];
    relay.port.addEventListener('message', ({ data }) => got.push(data as Record<string, unknown>));
    await relay.close();
    relay.port.postMessage(request);
    await waitFor(got);
    assert.equal(got[0]?.callback, 2);
    assert.match(String((got[0]?.reason as { message?: string }).message), /no such file/);
  });
});

describe("the page's port", () => {
  it('lets a listener go when its signal is aborted (pdf.js ends a document that way)', () => {
    const port = new HostWorkerPort(
      () => undefined,
      () => undefined,
    );
    const heard: unknown[] = [];
    const done = new AbortController();
    port.addEventListener('message', ({ data }) => heard.push(data), { signal: done.signal });
    const { json, bytes } = combineMessages([encodeMessage({ action: 'test' })]);
    port.receive({ json, bytes });
    done.abort();
    port.receive({ json, bytes });
    assert.equal(heard.length, 1);
    const late = new AbortController();
    late.abort();
    port.addEventListener('message', ({ data }) => heard.push(data), { signal: late.signal });
    port.receive({ json, bytes });
    assert.equal(heard.length, 1, 'an aborted signal adds nothing');
  });
});

describe("pdf.js's streams behind the relay (a page's operations and text)", function () {
  this.timeout(30_000);

  it("sends a page's operations and text without waiting for the page to pull on each chunk", async () => {
    // Every pull of the page is withheld: pdf.js alone would stop after the first chunk of each and wait for ever.
    const { relay, seen, open } = channel(undefined, { hold: isPull });
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const doc = await open().promise;
    const page = await doc.getPage(14);
    const within = <T>(what: string, promise: Promise<T>) =>
      Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} waited for the page's pulls`)), 10_000))]);
    const ops = await within('the operator list', page.getOperatorList());
    assert.ok(ops.fnArray.length > 10_000, `page 14 has ${ops.fnArray.length} operations`);
    assert.ok(Math.max(...seen.chunks.values()) >= 10, `the operations came in ${Math.max(...seen.chunks.values())} chunks`);
    const text = await within('the text', page.getTextContent());
    // 222 items: pdf.js alone sends them 100 at a time, each chunk after a pull.
    assert.ok(text.items.length > 200, `page 14 has ${text.items.length} text items`);
    assert.ok(seen.held.length > 0, 'the page did pull');
    assert.deepEqual(seen.errors, []);
    await doc.destroy();
  });

  it('widens only the streams of a document the page opened, to the window whatever the page asked, until it ends', () => {
    const delivered: { action?: string; streamId?: number; desiredSize?: number }[] = [];
    const relay = createWorkerRelay(
      () => undefined,
      () => undefined,
    );
    relay.port.addEventListener('message', ({ data }) => delivered.push(data as (typeof delivered)[number]));
    const send = (...messages: unknown[]) => relay.receive(combineMessages(messages.map((m) => encodeMessage(m))));
    const d0 = { sourceName: 'd0', targetName: 'd0_worker' };
    send({ ...d0, action: 'GetDocRequest', data: { docId: 'd0' } });
    send(
      { ...d0, action: 'GetOperatorList', streamId: 1, desiredSize: Infinity, data: {} },
      { sourceName: 'd9', targetName: 'd9_worker', action: 'GetOperatorList', streamId: 2, desiredSize: 1, data: {} },
      { ...d0, stream: 6, streamId: 1, desiredSize: 1 },
    );
    assert.deepEqual(
      delivered.slice(1).map((m) => m.desiredSize),
      [STREAM_WINDOWS.GetOperatorList, 1, STREAM_WINDOWS.GetOperatorList],
      'the window for d0, nothing for a document never opened',
    );
    send({ ...d0, action: 'Terminate', data: null }, { ...d0, stream: 6, streamId: 1, desiredSize: 1 });
    assert.equal(delivered.at(-1)!.desiredSize, 1, 'an ended document’s stream is not widened');
  });

  it('still stops the worker a window ahead of the page, and goes on when the page pulls', async () => {
    const { relay, seen, open } = channel(undefined, { hold: isPull, windows: { GetOperatorList: 3 } });
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const doc = await open().promise;
    const page = await doc.getPage(14);
    let done = false;
    const ops = page.getOperatorList().then((list) => ((done = true), list));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(done, false, 'the whole page came although the page pulled on nothing');
    const sent = Math.max(...seen.chunks.values());
    assert.ok(sent >= 3 && sent <= 4, `the worker sent ${sent} chunks ahead of the page (window 3)`);
    // Let the page's pulls through from now on.
    const held = seen.held.splice(0);
    for (const message of held) relay.receive(across(message));
    const release = setInterval(() => seen.held.splice(0).forEach((message) => relay.receive(across(message))), 5);
    try {
      assert.ok((await ops).fnArray.length > 10_000);
    } finally {
      clearInterval(release);
    }
    await doc.destroy();
  });

  it('answers a burst of requests in one crossing each way (a batch of page sizes)', async () => {
    const { relay, seen, open } = channel();
    relay.setFile(fixture('arxiv_1706.03762v5_attention.pdf'));
    const doc = await open().promise;
    await doc.getPage(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [toWorker, toPage] = [seen.toWorker, seen.toPage];
    // The reader learns the page sizes this way, 16 pages at a time.
    const pages = await Promise.all(Array.from({ length: 14 }, (_, i) => doc.getPage(i + 2)));
    assert.equal(pages.length, 14);
    assert.equal(seen.toWorker - toWorker, 1, 'the 14 requests crossed as one message');
    assert.ok(seen.toPage - toPage <= 2, `the 14 answers crossed as ${seen.toPage - toPage} messages`);
    await doc.destroy();
  });
});
