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
  /** Distinctive terms for "more like this", space-separated. */
  readonly signature: string;
}

export class DocTable {
  /** 1 while the document is in the index; discarded documents linger in postings until MiniSearch vacuums. */
  alive = new Uint8Array(0);
  /** `FIELD_COUNT` lengths per document (MiniSearch's unique-token count per field). */
  fieldLengths = new Uint32Array(0);
  dates = new Int32Array(0);
  hasCode = new Uint8Array(0);
  categories: (readonly number[] | undefined)[] = [];
  signatures: string[] = [];

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
    this.signatures[shortId] = facts.signature;
  }

  clear(shortId: number): void {
    this.alive[shortId] = 0;
    this.categories[shortId] = undefined;
    this.signatures[shortId] = '';
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
