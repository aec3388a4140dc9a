/**
 * The term dictionary MiniSearch indexes into: its radix tree (for terms added since the last load) in front of the
 * terms of a loaded saved index, which stay in the saved form.
 *
 * Loading 100k papers put 190k terms into the radix tree: a Map per tree node and an object per term, half a
 * million objects made in a burst. Every one survives, so each young-generation GC on the extension host's thread
 * copied megabytes of them, 25-56 ms at a time, whatever the slicing. Here the loaded terms are one string (sorted,
 * separated by spaces) with typed arrays for where each term and its postings record start: a handful of objects
 * whatever the size. A term's data (`LazyTermData`) is only made when something asks for that term, and kept, so
 * MiniSearch can change it in place like any other.
 *
 * Every lookup MiniSearch and `PaperIndex` make (`get`, `fetch`, `has`, `delete`, prefix and fuzzy search, iteration,
 * size) answers from both parts. A term is in one part only: a loaded term that is deleted and then met again goes
 * into the tree.
 */
import type SearchableMap from 'minisearch/SearchableMap';
import { countFromRecord, LazyTermData, type PostingsSource, type TermData } from './lazyTermData';
import { radixSize, sortedRadixEntries } from './miniSearchAdapter';
import { TermMap } from './termMap';
import { VarintReader } from './varint';

/** The terms of a saved index, sorted (by UTF-16 code units, as `<` compares strings), with their postings records. */
export class SavedTerms {
  constructor(
    /** The terms, in order, each followed by a space (terms never hold one). */
    private readonly text: string,
    /** Where term `i` starts in `text`; one more entry, `text.length`, at the end. */
    private readonly starts: Int32Array,
    private readonly sources: readonly PostingsSource[],
    /** Per term: the postings chunk (index into `sources`), where its record starts, and its length. */
    private readonly recordChunk: Int32Array,
    private readonly recordStart: Int32Array,
    private readonly recordLength: Int32Array,
  ) {}

  get count(): number {
    return this.starts.length - 1;
  }

  termAt(i: number): string {
    return this.text.slice(this.starts[i], this.starts[i + 1] - 1);
  }

  lengthAt(i: number): number {
    return this.starts[i + 1] - 1 - this.starts[i];
  }

  /** Char code `d` of term `i` (`d` below its length). */
  codeAt(i: number, d: number): number {
    return this.text.charCodeAt(this.starts[i] + d);
  }

  /** A new `LazyTermData` for term `i`'s postings record. */
  dataAt(i: number): LazyTermData {
    return new LazyTermData(this.sources[this.recordChunk[i]], this.recordStart[i], this.recordLength[i]);
  }

  /** Postings of term `i` in some fields, from its record's header. */
  countAt(i: number, fieldIds: readonly number[]): number {
    return countFromRecord(new VarintReader(this.sources[this.recordChunk[i]].text, this.recordStart[i]), fieldIds);
  }

  /** Negative, zero or positive as term `i` sorts before, equal to, or after `term`. */
  compare(i: number, term: string): number {
    const start = this.starts[i];
    const length = this.starts[i + 1] - 1 - start;
    const n = Math.min(length, term.length);
    for (let d = 0; d < n; d++) {
      const diff = this.text.charCodeAt(start + d) - term.charCodeAt(d);
      if (diff !== 0) return diff;
    }
    return length - term.length;
  }

