import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { paperIdOfCacheFile, pdfCacheFileName, pdfCacheStem, pdfDownloadUrl, pdfOriginFolder, pickCachedFile } from '../../src/core/pdf/cacheName';
import {
  downloadPdf,
  hasEofMarker,
  isRetryable,
  PdfDownloadError,
  pdfDownloadFailureMessage,
  removeStaleParts,
  startsWithPdfHeader,
  type DownloadProgress,
  type PdfStore,
} from '../../src/core/pdf/pdfDownload';
import { FixtureServer, fixturesDir, startFixtureServer } from '../support/fixtureServer';

/** The cache on the real disk, as the host's `workspace.fs` store is. */
class NodePdfStore implements PdfStore {
  constructor(readonly dir: string) {}
  async list() {
    try {
      return await readdir(this.dir);
    } catch {
      return [];
    }
  }
  async write(name: string, data: Uint8Array) {
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, name), data);
  }
  async rename(from: string, to: string) {
    await rename(join(this.dir, from), join(this.dir, to));
  }
  async delete(name: string) {
    await rm(join(this.dir, name), { force: true });
  }
}

describe('PDF cache names and URLs', () => {
  it('names a file by arXiv id and version, from any field that has them', () => {
    assert.equal(pdfCacheFileName({ id: '1706.03762', arxivId: '1706.03762', version: 5 }), '1706.03762v5.pdf');
    assert.equal(pdfCacheFileName({ id: '1706.03762', version: 5 }), '1706.03762v5.pdf');
    assert.equal(pdfCacheFileName({ id: '1706.03762' }), '1706.03762.pdf');
    assert.equal(pdfCacheFileName({ id: 'x', links: { pdf: 'https://arxiv.org/pdf/2312.00752v2' } }), '2312.00752v2.pdf');
    assert.equal(pdfCacheStem({ id: 'hep-th/9901001', version: 1 }), 'hep-th_9901001v1');
    assert.equal(pdfCacheStem({ id: 'title:a strange/title?' }), 'title_a_strange_title_');
  });

  it('finds the paper again from a cache file name', () => {
    assert.equal(paperIdOfCacheFile('1706.03762v5.pdf'), '1706.03762');
    assert.equal(paperIdOfCacheFile('1706.03762.pdf'), '1706.03762');
    assert.equal(paperIdOfCacheFile('hep-th_9901001v1.pdf'), 'hep-th/9901001');
    assert.equal(paperIdOfCacheFile('title_some-slug.pdf'), undefined);
    assert.equal(paperIdOfCacheFile('notes.txt'), undefined);
  });

  it('picks the exact version, or the newest one when no version is asked for (or offline)', () => {
    const names = ['1706.03762v3.pdf', '1706.03762v5.pdf', '2312.00752.pdf', '.1706.03762v7.pdf.abc.part', 'other.txt'];
    assert.equal(pickCachedFile({ id: '1706.03762', version: 5 }, names), '1706.03762v5.pdf');
    assert.equal(pickCachedFile({ id: '1706.03762', version: 7 }, names), undefined);
    assert.equal(pickCachedFile({ id: '1706.03762', version: 7 }, names, { anyVersion: true }), '1706.03762v5.pdf');
    assert.equal(pickCachedFile({ id: '1706.03762' }, names), '1706.03762v5.pdf');
    // An unversioned download was "the latest" when it was made.
    assert.equal(pickCachedFile({ id: '2312.00752', version: 1 }, [...names, '2312.00752v1.pdf']), '2312.00752v1.pdf');
    assert.equal(pickCachedFile({ id: '2312.00752' }, [...names, '2312.00752v1.pdf']), '2312.00752.pdf');
  });

  it('builds the download URL from the configured base, or the paper link for other papers', () => {
    assert.equal(pdfDownloadUrl({ id: '1706.03762', version: 5 }, 'https://arxiv.org/pdf/'), 'https://arxiv.org/pdf/1706.03762v5');
    assert.equal(pdfDownloadUrl({ id: '1706.03762' }, 'http://127.0.0.1:9/pdf'), 'http://127.0.0.1:9/pdf/1706.03762');
    assert.equal(pdfDownloadUrl({ id: 'title:x', links: { pdf: 'https://example.org/x.pdf' } }, 'https://arxiv.org/pdf'), 'https://example.org/x.pdf');
    assert.equal(pdfDownloadUrl({ id: 'title:x', links: { pdf: 'javascript:alert(1)' } }, 'https://arxiv.org/pdf'), undefined);
    assert.equal(pdfDownloadUrl({ id: 'title:x' }, 'https://arxiv.org/pdf'), undefined);
  });

  it('recognises a PDF header and an end-of-file marker', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    assert.equal(startsWithPdfHeader(enc('%PDF-1.7\n')), true);
    assert.equal(startsWithPdfHeader(enc('<!DOCTYPE html>')), false);
    assert.equal(startsWithPdfHeader(enc('%PD')), false);
    assert.equal(hasEofMarker(enc('%PDF-1.4 ... %%EOF\n')), true);
    assert.equal(hasEofMarker(enc('%PDF-1.4 ... stream')), false);
  });
});

