/**
 * A term's postings that stay encoded until first used.
 *
 * Loading a saved index used to rebuild every posting map up front, millions of small Map entries: most of the load
 * time was allocation and garbage collection, for postings of terms nobody searches this session. Instead, each
 * leaf of MiniSearch's radix tree is one of these: it has the Map interface (so MiniSearch and our scorer use it
 * unchanged) and decodes its own span of the saved postings on the first call to any of its methods.
 */
import { FIELD_COUNT } from './docTable';
import { VarintReader } from './varint';

/** Postings of one term in one field: short document id → term frequency. */
export type Postings = Map<number, number>;
/** Postings of one term: field id → postings. */
export type TermData = Map<number, Postings>;

/** The saved postings text, shared by all the terms that still point into it. */
export interface PostingsSource {
  readonly text: string;
  /** Papers in the saved index: every short id in it is below this. */
  readonly documentCount: number;
}

export class LazyTermData implements Map<number, Postings> {
  private source: PostingsSource | undefined;
  private decoded: Map<number, Postings> | undefined;

  constructor(
    source: PostingsSource,
    /** Where this term's record starts in `source.text`. */
    private readonly start: number,
    /** Length of the record, to copy it as is when saving again. */
    private readonly length: number,
  ) {
    this.source = source;
  }

  /**
   * The record as saved, if it was never decoded (so never changed) and its short ids below `unchangedBelow` are
   * still the same papers: then saving again can copy it as is.
   */
  encodedIfUnchanged(unchangedBelow: number): string | undefined {
    const source = this.source;
    if (!source || source.documentCount > unchangedBelow) return undefined;
    return source.text.slice(this.start, this.start + this.length);
  }

  /**
   * Postings in some fields, without decoding: choosing completions counts thousands of terms per keystroke, and
   * decoding them all would undo the lazy load.
   */
  countIn(fieldIds: readonly number[]): number {
    const source = this.source;
    if (!source) {
      let n = 0;
      for (const f of fieldIds) n += this.map.get(f)?.size ?? 0;
      return n;
    }
    return countFromRecord(new VarintReader(source.text, this.start), fieldIds);
  }

  /** The real map, decoded on first use. Not a Map subclass: an empty Map costs more heap than this whole object. */
  private get map(): Map<number, Postings> {
    if (this.decoded) return this.decoded;
    const map = new Map<number, Postings>();
    const source = this.source;
    this.source = undefined;
    if (source) decodeTermRecord(new VarintReader(source.text, this.start), source.documentCount, (fieldId, postings) => map.set(fieldId, postings));
    this.decoded = map;
    return map;
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  get size(): number {
    return this.map.size;
  }

  get(key: number): Postings | undefined {
    return this.map.get(key);
  }

  has(key: number): boolean {
    return this.map.has(key);
  }

  set(key: number, value: Postings): this {
    this.map.set(key, value);
    return this;
  }

  delete(key: number): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  forEach(callback: (value: Postings, key: number, map: Map<number, Postings>) => void, thisArg?: unknown): void {
    this.map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[number, Postings]> {
    return this.map.entries();
  }

  keys(): MapIterator<number> {
    return this.map.keys();
  }

  values(): MapIterator<Postings> {
    return this.map.values();
  }

  [Symbol.iterator](): MapIterator<[number, Postings]> {
    return this.map[Symbol.iterator]();
  }
}

/**
 * Reads one term record (see `SerializedPaperIndex.postings`) and hands over each field's postings. Throws on
 * malformed input.
 */
export function decodeTermRecord(reader: VarintReader, documentCount: number, put: (fieldId: number, postings: Postings) => void): void {
  const mask = reader.read();
  if (mask === 0 || mask >= 1 << FIELD_COUNT) throw new RangeError(`bad field mask ${mask}`);
  const fields: [fieldId: number, count: number][] = [];
  for (let f = 0; f < FIELD_COUNT; f++) if ((mask & (1 << f)) !== 0) fields.push([f, reader.read()]);
  for (const [f, n] of fields) {
    const list: Postings = new Map();
    let id = -1;
    for (let i = 0; i < n; i++) {
      const v = reader.read();
      id += Math.floor(v / 2) + 1;
      list.set(id, v % 2 === 1 ? reader.read() + 2 : 1);
    }
    if (id >= documentCount) throw new RangeError(`posting for paper ${id} of ${documentCount}`);
    put(f, list);
  }
}

/** Postings in the given fields, from a record's header alone (the counts come before the postings). */
export function countFromRecord(reader: VarintReader, fieldIds: readonly number[]): number {
  const mask = reader.read();
  let n = 0;
  for (let f = 0; f < FIELD_COUNT; f++) {
    if ((mask & (1 << f)) === 0) continue;
    const count = reader.read();
    if (fieldIds.includes(f)) n += count;
  }
  return n;
}

/** Sum of the postings sizes of a term over some fields (its document frequency, counted per field). */
export function postingsCount(data: TermData, fieldIds: readonly number[]): number {
  if (data instanceof LazyTermData) return data.countIn(fieldIds);
  let n = 0;
  for (const f of fieldIds) n += data.get(f)?.size ?? 0;
  return n;
}