  /** The first term not before `term`, in `[lo, hi)`. */
  lowerBound(term: string, lo = 0, hi = this.count): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, term) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of `term`, or -1. */
  indexOf(term: string): number {
    const i = this.lowerBound(term);
    return i < this.count && this.compare(i, term) === 0 ? i : -1;
  }

  /** The terms that start with `prefix`: `[lo, hi)`. */
  prefixRange(prefix: string): [number, number] {
    const lo = this.lowerBound(prefix);
    let hi = lo;
    let step = 1;
    // Galloping, then binary search: most prefixes cover few terms.
    while (hi + step <= this.count && this.startsWith(hi + step - 1, prefix)) {
      hi += step;
      step *= 2;
    }
    let end = Math.min(this.count, hi + step);
    while (hi < end) {
      const mid = (hi + end) >>> 1;
      if (this.startsWith(mid, prefix)) hi = mid + 1;
      else end = mid;
    }
    return [lo, hi];
  }

  private startsWith(i: number, prefix: string): boolean {
    if (this.lengthAt(i) < prefix.length) return false;
    return this.text.startsWith(prefix, this.starts[i]);
  }

  /**
   * Reads the saved terms (chunks of terms joined by spaces) and where each record lies, a slice at a time; throws
   * when they are not sorted or do not line up with the postings.
   */
  static *read(
    termChunks: readonly string[],
    termCount: number,
    spans: VarintReader,
    sources: readonly PostingsSource[],
    termsPerStep: number,
  ): Generator<void, SavedTerms> {
    const text = termChunks.length === 0 ? '' : `${termChunks.join(' ')} `;
    const starts = new Int32Array(termCount + 1);
    const recordChunk = new Int32Array(termCount);
    const recordStart = new Int32Array(termCount);
    const recordLength = new Int32Array(termCount);
    let position = 0;
    let chunk = sources.length > 0 ? 0 : -1;
    let offset = 0;
    for (let t = 0; t < termCount; t++) {
      const end = text.indexOf(' ', position);
      if (end <= position) throw new Error(end < 0 ? 'fewer terms than saved' : `term ${t} is empty`);
      starts[t] = position;
      if (t > 0 && compareSpans(text, starts[t - 1], position - 1, position, end) >= 0) throw new Error(`terms not in order at ${t}`);
      position = end + 1;

      const length = spans.read();
      // A record never straddles chunks: at the end of one, the next record starts the next chunk.
      if (chunk >= 0 && offset === sources[chunk].text.length) {
        chunk++;
        offset = 0;
      }
      if (chunk < 0 || chunk >= sources.length) throw new Error('postings end early');
      if (length <= 0 || offset + length > sources[chunk].text.length) throw new Error(`term ${t} overruns its postings chunk`);
      recordChunk[t] = chunk;
      recordStart[t] = offset;
      recordLength[t] = length;
      offset += length;
      if ((t + 1) % termsPerStep === 0) yield;
    }
    starts[termCount] = position;
    if (position !== text.length) throw new Error('more terms than saved');
    if (!spans.done || chunk !== sources.length - 1 || (chunk >= 0 && offset !== sources[chunk].text.length))
      throw new Error('terms and postings do not line up');
    return new SavedTerms(text, starts, sources, recordChunk, recordStart, recordLength);
  }
}

function compareSpans(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let d = 0; d < n; d++) {
    const diff = text.charCodeAt(aStart + d) - text.charCodeAt(bStart + d);
    if (diff !== 0) return diff;
  }
  return aEnd - aStart - (bEnd - bStart);
}

type TreeEntries = ReturnType<SearchableMap<TermData>['entries']>;

export class TermDictionary extends TermMap<TermData> {
  private saved: SavedTerms | undefined;
  /** 1 for a loaded term that was deleted. */
  private deleted = new Uint8Array(0);
  private savedLive = 0;
  /** The data of loaded terms asked for so far (MiniSearch may change it in place, so it is kept). */
  private made = new Map<number, TermData>();

  /** Takes the terms of a saved index; the dictionary must be empty. */
  restore(saved: SavedTerms): void {
    if (this.size !== 0) throw new Error('TermDictionary: restore into a dictionary that has terms');
    this.saved = saved;
    this.deleted = new Uint8Array(saved.count);
    this.savedLive = saved.count;
    this.made = new Map();
  }

  private savedIndex(term: string): number {
    const saved = this.saved;
    if (!saved) return -1;
    const i = saved.indexOf(term);
    return i >= 0 && this.deleted[i] === 0 ? i : -1;
  }

  private savedData(i: number): TermData {
    let data = this.made.get(i);
    if (!data) {
      data = this.saved!.dataAt(i);
      this.made.set(i, data);
    }
    return data;
  }

  override get(term: string): TermData | undefined {
    const i = this.savedIndex(term);
    return i >= 0 ? this.savedData(i) : super.get(term);
  }

  override has(term: string): boolean {
    return this.savedIndex(term) >= 0 || super.has(term);
  }

  override fetch(term: string, initial: () => TermData): TermData {
    const i = this.savedIndex(term);
    return i >= 0 ? this.savedData(i) : super.fetch(term, initial);
  }

  override set(term: string, value: TermData): this {
    const i = this.savedIndex(term);
    if (i >= 0) this.made.set(i, value);
    else super.set(term, value);
    return this;
  }

  override update(term: string, fn: (value: TermData | undefined) => TermData): this {
    const i = this.savedIndex(term);
    if (i >= 0) this.made.set(i, fn(this.savedData(i)));
    else super.update(term, fn);
    return this;
  }

  override delete(term: string): void {
    const i = this.savedIndex(term);
    if (i < 0) {
      super.delete(term);
      return;
    }
    this.deleted[i] = 1;
    this.savedLive--;
    this.made.delete(i);
  }

  override clear(): void {
    this.saved = undefined;
    this.deleted = new Uint8Array(0);
    this.savedLive = 0;
    this.made = new Map();
    super.clear();
  }

  override get size(): number {
    // SearchableMap counts what `entries()` gives, which here is both parts: count the tree alone.
    return this.savedLive + radixSize(this);
  }

