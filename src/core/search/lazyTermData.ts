/**
 * A term's postings that stay encoded until first used.
 *
 * Loading a saved index used to rebuild every posting map up front, millions of small Map entries: most of the load
 * time was allocation and garbage collection, for postings of terms nobody searches this session. Instead, each
 * leaf of MiniSearch's radix tree is one of these: a real Map (so MiniSearch and our scorer use it unchanged) that
 * decodes its own span of the saved postings on the first call to any Map method.
 */
import { FIELD_COUNT } from './docTable';
import type { Postings } from './indexStore';
import { VarintReader } from './varint';

/** The saved postings text, shared by all the terms that still point into it. */
export interface PostingsSource {
  readonly text: string;
  /** Papers in the saved index: every short id in it is below this. */
  readonly documentCount: number;
}

export class LazyTermData extends Map<number, Postings> {
  private source: PostingsSource | undefined;

  constructor(
    source: PostingsSource,
    /** Where this term's record starts in `source.text`. */
    private readonly start: number,
    /** Length of the record, to copy it as is when saving again. */
    private readonly length: number,
  ) {
    super();
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

  private decode(): void {
    const source = this.source;
    if (!source) return;
    this.source = undefined;
    decodeTermRecord(new VarintReader(source.text, this.start), source.documentCount, (fieldId, postings) => super.set(fieldId, postings));
  }

  override get size(): number {
    this.decode();
    return super.size;
  }

  override get(key: number): Postings | undefined {
    this.decode();
    return super.get(key);
  }

  override has(key: number): boolean {
    this.decode();
    return super.has(key);
  }

  override set(key: number, value: Postings): this {
    this.decode();
    return super.set(key, value);
  }

  override delete(key: number): boolean {
    this.decode();
    return super.delete(key);
  }

  override clear(): void {
    this.source = undefined;
    super.clear();
  }

  override forEach(callback: (value: Postings, key: number, map: Map<number, Postings>) => void, thisArg?: unknown): void {
    this.decode();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[number, Postings]> {
    this.decode();
    return super.entries();
  }

  override keys(): MapIterator<number> {
    this.decode();
    return super.keys();
  }

  override values(): MapIterator<Postings> {
    this.decode();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[number, Postings]> {
    this.decode();
    return super[Symbol.iterator]();
  }
}

/**
 * Reads one term record (see `SerializedPaperIndex.postings`) and hands over each field's postings. Throws on
 * malformed input.
 */
export function decodeTermRecord(reader: VarintReader, documentCount: number, put: (fieldId: number, postings: Postings) => void): void {
  const mask = reader.read();
  if (mask === 0 || mask >= 1 << FIELD_COUNT) throw new RangeError(`bad field mask ${mask}`);
  for (let f = 0; f < FIELD_COUNT; f++) {
    if ((mask & (1 << f)) === 0) continue;
    const list: Postings = new Map();
    const n = reader.read();
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