describe('downloadPdf against the fixture server on 127.0.0.1', () => {
  let server: FixtureServer;
  let dir: string;
  let store: NodePdfStore;
  const attention = join(fixturesDir, 'pdf', 'arxiv_1706.03762v5_attention.pdf');

  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'marginalia-pdf-cache-'));
    store = new NodePdfStore(join(dir, 'pdf'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function failure(promise: Promise<unknown>): Promise<PdfDownloadError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof PdfDownloadError, `expected a PdfDownloadError, got ${String(error)}`);
      return error;
    }
    assert.fail('the download did not fail');
  }

  it('downloads a real arXiv PDF completely, reporting byte progress against content-length', async () => {
    const progress: DownloadProgress[] = [];
    const size = await downloadPdf({ url: `${server.url}/pdf/1706.03762v5`, store, name: '1706.03762v5.pdf', onProgress: (p) => progress.push(p) });
    const expected = await readFile(attention);
    assert.equal(size, expected.length);
    assert.deepEqual(await readFile(join(store.dir, '1706.03762v5.pdf')), expected);
    assert.deepEqual(await store.list(), ['1706.03762v5.pdf'], 'no temporary file is left');
    assert.ok(progress.length >= 1);
    assert.equal(progress.at(-1)!.received, expected.length);
    assert.equal(progress.at(-1)!.total, expected.length);
    assert.ok(
      progress.every((p, i) => i === 0 || p.received >= progress[i - 1]!.received),
      'progress only grows',
    );
  });

  it('downloads without content-length (chunked) when the PDF ends with %%EOF', async () => {
    const progress: DownloadProgress[] = [];
    await downloadPdf({ url: `${server.url}/pdf/1111.2011v2?chunked=1`, store, name: '1111.2011v2.pdf', onProgress: (p) => progress.push(p) });
    assert.deepEqual(await readFile(join(store.dir, '1111.2011v2.pdf')), await readFile(join(fixturesDir, 'pdf', 'arxiv_1111.2011v2.pdf')));
    assert.ok(progress.every((p) => p.total === undefined));
  });

  it('rejects an HTML captcha page served with status 200 and writes nothing', async () => {
    const error = await failure(downloadPdf({ url: `${server.url}/pdf-captcha/1706.03762v5`, store, name: '1706.03762v5.pdf' }));
    assert.equal(error.kind, 'not-pdf');
    assert.match(error.message, /web page instead of a PDF/);
    assert.deepEqual(await store.list(), []);
  });

  it('leaves no file when the connection drops in the middle of the body', async () => {
    const error = await failure(downloadPdf({ url: `${server.url}/pdf-drop/1706.03762v5`, store, name: '1706.03762v5.pdf' }));
    assert.equal(error.kind, 'truncated');
    assert.deepEqual(await store.list(), []);
  });

  it('leaves no file when a body without length ends early (no %%EOF)', async () => {
    const error = await failure(downloadPdf({ url: `${server.url}/pdf-short/1706.03762v5`, store, name: '1706.03762v5.pdf' }));
    assert.equal(error.kind, 'truncated');
    assert.deepEqual(await store.list(), []);
  });

  it('leaves no file when cancelled half way, and keeps an existing copy intact', async () => {
    await store.write('1706.03762v5.pdf', new TextEncoder().encode('%PDF-1.4 previous copy %%EOF'));
    const controller = new AbortController();
    let cancelledAt = 0;
    const error = await failure(
      downloadPdf({
        url: `${server.url}/pdf-trickle/1706.03762v5`,
        store,
        name: '1706.03762v5.pdf',
        signal: controller.signal,
        onProgress: ({ received }) => {
          if (received > 100_000 && !cancelledAt) {
            cancelledAt = received;
            controller.abort();
          }
        },
      }),
    );
    assert.equal(error.kind, 'cancelled');
    assert.ok(cancelledAt > 0);
    assert.deepEqual(await store.list(), ['1706.03762v5.pdf']);
    assert.equal(await readFile(join(store.dir, '1706.03762v5.pdf'), 'utf8'), '%PDF-1.4 previous copy %%EOF');
  });

  it('reports HTTP errors and unreachable servers', async () => {
    assert.equal((await failure(downloadPdf({ url: `${server.url}/pdf/9999.99999v1`, store, name: 'x.pdf' }))).kind, 'http');
    assert.equal((await failure(downloadPdf({ url: `${server.url}/status/503/pdf/x`, store, name: 'x.pdf' }))).kind, 'http');
    assert.equal((await failure(downloadPdf({ url: 'http://127.0.0.1:9/pdf/x', store, name: 'x.pdf' }))).kind, 'network');
    assert.deepEqual(await store.list(), []);
  });

  /** The download's outcome, or a failure of the test when it has none after `ms` (a stalled download hangs). */
  async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no outcome after ${ms} ms`)), ms)));
    try {
      return await Promise.race([promise, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('gives up on a server that stops sending, after the idle timeout, as a download worth retrying', async () => {
    const started = Date.now();
    const error = await within(15_000, failure(downloadPdf({ url: `${server.url}/pdf-stall/1706.03762v5`, store, name: 'x.pdf', idleTimeoutMs: 1000 })));
    assert.equal(error.kind, 'stalled');
    assert.match(error.message, /^127\.0\.0\.1:\d+ stopped sending the PDF \(nothing for 1 s\)\.$/);
    assert.ok(isRetryable(error));
    assert.ok(Date.now() - started >= 1000);
    assert.deepEqual(await store.list(), []);
  });

  it('gives up on a server that never answers, after the idle timeout', async () => {
    const error = await within(15_000, failure(downloadPdf({ url: `${server.url}/slow/60000/pdf/1706.03762v5`, store, name: 'x.pdf', idleTimeoutMs: 1000 })));
    assert.equal(error.kind, 'stalled');
  });

  it('lets a slow download that keeps sending run longer than the idle timeout', async () => {
    const started = Date.now();
    await downloadPdf({ url: `${server.url}/pdf-trickle/1111.2011v2`, store, name: '1111.2011v2.pdf', idleTimeoutMs: 1000 });
    assert.ok(Date.now() - started > 1000, 'the download took longer than the idle timeout');
    assert.deepEqual(await store.list(), ['1111.2011v2.pdf']);
  });

  it('tells the user plainly when they are offline', async () => {
    const offline = await failure(downloadPdf({ url: 'http://127.0.0.1:9/pdf/2312.00752', store, name: 'x.pdf' }));
    assert.match(
      pdfDownloadFailureMessage('Mamba: Linear-Time Sequence Modeling with Selective State Spaces', offline),
      /^You are offline, or arXiv cannot be reached: the PDF of "Mamba: Linear-Time Sequence Modeling with Selective State Spaces" could not be downloaded, and it is not in the cache\. \(Could not reach 127\.0\.0\.1:9/,
    );
    const http = await failure(downloadPdf({ url: `${server.url}/pdf/9999.99999v1`, store, name: 'x.pdf' }));
    assert.match(pdfDownloadFailureMessage('X', http), /^Could not download the PDF of "X": The server answered 404/);
  });

  it('refuses a body over the size limit', async () => {
    const error = await failure(downloadPdf({ url: `${server.url}/pdf/1706.03762v5`, store, name: 'x.pdf', maxBytes: 100_000 }));
    assert.equal(error.kind, 'too-large');
    assert.deepEqual(await store.list(), []);
  });

  it('removes temporary files a crashed download left behind', async () => {
    await store.write('.1706.03762v5.pdf.k3j4.part', new Uint8Array([1]));
    await store.write('1706.03762v5.pdf', new Uint8Array([1]));
    await removeStaleParts(store);
    assert.deepEqual(await store.list(), ['1706.03762v5.pdf']);
  });
});

describe('the PDF cache folder of a download', () => {
  it('is the top for arXiv itself and a folder of its own for any other origin', () => {
    assert.equal(pdfOriginFolder('https://arxiv.org/pdf/2312.00752v2'), undefined);
    assert.equal(pdfOriginFolder('http://127.0.0.1:8123/pdf/2312.00752v2'), 'http-127.0.0.1-8123');
    assert.equal(pdfOriginFolder('https://arxiv.org.evil.example/pdf/2312.00752v2'), 'https-arxiv.org.evil.example');
    assert.equal(pdfOriginFolder('http://arxiv.org/pdf/2312.00752v2'), 'http-arxiv.org', 'plain http is another origin');
    assert.equal(pdfOriginFolder('https://export.arxiv.org/pdf/x'), 'https-export.arxiv.org');
  });
});
