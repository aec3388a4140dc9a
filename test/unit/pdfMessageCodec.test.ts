import assert from 'node:assert/strict';
import { decodeMessage, encodeMessage, MessageCodecError, TAG } from '../../src/core/pdf/messageCodec';

/** Through the codec and a channel like VS Code's: the JSON as a string, each buffer copied. */
function roundTrip(value: unknown): unknown {
  const { json, bytes } = encodeMessage(value);
  assert.equal(typeof json, 'string');
  return decodeMessage(json, bytes?.slice(0));
}

describe('pdf.js message codec', () => {
  it('keeps what JSON loses: undefined, NaN, the infinities, -0 and bigints', () => {
    const back = roundTrip({ a: undefined, list: [undefined, NaN, Infinity, -Infinity, -0, 0, 1.5], big: 2n ** 70n }) as Record<string, unknown>;
    assert.ok('a' in back && back.a === undefined);
    const list = back.list as number[];
    assert.equal(list.length, 7);
    assert.equal(list[0], undefined);
    assert.ok(Number.isNaN(list[1]));
    assert.equal(list[2], Infinity);
    assert.equal(list[3], -Infinity);
    assert.ok(Object.is(list[4], -0));
    assert.ok(Object.is(list[5], 0));
    assert.equal(list[6], 1.5);
    assert.equal(back.big, 2n ** 70n);
  });

  it('sends only the bytes of typed arrays, not the whole buffers under them, all in one buffer', () => {
    const whole = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const view = whole.subarray(2, 5);
    const f64 = new Float64Array([Math.PI, -1e300]);
    const encoded = encodeMessage({
      view,
      bytes: new Uint8ClampedArray([255, 0, 7]),
      raw: new Uint8Array([9, 8]).buffer,
      dv: new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
      f64,
    });
    // The views' own bytes, each at an 8-aligned offset: 12 at 0, 3 at 16, 2 at 24, 2 at 32, 16 at 40.
    assert.equal(encoded.bytes?.byteLength, 56);
    const back = decodeMessage(encoded.json, encoded.bytes) as Record<string, unknown>;
    assert.deepEqual([...(back.f64 as Float64Array)], [Math.PI, -1e300]);
    // Each value has a buffer of its own (pdf.js may transfer one on without taking the others).
    assert.equal((back.view as Float32Array).buffer.byteLength, 12);
    assert.notEqual((back.view as Float32Array).buffer, (back.f64 as Float64Array).buffer);
    assert.ok(back.view instanceof Float32Array);
    assert.deepEqual([...(back.view as Float32Array)], [3, 4, 5]);
    assert.ok(back.bytes instanceof Uint8ClampedArray);
    assert.deepEqual([...(back.bytes as Uint8ClampedArray)], [255, 0, 7]);
    assert.ok(back.raw instanceof ArrayBuffer);
    assert.deepEqual([...new Uint8Array(back.raw as ArrayBuffer)], [9, 8]);
    assert.ok(back.dv instanceof DataView);
    assert.deepEqual([(back.dv as DataView).getUint8(0), (back.dv as DataView).getUint8(1)], [2, 3]);
  });

  it('keeps maps, sets, dates and nested arrays as they were', () => {
    const value = {
      m: new Map<unknown, unknown>([
        ['k', [1, { x: undefined }]],
        [2, new Set(['a', NaN])],
      ]),
      d: new Date(Date.UTC(2026, 10, 26)),
      deep: [[[['x']]]],
    };
    const back = roundTrip(value) as typeof value;
    assert.ok(back.m instanceof Map);
    assert.deepEqual(back.m.get('k'), [1, { x: undefined }]);
    const set = back.m.get(2) as Set<unknown>;
    assert.ok(set instanceof Set);
    assert.ok(set.has('a') && [...set].some((v) => Number.isNaN(v)));
    assert.ok(back.d instanceof Date);
    assert.equal(back.d.getTime(), Date.UTC(2026, 10, 26));
    assert.deepEqual(back.deep, [[[['x']]]]);
  });

  it('brings errors back with their name, message and fields (pdf.js wraps them by name)', () => {
    const error = Object.assign(new Error('Invalid PDF structure.'), { details: 'xref', status: 7 });
    error.name = 'InvalidPDFException';
    const back = roundTrip({ reason: error }) as { reason: Error & { details: string; status: number } };
    assert.ok(back.reason instanceof Error);
    assert.equal(back.reason.name, 'InvalidPDFException');
    assert.equal(back.reason.message, 'Invalid PDF structure.');
    assert.equal(back.reason.details, 'xref');
    assert.equal(back.reason.status, 7);
  });

  it('sends class instances as their fields, as the structured clone does', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      get sum(): number {
        return this.x + this.y;
      }
    }
    assert.deepEqual(roundTrip({ p: new Point(1, 2) }), { p: { x: 1, y: 2 } });
  });

  it('treats text that looks like its own tags as data', () => {
    const hostile = { [TAG]: ['ab', 0], title: '{"\\u0001":["u"]}', nested: { [TAG]: ['err', { message: 'not an error' }] } };
    const back = roundTrip(hostile) as Record<string, unknown>;
    assert.deepEqual(back, hostile);
  });

  it('refuses what cannot be sent, with a DataCloneError', () => {
    assert.throws(
      () => encodeMessage({ f: () => 1 }),
      (e: unknown) => e instanceof MessageCodecError && e.name === 'DataCloneError',
    );
    assert.throws(() => encodeMessage({ p: Promise.resolve(1) }), MessageCodecError);
    const loop: unknown[] = [];
    loop.push(loop);
    assert.throws(() => encodeMessage(loop), /nested too deeply/);
  });

  it('keeps an object met twice one object, as the structured clone does, and writes it once', () => {
    const glyph = { fontChar: 'A', unicode: 'A', width: 722, isSpace: false, accent: null };
    const space = { fontChar: ' ', unicode: ' ', width: 250, isSpace: true, accent: null };
    const line = Array.from({ length: 500 }, (_, i) => (i % 5 === 4 ? space : i % 7 === 3 ? -120 : glyph));
    const message = { action: 'stream', chunk: { argsArray: [[line], [line]], shared: { glyph } } };
    const encoded = encodeMessage(message);
    // The same message with a fresh object at every place: each written out in full.
    const unshared = encodeMessage(JSON.parse(JSON.stringify(message)));
    assert.ok(encoded.json.length * 3 < unshared.json.length, `${encoded.json.length} characters against ${unshared.json.length}`);
    const back = decodeMessage(encoded.json, encoded.bytes) as typeof message;
    assert.deepEqual(back, message);
    const [[first], [second]] = back.chunk.argsArray as [[unknown[]], [unknown[]]];
    // An array met twice is written twice (pdf.js shares objects, not arrays): equal, not one.
    assert.deepEqual(first, second);
    assert.equal(first![0], back.chunk.shared.glyph, 'the glyph is one object wherever it appears');
    assert.equal(first![4], first![9]);
  });

  it('keeps an object that refers to itself', () => {
    const node: Record<string, unknown> = { name: 'root' };
    node.self = node;
    node.children = [{ parent: node }];
    const back = roundTrip(node) as typeof node;
    assert.equal(back.self, back);
    assert.equal((back.children as { parent: unknown }[])[0]!.parent, back);
  });

  it('refuses a message that names bytes it did not bring', () => {
    const { json, bytes } = encodeMessage({ data: new Uint8Array([1, 2, 3]) });
    assert.throws(() => decodeMessage(json, undefined), /bytes 0-3/);
    assert.throws(() => decodeMessage(json, bytes!.slice(0, 2)), /bytes 0-3/);
    assert.throws(() => decodeMessage(JSON.stringify({ [TAG]: ['ab', -1, 2] }), new ArrayBuffer(4)), /did not come with it/);
    assert.throws(() => decodeMessage(JSON.stringify({ [TAG]: ['ta', 'NotAnArray', 0, 0] }), new ArrayBuffer(4)), /unknown typed array/);
    assert.throws(() => decodeMessage(JSON.stringify({ [TAG]: ['ta', 'constructor', 0, 0] }), new ArrayBuffer(4)), /unknown typed array/);
    assert.throws(() => decodeMessage(JSON.stringify({ [TAG]: ['zz'] }), undefined), /unknown tag/);
    assert.throws(() => decodeMessage(JSON.stringify([{ [TAG]: 3 }]), undefined), /object 3 before it appears/);
  });

  it('sends a message without typed arrays as JSON alone', () => {
    assert.equal(encodeMessage({ action: 'GetPage', data: { pageIndex: 0 } }).bytes, undefined);
  });

  it('keeps an own field named __proto__, as the structured clone does (PDF names become keys in some of pdf.js’s maps)', () => {
    const dests = Object.create(null) as Record<string, unknown>;
    Object.defineProperty(dests, '__proto__', { value: [{ num: 3, gen: 0 }, { name: 'XYZ' }], enumerable: true, writable: true, configurable: true });
    dests.intro = [{ num: 1, gen: 0 }];
    const shared = { num: 7 };
    const value = { dests, after: [shared, shared] };
    const back = roundTrip(value) as { dests: Record<string, unknown>; after: unknown[] };
    const cloned = structuredClone(value);
    assert.deepEqual(Object.keys(back.dests), Object.keys(cloned.dests));
    assert.deepEqual(Object.getOwnPropertyDescriptor(back.dests, '__proto__')?.value, [{ num: 3, gen: 0 }, { name: 'XYZ' }]);
    assert.equal(back.after[0], back.after[1], 'references after it still point at the right object');
  });

  it('sends an outline nested 150 levels deep', () => {
    let outline: { title: string; items: unknown[] } = { title: 'leaf', items: [] };
    for (let i = 0; i < 150; i++) outline = { title: `level ${i}`, items: [outline] };
    assert.deepEqual(roundTrip(outline), structuredClone(outline));
  });
});
