/**
 * MiniSearch, opened up just enough for the fast query path.
 *
 * MiniSearch stays the index: it tokenises, adds, discards and vacuums, and owns the radix tree of terms with their
 * postings. What we add is read access to that tree (and a way to restore it from our compact format), because
 * MiniSearch's own `search` materialises a result object with match info for every matching document and sorts
 * them all, which is most of its cost at 100k papers. `PaperIndex` reads the same postings and computes the same
 * BM25+ scores into typed arrays, then keeps only the top hits.
 *
 * Everything here relies on MiniSearch 7's protected members; the unit tests pin the behaviour (our scores equal
 * MiniSearch's own for the same query), so an upgrade that changes them fails loudly.
 */
import MiniSearch from 'minisearch';
import { SEARCH_FIELDS, type IndexablePaper } from './indexablePaper';
import { LazyTermData } from './lazyTermData';
import { LoadedDocumentIds, LoadedFieldLengths, LoadedShortIds, type LoadedDocs } from './loadedDocs';
import { TermDictionary, type SavedTerms } from './termDictionary';

/** Postings of one term in one field: short document id → term frequency. */
export type Postings = Map<number, number>;
/** Postings of one term: field id → postings. */
export type TermData = Map<number, Postings>;
/** A node of MiniSearch's radix tree: edge label → child node; the empty label holds the term's data. */
export type RadixNode = Map<string, unknown>;

/** The empty edge label under which a radix-tree node keeps its term's data. */
export const LEAF = '';

/** Called for every token MiniSearch indexes; returns the term to index, or nothing to skip the token. */
export type TermProcessor = (token: string, field?: string) => string | null | undefined;

export class IndexStore extends MiniSearch<IndexablePaper> {
  /** MiniSearch's `_index`: its radix tree in front of the terms of a loaded index (see `TermDictionary`). */
  private readonly terms: TermDictionary;

  constructor(processTerm: TermProcessor) {
    super({
      fields: [...SEARCH_FIELDS],
      idField: 'id',
      // The host holds the papers; storing fields would double the heap for nothing.
      storeFields: [],
      processTerm,
    });
    this.terms = new TermDictionary();
    this._index = this.terms as never;
  }

  /** Speeds up a batch of adds (see `TermMap`); pair with `endBulk`. */
  beginBulk(): void {
    this.terms.beginBulk();
  }

  endBulk(): void {
    this.terms.endBulk();
  }

  /** The terms, with their postings. */
  get dictionary(): TermDictionary {
    return this.terms;
  }

  /** Field id (position in `SEARCH_FIELDS`) of a field. */
  fieldId(field: string): number {
    return this._fieldIds[field];
  }

  termData(term: string): TermData | undefined {
    return this.terms.get(term);
  }

  /** Terms within `maxDistance` edits of `term` (MiniSearch's Levenshtein walk over the radix tree). */
  fuzzyTerms(term: string, maxDistance: number): Map<string, [TermData, number]> {
    return this.terms.fuzzyGet(term, maxDistance);
  }

  shortIdOf(id: string): number | undefined {
    return this._idToShortId.get(id);
  }

  idOf(shortId: number): string | undefined {
    return this._documentIds.get(shortId) as string | undefined;
  }

  fieldLengthsOf(shortId: number): readonly (number | undefined)[] | undefined {
    return this._fieldLength.get(shortId);
  }

  get averageFieldLength(): readonly number[] {
    return this._avgFieldLength;
  }

  /** One more than the largest short id handed out so far. */
  get nextShortId(): number {
    return this._nextId;
  }

  /** Puts back the terms of a saved index (the store must have none yet). */
  restoreTerms(saved: SavedTerms): void {
    this.terms.restore(saved);
  }

  /** Puts back the papers of a saved index (the store must have none yet); `finishRestore` completes the counts. */
  restoreDocuments(loaded: LoadedDocs): void {
    if (this._nextId !== 0) throw new Error('IndexStore: restore into a store that has papers');
    this._documentIds = new LoadedDocumentIds(loaded);
    this._idToShortId = new LoadedShortIds(loaded);
    this._fieldLength = new LoadedFieldLengths(loaded);
    this._nextId = loaded.count;
  }

  finishRestore(documentCount: number, averageFieldLength: readonly number[]): void {
    this._documentCount = documentCount;
    this._avgFieldLength = [...averageFieldLength];
    this._dirtCount = 0;
  }
}

/** Sum of the postings sizes of a term over some fields (its document frequency, counted per field). */
export function postingsCount(data: TermData, fieldIds: readonly number[]): number {
  if (data instanceof LazyTermData) return data.countIn(fieldIds);
  let n = 0;
  for (const f of fieldIds) n += data.get(f)?.size ?? 0;
  return n;
}
