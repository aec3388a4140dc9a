import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { combineMessages, encodeMessage } from '../../src/core/pdf/messageCodec';
import { DEFLATE_FROM_BYTES, deflateLarge } from '../../src/host/pdf/deflateMessage';
import { HostWorkerPort } from '../../webview/pdf/hostWorkerPort';

/** A decoded image as pdf.js's thread sends it: mostly white RGBA pixels with a dark line. */
function imageMessage(pixels: number): { action: string; data: [string, number, string, { width: number; data: Uint8ClampedArray }] } {
  const data = new Uint8ClampedArray(pixels * 4).fill(255);
  for (let i = 0; i < pixels * 4; i += 4 * 97) data[i] = data[i + 1] = data[i + 2] = 0;
  return { action: 'obj', data: ['img_p2_1', 2, 'Image', { width: 1520, data }] };
}

/** A port whose delivered messages and errors are recorded. */
function port() {
  const got: unknown[] = [];
  const errors: string[] = [];
  const p = new HostWorkerPort(
    () => undefined,
    (error) => errors.push(error.message),
  );
  p.addEventListener('message', (event) => got.push(event.data));
  return { p, got, errors };
}

/** Until `done` holds (inflating runs on the stream's own schedule), at most 5 s. */
const until = async (done: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
};

/** A message as the host's thread sends it: in a batch (see messageBatch.ts), here of one. */
const one = (message: unknown) => combineMessages([encodeMessage(message)]);

describe("pdf.js's large messages, deflated across to the webview", () => {
  it('deflates a large image message to a fraction, in a buffer of its own, and leaves small ones alone', () => {
    const big = encodeMessage(imageMessage(1520 * 600));
    assert.ok(big.bytes && big.bytes.byteLength > DEFLATE_FROM_BYTES);
    const packed = deflateLarge(big);
    assert.equal(packed.deflated, true);
    assert.equal(packed.json, big.json);
    assert.ok(packed.bytes!.byteLength < big.bytes.byteLength / 20, `${packed.bytes!.byteLength} bytes`);
    const small = encodeMessage({ action: 'GetPage', data: { pageIndex: 3 }, bytes: new Uint8Array(100) });
    assert.equal(deflateLarge(small), small);
  });

  it('sends bytes that do not shrink as they are', () => {
    const noise = encodeMessage({ action: 'obj', data: new Uint8Array(randomBytes(DEFLATE_FROM_BYTES * 2)) });
    const sent = deflateLarge(noise);
    assert.equal(sent.deflated, undefined);
    assert.equal(sent.bytes, noise.bytes);
  });

  it('gives pdf.js the inflated message, in the order the host sent them', async () => {
    const { p, got, errors } = port();
    const image = imageMessage(1520 * 600);
    p.receive(deflateLarge(one(image)));
    p.receive(one({ action: 'commonobj', data: ['after the image'] }));
    assert.equal(got.length, 0, 'the message after the image waits for it');
    await until(() => got.length === 2);
    assert.deepEqual(errors, []);
    assert.equal(got.length, 2);
    const first = got[0] as ReturnType<typeof imageMessage>;
    assert.equal(first.action, 'obj');
    assert.deepEqual(first.data[3].data, image.data[3].data);
    assert.deepEqual(got[1], { action: 'commonobj', data: ['after the image'] });
  });

  it('says a message that cannot be inflated, and goes on with the next', async () => {
    const { p, got, errors } = port();
    p.receive({ json: '{"action":"obj"}', bytes: new Uint8Array([1, 2, 3, 4, 5]).buffer, deflated: true });
    p.receive(one({ action: 'next' }));
    await until(() => got.length + errors.length === 2);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /could not be inflated/);
    assert.deepEqual(got, [{ action: 'next' }]);
  });
});
