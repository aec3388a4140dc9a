/**
 * MiniSearch as the index, with what the fast query path reads from it.
 *
 * MiniSearch stays the index: it tokenises, adds, discards and vacuums. What we add is read access to its terms
 * with their postings and to its per-paper figures (and a way to restore them from our compact format), because
 * MiniSearch's own `search` materialises a result object with match info for every matching document and sorts
 * them all, which is most of its cost at 100k papers. `PaperIndex` reads the same postings and computes the same
 * BM25+ scores into typed arrays, then keeps only the top hits.
 *
 * MiniSearch is held, not extended: its public API does the indexing, and the little it does not expose goes through
 * `MiniSearchAdapter`, the one file that touches its internals.
 */
import MiniSearch from 'minisearch';
import { SEARCH_FIELDS, type IndexablePaper } from './indexablePaper';
import type { TermData } from './lazyTermData';
import { LoadedDocumentIds, LoadedFieldLengths, LoadedShortIds, type LoadedDocs } from './loadedDocs';
import { MiniSearchAdapter } from './miniSearchAdapter';
import { TermDictionary, type SavedTerms } from './termDictionary';

/** Called for every token MiniSearch indexes; returns the term to index, or nothing to skip the token. */
export type TermProcessor = (token: string, field?: string) => string | null | undefined;

export class IndexStore {
  private readonly engine: MiniSearch<IndexablePaper>;
  private readonly adapter: MiniSearchAdapter<IndexablePaper>;
  /** The engine's term index: its radix tree in front of the terms of a loaded index (see `TermDictionary`). */
  private readonly terms = new TermDictionary();
  /** Field name → field id, from MiniSearch's serialised form. */
  private readonly fieldIds: Readonly<Record<string, number>>;

  constructor(processTerm: TermProcessor) {
    this.engine = new MiniSearch<IndexablePaper>({
      fields: [...SEARCH_FIELDS],
      idField: 'id',
      // The host holds the papers; storing fields would double the heap for nothing.
      storeFields: [],
      processTerm,
    });
    this.fieldIds = this.engine.toJSON().fieldIds;
    this.adapter = new MiniSearchAdapter(this.engine, this.terms);
  }

  add(paper: IndexablePaper): void {
    this.engine.add(paper);
  }

  /** MiniSearch's discard: the postings stay until its vacuum cleans them up. */
  discard(id: string): void {
    this.engine.discard(id);
  }

  has(id: string): boolean {
    return this.engine.has(id);
  }

  get documentCount(): number {
    return this.engine.documentCount;
  }

  /** Papers discarded whose postings are not vacuumed yet. */
  get dirtCount(): number {
    return this.engine.dirtCount;
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
    return this.fieldIds[field];
  }

  termData(term: string): TermData | undefined {
    return this.terms.get(term);
  }

  /** Terms within `maxDistance` edits of `term` (MiniSearch's Levenshtein walk over the radix tree). */
  fuzzyTerms(term: string, maxDistance: number): Map<string, [TermData, number]> {
    return this.terms.fuzzyGet(term, maxDistance);
  }

  shortIdOf(id: string): number | undefined {
    return this.adapter.shortIdOf(id);
  }

  idOf(shortId: number): string | undefined {
    return this.adapter.idOf(shortId);
  }

  fieldLengthsOf(shortId: number): readonly (number | undefined)[] | undefined {
    return this.adapter.fieldLengthsOf(shortId);
  }

  get averageFieldLength(): readonly number[] {
    return this.adapter.averageFieldLength;
  }

  /** One more than the largest short id handed out so far. */
  get nextShortId(): number {
    return this.adapter.nextShortId;
  }

  /** Puts back the terms of a saved index (the store must have none yet). */
  restoreTerms(saved: SavedTerms): void {
    this.terms.restore(saved);
  }

  /** Puts back the papers of a saved index (the store must have none yet); `finishRestore` completes the counts. */
  restoreDocuments(loaded: LoadedDocs): void {
    this.adapter.restoreDocuments({
      documentIds: new LoadedDocumentIds(loaded),
      idToShortId: new LoadedShortIds(loaded),
      fieldLength: new LoadedFieldLengths(loaded),
      nextId: loaded.count,
    });
  }

  finishRestore(documentCount: number, averageFieldLength: readonly number[]): void {
    this.adapter.finishRestore(documentCount, averageFieldLength);
  }
}
