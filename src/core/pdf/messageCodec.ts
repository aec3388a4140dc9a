/**
 * pdf.js's worker messages across a channel that speaks JSON plus binary buffers (a VS Code webview's `postMessage`
 * both ways). pdf.js posts with the structured clone, which keeps what JSON loses: `undefined`, `NaN` and the
 * infinities, typed arrays, `Map`s and `Set`s, errors with their names. A message is encoded into one JSON string and
 * at most one `ArrayBuffer` holding the bytes of all its typed arrays one after the other (only each view's own bytes,
 * never the whole buffer under it), and decoded back into the same values, each typed array with a buffer of its own.
 * One buffer, because VS Code's webview messaging lost buffers of a message that carried many (seen on code-server
 * 4.139 with nine), and one buffer is one binary part for it to pass on.
 *
 * Special values become a one-key object under `TAG`, a key pdf.js never uses; a plain object that has it anyway is
 * wrapped so that it decodes unchanged. An object met again is sent as a reference to its first appearance, as the
 * structured clone keeps it one object: pdf.js's operator lists name the same few glyph objects thousands of times
 * (a page of text: 0.8 MB of JSON written out, about 0.1 MB with references, and a fifth of the time).
 */

import { asError } from '../errorText';

export const TAG = '\u0001';

export interface EncodedMessage {
  readonly json: string;
  /** The bytes of the message's typed arrays and buffers, when it has any. */
  readonly bytes?: ArrayBuffer;
  /**
   * `bytes` are deflated (raw deflate) and must be inflated before decoding: large messages from the extension host's
   * thread, such as a page's decoded image (src/host/pdf/deflateMessage.ts).
   */
  readonly deflated?: true;
}

type Tagged =
  | ['u']
  | ['n', 'NaN' | 'Infinity' | '-Infinity' | '-0']
  | ['big', string]
  | ['ab', number, number]
  | ['ta', TypedArrayName, number, number]
  | ['dv', number, number]
  | ['map', unknown[]]
  | ['set', unknown[]]
  | ['date', number]
  | ['err', Record<string, unknown>]
  | ['obj', Record<string, unknown>];

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;
type TypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

/**
 * Deeper than any pdf.js message (an outline nested 100 levels is 200 here); a guard against an array that holds
 * itself (objects that refer to themselves are sent as references).
 */
const MAX_DEPTH = 2000;

/** Sets an own field, also one named `__proto__` (which plain assignment would take as the prototype). */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

export class MessageCodecError extends Error {
  override name = 'DataCloneError';
}

