/**
 * Per-document facts kept beside MiniSearch, in typed arrays indexed by MiniSearch's short ids: what the scoring
 * loop reads for every posting (liveness, field lengths) and what the filters read for every candidate (date, code,
 * categories). Typed arrays because a Map lookup per posting was a large share of MiniSearch's own query time.
 */
import { SEARCH_FIELDS } from './indexablePaper';

export const FIELD_COUNT = SEARCH_FIELDS.length;

export interface DocFacts {
  readonly fieldLengths: readonly (number | undefined)[];
  /** `YYYYMMDD`, 0 when unknown. */
  readonly date: number;
  readonly hasCode: boolean;
  /** Interned category ids. */
  readonly categories: readonly number[] | undefined;
  /** Distinctive terms for "more like this", space-separated; left as it is when not given (a load sets spans). */
  readonly signature?: string;
}

export class DocTable {
  /** 1 while the document is in the index; discarded documents linger in postings until MiniSearch vacuums. */
  alive = new Uint8Array(0);
  /** `FIELD_COUNT` lengths per document (MiniSearch's unique-token count per field). */
  fieldLengths = new Uint32Array(0);
  dates = new Int32Array(0);
  hasCode = new Uint8Array(0);
  categories: (readonly number[] | undefined)[] = [];
  readonly signatures = new TextColumn();

  /** Number of short ids the arrays can hold. */
  get capacity(): number {
    return this.alive.length;
  }

  set(shortId: number, facts: DocFacts): void {
    this.ensure(shortId + 1);
    this.alive[shortId] = 1;
    for (let f = 0; f < FIELD_COUNT; f++) this.fieldLengths[shortId * FIELD_COUNT + f] = facts.fieldLengths[f] ?? 0;
    this.dates[shortId] = facts.date;
    this.hasCode[shortId] = facts.hasCode ? 1 : 0;
    this.categories[shortId] = facts.categories;
    if (facts.signature !== undefined) this.signatures.set(shortId, facts.signature);
  }

  clear(shortId: number): void {
    this.alive[shortId] = 0;
    this.categories[shortId] = undefined;
    this.signatures.set(shortId, '');
  }

  /** Grows the arrays (doubling, so adding n papers one by one copies O(n) in total). */
  ensure(size: number): void {
    if (size <= this.capacity) return;
    const capacity = Math.max(size, this.capacity * 2, 64);
    this.alive = grow(this.alive, capacity);
    this.fieldLengths = grow(this.fieldLengths, capacity * FIELD_COUNT);
    this.dates = grow(this.dates, capacity);
    this.hasCode = grow(this.hasCode, capacity);
  }
}

function grow<T extends Uint8Array | Uint32Array | Int32Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(length);
  bigger.set(array);
  return bigger;
}

/**
 * A string per document. Those of a loaded index stay in the saved chunks (a span of one per document) until one is
 * replaced: 100k small strings made at load were a burst of objects that all survive, and the garbage collector
 * copied them on the extension host's thread.
 */
export class TextColumn {
  private chunks: readonly string[] = [];
  private chunkOf = new Int32Array(0);
  private startOf = new Int32Array(0);
  private endOf = new Int32Array(0);
  private readonly replaced = new Map<number, string>();

  get(i: number): string {
    const text = this.replaced.get(i);
    if (text !== undefined) return text;
    if (i >= this.chunkOf.length) return '';
    return this.chunks[this.chunkOf[i]].slice(this.startOf[i], this.endOf[i]);
  }

  set(i: number, text: string): void {
    this.replaced.set(i, text);
  }

  /** Keeps `chunks` for the loaded documents (`count` of them); `span` then says where each one's text is. */
  restore(chunks: readonly string[], count: number): void {
    this.chunks = chunks;
    this.chunkOf = new Int32Array(count);
    this.startOf = new Int32Array(count);
    this.endOf = new Int32Array(count);
    this.replaced.clear();
  }

  span(i: number, chunk: number, start: number, end: number): void {
    this.chunkOf[i] = chunk;
    this.startOf[i] = start;
    this.endOf[i] = end;
  }
}

/** Strings ↔ small integers, for categories. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  constructor(names: readonly string[] = []) {
    for (const name of names) this.intern(name);
  }

  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  idOf(name: string): number | undefined {
    return this.ids.get(name);
  }
}
