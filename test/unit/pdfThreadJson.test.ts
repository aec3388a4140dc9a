/**
 * The pdf.js thread keeps the runtime's own `JSON.stringify` (src/host/pdf/nativeJson.ts): pdf.js's legacy build
 * replaces it on Node 20 with a slower one, and the thread stringifies every message of pdf.js's. Each case runs in a
 * fresh worker_thread, a realm where nothing was loaded before, from a bundle built as the extension builds its thread.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { repoRoot as root } from './pdfPageSide';

/**
 * Whether `JSON.stringify` in a fresh thread, after `imports`, is still the one the thread started with. (Not by its
 * source text: core-js makes its replacements print as `[native code]`.)
 */
async function nativeAfter(dir: string, name: string, imports: string): Promise<boolean> {
  writeFileSync(join(dir, 'capture.ts'), `(globalThis as { started?: unknown }).started = JSON.stringify;\n`);
  const entry = join(dir, `${name}.ts`);
  writeFileSync(
    entry,
    [
      // Evaluated first: the imports of a module are evaluated in their order.
      `import './capture';`,
      imports,
      `import { parentPort } from 'node:worker_threads';`,
      `parentPort!.postMessage(JSON.stringify === (globalThis as { started?: unknown }).started);`,
    ].join('\n'),
  );
  const out = join(dir, `${name}.js`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    nodePaths: [join(root, 'node_modules')],
    logLevel: 'silent',
  });
  const worker = new Worker(out);
  try {
    return await new Promise<boolean>((resolve, reject) => {
      worker.once('message', (same: boolean) => resolve(same));
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

describe("the pdf.js thread's JSON.stringify", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'marginalia-pdf-json-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is the native one once pdf.js is loaded the way the thread loads it', async () => {
    assert.equal(await nativeAfter(dir, 'thread', `import '${join(root, 'src/host/pdf/pdfjsInThread.ts')}';`), true);
  });

  it('would be replaced by pdf.js alone on a runtime without JSON.rawJSON (what the thread guards against)', async function () {
    if (typeof (JSON as { rawJSON?: unknown }).rawJSON === 'function') this.skip();
    const native = await nativeAfter(
      dir,
      'bare',
      `import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';\n(globalThis as { kept?: unknown }).kept = WorkerMessageHandler;`,
    );
    assert.equal(native, false);
  });
});
