/**
 * The papers of a loaded index as MiniSearch's three per-paper maps (short id → id, id → short id, short id → field
 * lengths), without a Map entry, a string or an array per paper.
 *
 * Restoring 100k papers into real Maps grew each of them by doubling, and every doubling rehashed all of it in one
 * step (70 ms at 65k papers), beside 100k id strings and field-length arrays that all survived the young generation.
 * Here the ids stay in their saved chunks (a span per paper), an open-addressing table of short ids finds a paper by
 * its id, and the field lengths sit in a typed array. Each map answers MiniSearch as a Map would; what is added
 * after the load goes into an ordinary Map beside it, and a loaded paper that is removed is marked gone.
 */
import { FIELD_COUNT } from './docTable';

/** The loaded papers: ids, the table that finds them, field lengths. Filled once, in order, by `add`. */
export class LoadedDocs {
  private readonly chunkOf: Int32Array;
  private readonly startOf: Int32Array;
  private readonly endOf: Int32Array;
  /** `FIELD_COUNT` per paper; with `present`, a bit per field (MiniSearch leaves a hole for an absent field). */
  private readonly lengths: Uint32Array;
  private readonly present: Uint8Array;
  /** Open addressing: short id + 1 per slot, 0 for free. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private added = 0;

  constructor(
    private readonly chunks: readonly string[],
    readonly count: number,
  ) {
    this.chunkOf = new Int32Array(count);
    this.startOf = new Int32Array(count);
    this.endOf = new Int32Array(count);
    this.lengths = new Uint32Array(count * FIELD_COUNT);
    this.present = new Uint8Array(count);
    let size = 8;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Paper `shortId` (the next one): where its id is in the chunks, and its field lengths (-1 for an absent field). */
  add(shortId: number, chunk: number, start: number, end: number, fieldLengths: ArrayLike<number>): void {
    if (shortId !== this.added) throw new Error(`papers out of order at ${shortId}`);
    this.chunkOf[shortId] = chunk;
    this.startOf[shortId] = start;
    this.endOf[shortId] = end;
    let bits = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (fieldLengths[f] < 0) continue;
      bits |= 1 << f;
      this.lengths[shortId * FIELD_COUNT + f] = fieldLengths[f];
    }
    this.present[shortId] = bits;
    const text = this.chunks[chunk];
    let slot = hashSpan(text, start, end) & this.mask;
    while (this.slots[slot] !== 0) {
      if (this.sameSpan(this.slots[slot] - 1, text, start, end)) throw new Error(`paper id saved twice at ${shortId}`);
      slot = (slot + 1) & this.mask;
    }
    this.slots[slot] = shortId + 1;
    this.added++;
  }

  idOf(shortId: number): string {
    return this.chunks[this.chunkOf[shortId]].slice(this.startOf[shortId], this.endOf[shortId]);
  }

  /** The short id of a loaded paper with this id, or -1. */
  find(id: string): number {
    let slot = hashSpan(id, 0, id.length) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const shortId = entry - 1;
      const start = this.startOf[shortId];
      if (this.endOf[shortId] - start === id.length && this.chunks[this.chunkOf[shortId]].startsWith(id, start)) return shortId;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Field lengths as MiniSearch keeps them: an array with a hole for each absent field. */
  fieldLengthsOf(shortId: number): number[] {
    const lengths: number[] = new Array<number>(FIELD_COUNT);
    const bits = this.present[shortId];
    for (let f = 0; f < FIELD_COUNT; f++) if ((bits & (1 << f)) !== 0) lengths[f] = this.lengths[shortId * FIELD_COUNT + f];
    return lengths;
  }

  private sameSpan(shortId: number, text: string, start: number, end: number): boolean {
    const otherStart = this.startOf[shortId];
    const length = end - start;
    if (this.endOf[shortId] - otherStart !== length) return false;
    const other = this.chunks[this.chunkOf[shortId]];
    for (let i = 0; i < length; i++) if (other.charCodeAt(otherStart + i) !== text.charCodeAt(start + i)) return false;
    return true;
  }
}

/** FNV-1a over UTF-16 code units. */
function hashSpan(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The common part of the three maps: loaded entries (keyed by short id) that can be removed, and a Map for the rest. */
abstract class LoadedMap<K, V> implements Map<K, V> {
  protected readonly gone: Uint8Array;
  protected live: number;
  protected readonly more = new Map<K, V>();

  constructor(protected readonly loaded: LoadedDocs) {
    this.gone = new Uint8Array(loaded.count);
    this.live = loaded.count;
  }

  /** The loaded entry's short id for a key, or -1. */
  protected abstract slot(key: K): number;
  protected abstract keyAt(shortId: number): K;
  protected abstract valueAt(shortId: number): V;

  private loadedSlot(key: K): number {
    const shortId = this.slot(key);
    return shortId >= 0 && this.gone[shortId] === 0 ? shortId : -1;
  }

  get size(): number {
    return this.live + this.more.size;
  }

  get(key: K): V | undefined {
    if (this.more.has(key)) return this.more.get(key);
    const shortId = this.loadedSlot(key);
    return shortId >= 0 ? this.valueAt(shortId) : undefined;
  }

  has(key: K): boolean {
    return this.more.has(key) || this.loadedSlot(key) >= 0;
  }

  set(key: K, value: V): this {
    // A loaded entry set again (MiniSearch never does): it moves to the Map.
    const shortId = this.loadedSlot(key);
    if (shortId >= 0) {
      this.gone[shortId] = 1;
      this.live--;
    }
    this.more.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    if (this.more.delete(key)) return true;
    const shortId = this.loadedSlot(key);
    if (shortId < 0) return false;
    this.gone[shortId] = 1;
    this.live--;
    return true;
  }

  clear(): void {
    this.gone.fill(1);
    this.live = 0;
    this.more.clear();
  }

  *entries(): MapIterator<[K, V]> {
    for (let shortId = 0; shortId < this.loaded.count; shortId++) if (this.gone[shortId] === 0) yield [this.keyAt(shortId), this.valueAt(shortId)];
    yield* this.more.entries();
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/** MiniSearch's `_documentIds`: short id → id. */
export class LoadedDocumentIds extends LoadedMap<number, string> {
  protected slot(shortId: number): number {
    return Number.isInteger(shortId) && shortId >= 0 && shortId < this.loaded.count ? shortId : -1;
  }
  protected keyAt(shortId: number): number {
    return shortId;
  }
  protected valueAt(shortId: number): string {
    return this.loaded.idOf(shortId);
  }
}

/** MiniSearch's `_idToShortId`: id → short id. */
export class LoadedShortIds extends LoadedMap<string, number> {
  protected slot(id: string): number {
    return typeof id === 'string' ? this.loaded.find(id) : -1;
  }
  protected keyAt(shortId: number): string {
    return this.loaded.idOf(shortId);
  }
  protected valueAt(shortId: number): number {
    return shortId;
  }
}

/** MiniSearch's `_fieldLength`: short id → field lengths (a new array each time for a loaded paper; none is changed). */
export class LoadedFieldLengths extends LoadedMap<number, number[]> {
  protected slot(shortId: number): number {
    return Number.isInteger(shortId) && shortId >= 0 && shortId < this.loaded.count ? shortId : -1;
  }
  protected keyAt(shortId: number): number {
    return shortId;
  }
  protected valueAt(shortId: number): number[] {
    return this.loaded.fieldLengthsOf(shortId);
  }
}