export function encodeMessage(value: unknown): EncodedMessage {
  const views: Uint8Array[] = [];
  let size = 0;
  const tag = (t: Tagged) => ({ [TAG]: t });
  /** Objects written so far, numbered in the order they were first met (the decoder counts the same way). */
  const seen = new Map<object, number>();
  /** Where the view's bytes will be: [offset, length] (offsets 8-aligned, as a Float64Array needs). */
  const place = (view: ArrayBufferView): [number, number] => {
    const offset = Math.ceil(size / 8) * 8;
    views.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    size = offset + view.byteLength;
    return [offset, view.byteLength];
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new MessageCodecError('a message nested too deeply (or an array that holds itself)');
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (Number.isNaN(v)) return tag(['n', 'NaN']);
        if (v === Infinity) return tag(['n', 'Infinity']);
        if (v === -Infinity) return tag(['n', '-Infinity']);
        if (v === 0 && 1 / v < 0) return tag(['n', '-0']);
        return v;
      case 'undefined':
        return tag(['u']);
      case 'bigint':
        return tag(['big', v.toString()]);
      case 'function':
      case 'symbol':
        throw new MessageCodecError(`a ${typeof v} cannot be sent`);
    }
    if (v === null) return null;
    const next = depth + 1;
    if (Array.isArray(v)) {
      const out = new Array<unknown>(v.length);
      // A hole clones as undefined here (the structured clone keeps it a hole; pdf.js never tells them apart).
      for (let i = 0; i < v.length; i++) out[i] = walk(v[i], next);
      return out;
    }
    if (v instanceof ArrayBuffer) return tag(['ab', ...place(new Uint8Array(v))]);
    if (ArrayBuffer.isView(v)) {
      if (v instanceof DataView) return tag(['dv', ...place(v)]);
      const name = typedArrayName(v);
      if (!name) throw new MessageCodecError(`a ${v.constructor.name} cannot be sent`);
      return tag(['ta', name, ...place(v)]);
    }
    if (v instanceof Map) return tag(['map', [...v].map(([k, val]) => [walk(k, next), walk(val, next)])]);
    if (v instanceof Set) return tag(['set', [...v].map((item) => walk(item, next))]);
    if (v instanceof Date) return tag(['date', v.getTime()]);
    if (v instanceof Error) {
      const fields: Record<string, unknown> = { name: v.name, message: v.message };
      if (v.stack !== undefined) fields.stack = v.stack;
      for (const key of Object.keys(v)) setField(fields, key, walk((v as unknown as Record<string, unknown>)[key], next));
      return tag(['err', fields]);
    }
    const obj = v as Record<string, unknown>;
    const ref = seen.get(obj);
    if (ref !== undefined) return { [TAG]: ref };
    seen.set(obj, seen.size);
    const proto = Object.getPrototypeOf(obj) as unknown;
    // Class instances clone as plain objects with their own enumerable fields, as the structured clone does; what
    // the structured clone refuses (ports, canvases, bitmaps, promises) is refused here too.
    if (proto !== Object.prototype && proto !== null && !isPlainData(obj)) throw new MessageCodecError(`a ${obj.constructor.name} cannot be sent`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) setField(out, key, walk(obj[key], next));
    return TAG in out ? tag(['obj', out]) : out;
  };
  const json = JSON.stringify(walk(value, 0));
  if (views.length === 0) return { json };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const view of views) {
    offset = Math.ceil(offset / 8) * 8;
    bytes.set(view, offset);
    offset += view.byteLength;
  }
  return { json, bytes: bytes.buffer };
}

/** Encodes, or tells `onError` why it cannot (such a message is dropped, as a port drops what it cannot clone). */
export function encodeOrReport(value: unknown, onError: (error: Error) => void): EncodedMessage | undefined {
  try {
    return encodeMessage(value);
  } catch (error) {
    onError(asError(error));
    return undefined;
  }
}

export function decodeMessage(json: string, bytes: ArrayBuffer | undefined): unknown {
  return decodeValue(JSON.parse(json) as unknown, bytes, 0);
}

/**
 * Encoded messages as one (none of them deflated): `{"b":[bases],"m":[messages]}`, each message's JSON text as it
 * was, its bytes at its base in one buffer. Each was encoded when it was posted, as a port clones a message then:
 * pdf.js changes some objects after posting them (a text chunk's object gets the next chunk's items).
 */
export function combineMessages(messages: readonly EncodedMessage[]): EncodedMessage {
  const bases: number[] = [];
  let size = 0;
  for (const message of messages) {
    size = Math.ceil(size / 8) * 8;
    bases.push(size);
    size += message.bytes?.byteLength ?? 0;
  }
  const json = `{"b":${JSON.stringify(bases)},"m":[${messages.map((message) => message.json).join(',')}]}`;
  if (size === 0) return { json };
  // One message with bytes (a page's image, say): its own buffer, not a copy.
  if (messages.length === 1) return { json, bytes: messages[0]!.bytes };
  const bytes = new Uint8Array(size);
  messages.forEach((message, i) => {
    if (message.bytes) bytes.set(new Uint8Array(message.bytes), bases[i]);
  });
  return { json, bytes: bytes.buffer };
}

/** The messages of `combineMessages`, in order. Throws if the text is not such a batch. */
export function decodeMessages(json: string, bytes: ArrayBuffer | undefined): unknown[] {
  const parsed = JSON.parse(json) as { b?: unknown; m?: unknown } | null;
  const bases = parsed?.b;
  const messages = parsed?.m;
  if (!Array.isArray(bases) || !Array.isArray(messages) || bases.length !== messages.length) {
    throw new MessageCodecError('a batch of messages that is not one');
  }
  return messages.map((message, i) => {
    const base = bases[i] as unknown;
    if (typeof base !== 'number' || !Number.isInteger(base) || base < 0) throw new MessageCodecError('a batch of messages with a bad offset');
    return decodeValue(message, bytes, base);
  });
}

