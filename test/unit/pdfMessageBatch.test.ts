/**
 * pdf.js's messages in batches between the extension host's thread and the webview (src/core/pdf/messageBatch.ts):
 * the format, and what a batcher sends.
 */
import assert from 'node:assert/strict';
import { BATCH_FLUSH_CHARS, MessageBatcher } from '../../src/core/pdf/messageBatch';
import { combineMessages, decodeMessages, encodeMessage, type EncodedMessage } from '../../src/core/pdf/messageCodec';
import { HostWorkerPort } from '../../webview/pdf/hostWorkerPort';

describe('pdf.js messages in batches', () => {
  it('brings back each message of a batch with its own typed arrays, in order', () => {
    const messages = [
      { action: 'obj', data: [new Uint8ClampedArray([1, 2, 3])] },
      { action: 'GetPage', data: { pageIndex: 3 } },
      { action: 'ops', data: [new Float32Array([0.5, -1.25]), new Float64Array([Math.PI])] },
    ];
    const batch = combineMessages(messages.map((m) => encodeMessage(m)));
    const back = decodeMessages(batch.json, batch.bytes);
    assert.deepEqual(back, messages);
    // Each typed array at its own message's bytes, 8-aligned for the Float64Array after a 3-byte one.
    assert.ok((back[2] as { data: unknown[] }).data[1] instanceof Float64Array);
  });

  it('keeps an object sent in two messages two objects, as two postMessages would', () => {
    const shared = { glyph: 'a' };
    const batch = combineMessages([encodeMessage({ args: [shared, shared] }), encodeMessage({ args: [shared] })]);
    const [first, second] = decodeMessages(batch.json, batch.bytes) as { args: object[] }[];
    assert.equal(first!.args[0], first!.args[1], 'one object within a message');
    assert.notEqual(first!.args[0], second!.args[0], 'two objects across messages');
  });

  it('refuses text that is not a batch, or names bytes it does not have', () => {
    assert.throws(() => decodeMessages(JSON.stringify({ action: 'x' }), undefined), /not one/);
    assert.throws(() => decodeMessages(JSON.stringify({ b: [0, 1], m: [{}] }), undefined), /not one/);
    assert.throws(() => decodeMessages(JSON.stringify({ b: [-8], m: [{}] }), undefined), /bad offset/);
    const batch = combineMessages([encodeMessage({ data: new Uint8Array(16) })]);
    const json = batch.json.replace('"b":[0]', '"b":[8]');
    assert.throws(() => decodeMessages(json, batch.bytes), /did not come with it/);
  });

  it('sends what was posted in one turn as one message, each message as it was when posted', async () => {
    const sent: EncodedMessage[] = [];
    const errors: string[] = [];
    const batcher = new MessageBatcher(
      (encoded) => sent.push(encoded),
      (error) => errors.push(error.message),
      (flush) => queueMicrotask(flush),
    );
    // pdf.js posts a text chunk and then gives the same object the next chunk's items.
    const chunk = { items: ['first'] };
    batcher.add({ stream: 4, chunk });
    chunk.items = ['second'];
    batcher.add({ stream: 4, chunk });
    batcher.add({ cannot: () => undefined });
    assert.equal(sent.length, 0, 'nothing before the turn ends');
    await Promise.resolve();
    assert.equal(sent.length, 1);
    assert.deepEqual(decodeMessages(sent[0]!.json, sent[0]!.bytes), [
      { stream: 4, chunk: { items: ['first'] } },
      { stream: 4, chunk: { items: ['second'] } },
    ]);
    assert.equal(errors.length, 1, 'the message that cannot be sent is said, the others go');
    batcher.add({ late: true });
    batcher.drop();
    await Promise.resolve();
    assert.equal(sent.length, 1, 'dropped when the side closed');
  });

  it('sends a large message at once, after what was waiting, without holding it for the end of the turn', () => {
    const sent: unknown[][] = [];
    const batcher = new MessageBatcher(
      (encoded) => sent.push(decodeMessages(encoded.json, encoded.bytes)),
      () => undefined,
      () => undefined, // a turn that never ends: pdf.js's worker making a page in one chain of promises
    );
    batcher.add({ small: 1 });
    assert.equal(sent.length, 0);
    const image = new Uint8ClampedArray(BATCH_FLUSH_CHARS);
    batcher.add({ obj: image });
    assert.equal(sent.length, 1, 'sent at once');
    assert.deepEqual(sent[0], [{ small: 1 }, { obj: image }]);
  });

  it('says a batch that cannot be sent instead of throwing from its timer', () => {
    const errors: string[] = [];
    const batcher = new MessageBatcher(
      () => {
        throw new RangeError('Array buffer allocation failed');
      },
      (error) => errors.push(error.message),
      () => undefined,
    );
    batcher.add({ a: 1 });
    assert.doesNotThrow(() => batcher.flush());
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /1 message\(s\) of pdf\.js's could not be sent: Array buffer allocation failed/);
  });

  it('gives pdf.js every message of a batch, also after one it threw on, and says that one', () => {
    const errors: string[] = [];
    const port = new HostWorkerPort(
      () => undefined,
      (error) => errors.push(error.message),
    );
    const got: unknown[] = [];
    port.addEventListener('message', ({ data }) => {
      if ((data as { bad?: boolean }).bad) throw new Error('Cannot resolve callback 7');
      got.push(data);
    });
    port.receive(combineMessages([encodeMessage({ first: true }), encodeMessage({ bad: true }), encodeMessage({ last: true })]));
    assert.deepEqual(got, [{ first: true }, { last: true }]);
    assert.deepEqual(errors, ['Cannot resolve callback 7']);
  });
});
