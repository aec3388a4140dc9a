import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { inflated } from '../../webview/pdf/bootChannel';

describe('PDF worker source: shipped gzipped', () => {
  const source = new TextEncoder().encode('export const pdfjs = "worker";\n'.repeat(2000));
  const buffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

  it('inflates the gzipped copy to the script', async () => {
    const packed = buffer(gzipSync(source, { level: 9 }));
    assert.ok(packed.byteLength < source.byteLength / 10);
    assert.deepEqual(new Uint8Array(await inflated(packed)), source);
  });

  it('takes a script the browser already inflated (Content-Encoding: gzip) as it is', async () => {
    const plain = buffer(source);
    assert.equal(await inflated(plain), plain);
  });

  it('rejects a damaged copy instead of starting a broken worker', async () => {
    const packed = new Uint8Array(gzipSync(source));
    await assert.rejects(inflated(buffer(packed.subarray(0, packed.length >> 1))));
  });
});