/** A parsed message, its typed arrays' bytes found from `base` in `bytes`. */
function decodeValue(parsed: unknown, bytes: ArrayBuffer | undefined, base: number): unknown {
  /** A copy of the bytes at [offset, offset + length): each value gets a buffer of its own, as a clone would. */
  const buffer = (offset: number, length: number): ArrayBuffer => {
    if (
      !(bytes instanceof ArrayBuffer) ||
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      base + offset + length > bytes.byteLength
    ) {
      throw new MessageCodecError(`a message refers to bytes ${offset}-${offset + length}, which did not come with it`);
    }
    return bytes.slice(base + offset, base + offset + length);
  };
  /** Objects decoded so far, in the order the encoder numbered them (first met, before their fields). */
  const objects: Record<string, unknown>[] = [];
  const fields = (record: Record<string, unknown>) => {
    for (const key of Object.keys(record)) setField(record, key, walk(record[key]));
    return record;
  };
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    const record = v as Record<string, unknown>;
    const tagged = record[TAG];
    if (tagged === undefined) {
      objects.push(record);
      return fields(record);
    }
    if (typeof tagged === 'number') {
      const found = objects[tagged];
      if (!found) throw new MessageCodecError(`a message refers to object ${tagged} before it appears`);
      return found;
    }
    return untag(tagged as Tagged);
  };
  const untag = (t: Tagged): unknown => {
    switch (t[0]) {
      case 'u':
        return undefined;
      case 'n':
        return t[1] === '-0' ? -0 : Number(t[1]);
      case 'big':
        return BigInt(t[1]);
      case 'ab':
        return buffer(t[1], t[2]);
      case 'ta': {
        const Ctor = (Object.hasOwn(TYPED_ARRAYS, t[1]) ? TYPED_ARRAYS[t[1]] : undefined) as (new (b: ArrayBuffer) => TypedArray) | undefined;
        if (typeof Ctor !== 'function') throw new MessageCodecError(`unknown typed array ${String(t[1])}`);
        return new Ctor(buffer(t[2], t[3]));
      }
      case 'dv':
        return new DataView(buffer(t[1], t[2]));
      case 'map':
        return new Map(t[1].map((pair) => [walk((pair as unknown[])[0]), walk((pair as unknown[])[1])]));
      case 'set':
        return new Set(t[1].map(walk));
      case 'date':
        return new Date(t[1]);
      case 'err': {
        const own = fields(t[1]);
        const error = new Error(String(own.message ?? ''));
        for (const [key, value] of Object.entries(own)) {
          Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: key !== 'message' && key !== 'stack' && key !== 'name' });
        }
        return error;
      }
      case 'obj':
        objects.push(t[1]);
        return fields(t[1]);
      default:
        throw new MessageCodecError(`unknown tag ${String((t as unknown[])[0])}`);
    }
  };
  return walk(parsed);
}

/**
 * The typed array's kind, by its `Symbol.toStringTag` (every typed array has the intrinsic getter, a subclass such as
 * Node's `Buffer` included), checked against the constructor of that name. (Trying each constructor in turn was a
 * sixth of the encoding of a page's operator list, which holds thousands of typed arrays.)
 */
function typedArrayName(view: ArrayBufferView): TypedArrayName | undefined {
  const name = (view as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag];
  return typeof name === 'string' && Object.hasOwn(TYPED_ARRAYS, name) && view instanceof TYPED_ARRAYS[name as TypedArrayName]
    ? (name as TypedArrayName)
    : undefined;
}

/** Objects the structured clone refuses: anything holding a thread, a port, a canvas or a pending result. */
function isPlainData(v: object): boolean {
  const name = v.constructor?.name ?? '';
  return !/^(MessagePort|Worker|ImageBitmap|OffscreenCanvas|Promise|WeakMap|WeakSet|WeakRef|ReadableStream|WritableStream)$/.test(name);
}