  /** Terms of both parts that start with `prefix`; MiniSearch only iterates what `atPrefix` returns. */
  override atPrefix(prefix: string): SearchableMap<TermData> {
    const tree = super.atPrefix(prefix);
    const entries = function* (this: TermDictionary): Generator<[string, TermData]> {
      const saved = this.saved;
      if (saved) {
        const [lo, hi] = saved.prefixRange(prefix);
        for (let i = lo; i < hi; i++) if (this.deleted[i] === 0) yield [saved.termAt(i), this.savedData(i)];
      }
      yield* tree;
    }.bind(this);
    return { [Symbol.iterator]: entries, entries } as unknown as SearchableMap<TermData>;
  }

  /** Terms within `maxDistance` edits of `term`, with their data and distance, from both parts. */
  override fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> {
    const found = super.fuzzyGet(term, maxDistance);
    const saved = this.saved;
    if (!saved || saved.count === 0) return found;
    // Depth-first over the trie the sorted terms make: the terms in [lo, hi) share their first `depth` characters,
    // and row `depth` of `matrix` holds the edit distances from that prefix to each prefix of `term` (one
    // Levenshtein row per level, as MiniSearch's own walk keeps them).
    const m = term.length;
    const width = m + 1;
    let matrix = new Int32Array(width * 16);
    for (let j = 0; j <= m; j++) matrix[j] = j;
    const walk = (lo: number, hi: number, depth: number): void => {
      const row = depth * width;
      // The prefix itself is a term: it sorts first.
      if (saved.lengthAt(lo) === depth) {
        const distance = matrix[row + m];
        if (distance <= maxDistance && this.deleted[lo] === 0) found.set(saved.termAt(lo), [this.savedData(lo), distance]);
        lo++;
      }
      if (lo >= hi) return;
      if (matrix.length < row + 2 * width) {
        const bigger = new Int32Array(matrix.length * 2);
        bigger.set(matrix);
        matrix = bigger;
      }
      const next = row + width;
      while (lo < hi) {
        const code = saved.codeAt(lo, depth);
        // The terms whose next character is `code`: up to the first one whose character there is greater.
        let a = lo + 1;
        let b = hi;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (saved.codeAt(mid, depth) === code) a = mid + 1;
          else b = mid;
        }
        let best = (matrix[next] = matrix[row] + 1);
        for (let j = 1; j <= m; j++) {
          const cost = term.charCodeAt(j - 1) === code ? 0 : 1;
          const value = Math.min(matrix[row + j] + 1, matrix[next + j - 1] + 1, matrix[row + j - 1] + cost);
          matrix[next + j] = value;
          if (value < best) best = value;
        }
        if (best <= maxDistance) walk(lo, a, depth + 1);
        lo = a;
      }
    };
    walk(0, saved.count, 0);
    return found;
  }

  /** The loaded terms starting with `prefix` (`[lo, hi)` of indexes), for callers that rank them before reading them. */
  savedPrefixRange(prefix: string): [number, number] {
    return this.saved ? this.saved.prefixRange(prefix) : [0, 0];
  }

  /** Postings in some fields of loaded term `i` (0 when deleted), without making its data. */
  savedCount(i: number, fieldIds: readonly number[], count: (data: TermData) => number): number {
    if (this.deleted[i] !== 0) return 0;
    const made = this.made.get(i);
    return made ? count(made) : this.saved!.countAt(i, fieldIds);
  }

  savedTerm(i: number): string {
    return this.saved!.termAt(i);
  }

  savedLength(i: number): number {
    return this.saved!.lengthAt(i);
  }

  savedTermData(i: number): TermData {
    return this.savedData(i);
  }

  /** Every term with its data, in sorted order (the saved form keeps them sorted). */
  *sorted(): Generator<[string, TermData]> {
    const saved = this.saved;
    const tree = sortedRadixEntries<TermData>(this);
    let fromTree = tree.next();
    if (saved) {
      for (let i = 0; i < saved.count; i++) {
        if (this.deleted[i] !== 0) continue;
        while (!fromTree.done && saved.compare(i, fromTree.value[0]) > 0) {
          yield fromTree.value;
          fromTree = tree.next();
        }
        yield [saved.termAt(i), this.savedData(i)];
      }
    }
    while (!fromTree.done) {
      yield fromTree.value;
      fromTree = tree.next();
    }
  }

  // MiniSearch iterates the dictionary (its vacuum, `toJSON`); it only needs an iterator of entries.
  override entries(): TreeEntries {
    return this.sorted() as unknown as TreeEntries;
  }

  override [Symbol.iterator](): TreeEntries {
    return this.sorted() as unknown as TreeEntries;
  }

  override forEach(fn: (term: string, data: TermData, map: SearchableMap) => void): void {
    for (const [term, data] of this.sorted()) fn(term, data, this as unknown as SearchableMap);
  }
}
