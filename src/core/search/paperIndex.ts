/**
 * The search index of Marginalia's papers: MiniSearch underneath, with a query path built for typing speed.
 *
 * - Fields title, authors, abstract, keywords; title and keywords boosted.
 * - `prefix`: the last term completes as the user types, to its most frequent completions only.
 * - `fuzzy`: typo-tolerant terms (MiniSearch's edit-distance walk), the closest and most frequent first.
 * - Filters and top-k selection in one pass over typed arrays; hits carry scores for the caller's own sorts and
 *   the matched terms for highlighting.
 * - Incremental add, remove and update; `moreLikeThis` for related papers.
 * - A compact, versioned saved form that loads several times faster than rebuilding; chunked build, load and save
 *   that never hold the thread for long.
 */
import { Accumulator, type Scored } from './accumulator';
import { runAll, runChunked, type ChunkOptions } from './chunked';
import { decodeSteps, encodeSteps, type IndexParts } from './codec';
import { topCompletions } from './completions';
import { DocTable, Interner } from './docTable';
import { compileFilter, filterFacts, type SearchFilter } from './filters';
import { checkEnvelope, IndexFormatError, type SaveOptions, type SerializedPaperIndex } from './format';
import { asIndexable, SEARCH_FIELDS, type IndexablePaper, type SearchField } from './indexablePaper';
import { IndexStore } from './indexStore';
import { postingsCount, type TermData } from './lazyTermData';
import { parseSignature, SignatureCollector } from './signature';
import { ABSTRACT_STOP_WORDS } from './stopWords';
import { normalizeToken, queryTerms } from './tokenizer';
import type { Paper } from '../paper';

export interface PaperIndexOptions {
  /**
   * Field weights. Default: title and keywords 1.5, others 1. Measured on 100k abstracts, 1.5 keeps the top 20 of
   * exact queries within ~93% of unboosted MiniSearch's, where 2 drops to ~90%: a title match counts for more
   * without reordering everything.
   */
  readonly boost?: Partial<Readonly<Record<SearchField, number>>>;
  /** Shortest last term that completes as a prefix; shorter ones match exactly. Default 2. */
  readonly minPrefixLength?: number;
  /** Completions scored for the last term. Default 10. */
  readonly maxPrefixExpansions?: number;
  /** Fuzzy variants scored per term. Default 10. */
  readonly maxFuzzyExpansions?: number;
}

export interface SearchOptions {
  /** Treat the last term as a prefix (search as you type). Default false. */
  readonly prefix?: boolean;
  /**
   * `or` (MiniSearch's default): papers with any of the terms, those with more of them first. `and`: only papers
   * with every term (the last one as a prefix with `prefix`; abstract stop words count as present everywhere). With
   * `and` and `prefix`, a last term too short to complete (see `minPrefixLength`) does not narrow the results yet:
   * it is still being typed.
   */
  readonly combine?: 'or' | 'and';
  /** Tolerate typos: true (= 0.2) or a fraction of the term length, or an absolute edit distance ≥ 1. */
  readonly fuzzy?: boolean | number;
  /** Most hits to return. Default 50; `Infinity` for every match (e.g. to sort them by date). */
  readonly limit?: number;
  readonly filter?: SearchFilter;
  /** Search only these fields. */
  readonly fields?: readonly SearchField[];
  /** Fill each hit's `terms`. Default true; turn off for very large `limit`s and use the response's `terms`. */
  readonly matchDetails?: boolean;
}

export interface SearchHit {
  readonly id: string;
  /** Relevance (MiniSearch's BM25+ scale); higher is better. */
  readonly score: number;
  /** Index terms that matched in this paper (completions and fuzzy variants included), for highlighting. */
  readonly terms: readonly string[];
  /** The query terms this paper matched. */
  readonly queryTerms: readonly string[];
}

export interface SearchResponse {
  /** Best first. */
  readonly hits: readonly SearchHit[];
  /** Matching papers that pass the filter (hits is the best `limit` of them). */
  readonly total: number;
  /** Every index term the query matched anywhere: enough to highlight any hit. */
  readonly terms: readonly string[];
  /** The query's terms after normalisation. */
  readonly queryTerms: readonly string[];
}

/** MiniSearch's default weights for prefix and fuzzy matches, kept for comparable rankings. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY_DISTANCE = 6;
/** One bit per distinct query term in the accumulator's masks. */
const MAX_QUERY_TERMS = 32;
const DEFAULT_LIMIT = 50;
/** "More like this" queries with the rarest few of a paper's terms. */
const RELATED_TERMS = 12;

interface Expansion {
  readonly term: string;
  readonly data: TermData;
  readonly weight: number;
  readonly bit: number;
}

interface QueryPlan {
  readonly expansions: Expansion[];
  readonly queryTerms: string[];
  /** Bits of query terms assumed present in every paper (abstract stop words, which the index leaves out). */
  readonly assumed: number;
  /** Bits a paper must have (with `assumed`) to match: 0 for `or`, the query's terms for `and`. */
  readonly required: number;
}

/** How many of the most frequent completions of a prefix `nextCharacters` weighs. */
const NEXT_CHARACTER_SAMPLE = 200;
/** Above this many terms under a prefix, `nextCharacters` counts terms instead of walking them (about 1 µs each). */
const NEXT_CHARACTER_WALK_LIMIT = 5000;

const EMPTY: SearchResponse = { hits: [], total: 0, terms: [], queryTerms: [] };

export class PaperIndex {
  // Not readonly: `compact` swaps in a freshly loaded set.
  private store: IndexStore;
  private docs = new DocTable();
  private categories = new Interner();
  private signatures = new SignatureCollector();
  private accumulator = new Accumulator(this.docs);
  private readonly boosts: readonly (readonly [fieldId: number, boost: number])[];
  private readonly options: Required<Omit<PaperIndexOptions, 'boost'>>;
  private readonly indexOptions: PaperIndexOptions;
  /** `nextCharacters` of short prefixes (a walk over most of the terms), until the index changes. */
  private nextCharactersCache = new Map<string, readonly (readonly [string, number])[]>();

  constructor(options: PaperIndexOptions = {}) {
    const collector = this.signatures;
    this.store = new IndexStore((token, field) => {
      const term = normalizeToken(token);
      // Stop words stay searchable in titles and names; see stopWords.ts.
      if (!term || (field === 'abstract' && ABSTRACT_STOP_WORDS.has(term))) return null;
      collector.collect(term, field ?? '');
      return term;
    });
    this.indexOptions = options;
    const boost: Record<SearchField, number> = { title: 1.5, authors: 1, abstract: 1, keywords: 1.5, ...options.boost };
    this.boosts = SEARCH_FIELDS.map((f) => [this.store.fieldId(f), boost[f]] as const);
    this.options = {
      minPrefixLength: options.minPrefixLength ?? 2,
      maxPrefixExpansions: options.maxPrefixExpansions ?? 10,
      maxFuzzyExpansions: options.maxFuzzyExpansions ?? 10,
    };
  }

  /**
   * Builds an index without holding the thread for more than a slice at a time, then compacts it (see `compact`).
   * Progress counts papers added; the compaction after them is a short tail.
   */
  static async build(papers: readonly (Paper | IndexablePaper)[], options: PaperIndexOptions & ChunkOptions = {}): Promise<PaperIndex> {
    const index = new PaperIndex(options);
    await index.addAllAsync(papers, options);
    await index.compactAsync({ ...options, onProgress: undefined });
    return index;
  }

  /**
   * Loads a saved index (the value of `toJSON()` or its JSON text). Throws `IndexFormatError` when it is not an
   * index, was written by another format version or with other index options, or is damaged: rebuild then.
   */
  static load(saved: string | SerializedPaperIndex, options: PaperIndexOptions = {}): PaperIndex {
    const index = new PaperIndex(options);
    runAll(decodeSteps(PaperIndex.envelope(saved), index.parts));
    return index;
  }

  /** `load` in slices, for the extension host's thread (JSON parsing of the text is the one unsliced step). */
  static async loadAsync(saved: string | SerializedPaperIndex, options: PaperIndexOptions & ChunkOptions = {}): Promise<PaperIndex> {
    const index = new PaperIndex(options);
    const envelope = PaperIndex.envelope(saved);
    await runChunked(decodeSteps(envelope, index.parts), 0, options);
    return index;
  }

  private static envelope(saved: string | SerializedPaperIndex): SerializedPaperIndex {
    if (typeof saved !== 'string') return checkEnvelope(saved);
    let parsed: unknown;
    try {
      parsed = JSON.parse(saved);
    } catch {
      throw new IndexFormatError('not-an-index', 'Saved search index is not valid JSON.');
    }
    return checkEnvelope(parsed);
  }

  /** Number of papers in the index. */
  get size(): number {
    return this.store.documentCount;
  }

  has(id: string): boolean {
    return this.store.has(id);
  }

  /** Adds a paper; throws if its id is already indexed (use `update`). */
  add(paper: Paper | IndexablePaper): void {
    const doc = asIndexable(paper);
    if (this.store.has(doc.id)) throw new Error(`PaperIndex: paper ${doc.id} is already indexed; use update()`);
    // The saved form keeps one id per line.
    if (/[\r\n]/.test(doc.id)) throw new Error(`PaperIndex: paper id ${JSON.stringify(doc.id)} contains a line break`);
    this.nextCharactersCache.clear();
    this.signatures.start();
    let signature: string;
    try {
      this.store.add(doc);
    } finally {
      signature = this.signatures.finish();
    }
    const shortId = this.store.shortIdOf(doc.id)!;
    this.docs.set(shortId, {
      fieldLengths: this.store.fieldLengthsOf(shortId) ?? [],
      signature,
      ...filterFacts(doc, this.categories),
    });
  }

  addAll(papers: Iterable<Paper | IndexablePaper>): void {
    this.store.beginBulk();
    try {
      for (const paper of papers) this.add(paper);
    } finally {
      this.store.endBulk();
    }
  }

  /** Adds papers in slices (see `ChunkOptions`). When cancelled, the papers added so far stay. */
  async addAllAsync(papers: readonly (Paper | IndexablePaper)[], options: ChunkOptions = {}): Promise<void> {
    this.store.beginBulk();
    try {
      await runChunked(this.addSteps(papers), papers.length, options);
    } finally {
      this.store.endBulk();
    }
  }

  private *addSteps(papers: readonly (Paper | IndexablePaper)[]): Generator<void> {
    for (const paper of papers) {
      this.add(paper);
      yield;
    }
  }

  /** Removes a paper; false if it was not indexed. */
  remove(id: string): boolean {
    const shortId = this.store.shortIdOf(id);
    if (shortId === undefined) return false;
    this.nextCharactersCache.clear();
    // MiniSearch's discard: the postings are cleaned up later by its vacuum; our scoring skips them meanwhile.
    this.store.discard(id);
    this.docs.clear(shortId);
    return true;
  }

  /** Replaces a paper (or adds it if new). */
  update(paper: Paper | IndexablePaper): void {
    const doc = asIndexable(paper);
    this.remove(doc.id);
    this.add(doc);
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    const terms = queryTerms(query);
    if (terms.length === 0) return EMPTY;
    const plan = this.plan(terms, options);
    const fields = this.searchedFields(options.fields);
    const accept = compileFilter(options.filter, this.docs, this.categories, (s) => this.store.idOf(s));
    return this.run(plan, fields, options.limit ?? DEFAULT_LIMIT, accept, options.matchDetails ?? true);
  }

  /**
   * The characters most likely to come next after `prefix` (a lower-case start of a term, or '' for a new term), most
   * likely first: the next letters of the terms under the prefix that are in the most papers, weighed by how many
   * papers have them. At most `limit`, and only as many as it takes to cover `coverage` (0-1) of that weight: after
   * "diffusio" one letter covers it all. What the Papers view looks ahead with (see `likelyNextTexts`).
   */
  nextCharacters(prefix: string, limit: number, coverage = 1): readonly string[] {
    const cacheable = prefix.length <= 1;
    let weighed = cacheable ? this.nextCharactersCache.get(prefix) : undefined;
    if (!weighed) {
      const weights = this.nextCharacterWeights(prefix);
      weighed = [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (cacheable) this.nextCharactersCache.set(prefix, weighed);
    }
    const total = weighed.reduce((sum, [, w]) => sum + w, 0);
    const chosen: string[] = [];
    let covered = 0;
    for (const [ch, w] of weighed) {
      if (chosen.length >= limit || (chosen.length > 0 && covered >= coverage * total)) break;
      chosen.push(ch);
      covered += w;
    }
    return chosen;
  }

  /**
   * Weights of the characters after `prefix`: the postings of its most frequent completions; under a short prefix
   * with many terms (a walk over them would hold the host's thread), how many terms each next character starts,
   * counted by jumping from one character's range of the sorted terms to the next.
   */
  private nextCharacterWeights(prefix: string): Map<string, number> {
    const dictionary = this.store.dictionary;
    const weights = new Map<string, number>();
    const [lo, hi] = dictionary.savedPrefixRange(prefix);
    if (hi - lo > NEXT_CHARACTER_WALK_LIMIT) {
      for (let i = lo; i < hi;) {
        const term = dictionary.savedTerm(i);
        if (term.length <= prefix.length) {
          i++;
          continue;
        }
        const next = String.fromCodePoint(term.codePointAt(prefix.length)!);
        const [, end] = dictionary.savedPrefixRange(prefix + next);
        weights.set(next, end - i);
        i = Math.max(end, i + 1);
      }
      return weights;
    }
    const fieldIds = this.searchedFields(undefined).map(([f]) => f);
    for (const c of topCompletions(dictionary, prefix, NEXT_CHARACTER_SAMPLE, fieldIds)) {
      const next = String.fromCodePoint(c.term.codePointAt(prefix.length)!);
      weights.set(next, (weights.get(next) ?? 0) + c.count);
    }
    return weights;
  }

  /**
   * Papers related to one in the index: the terms it is most about (weight in its signature × rarity in the index)
   * searched in titles, abstracts and keywords, the paper itself left out. Empty if the id is unknown.
   */
  moreLikeThis(id: string, limit = 10, options: { readonly filter?: SearchFilter } = {}): SearchHit[] {
    const shortId = this.store.shortIdOf(id);
    if (shortId === undefined) return [];
    const fields = this.searchedFields(['title', 'abstract', 'keywords']);
    const fieldIds = fields.map(([f]) => f);
    const n = this.store.documentCount;
    const candidates: { term: string; data: TermData; score: number }[] = [];
    for (const [term, weight] of parseSignature(this.docs.signatures.get(shortId))) {
      const data = this.store.termData(term);
      if (!data) continue;
      const count = this.liveCount(data, fieldIds);
      // A term only this paper has finds nothing; common terms sink by their rarity weight.
      if (count <= 1) continue;
      candidates.push({ term, data, score: weight * Math.log(1 + n / count) });
    }
    candidates.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
    const chosen = candidates.slice(0, RELATED_TERMS);
    if (chosen.length === 0) return [];
    const plan: QueryPlan = {
      expansions: chosen.map((c, i) => ({ term: c.term, data: c.data, weight: 1, bit: 1 << i })),
      queryTerms: chosen.map((c) => c.term),
      assumed: 0,
      required: 0,
    };
    const filter = compileFilter(options.filter, this.docs, this.categories, (s) => this.store.idOf(s));
    const accept = (s: number): boolean => s !== shortId && (!filter || filter(s));
    return [...this.run(plan, fields, limit, accept, true).hits];
  }

  /**
   * Re-encodes the postings the way a saved index holds them and drops removed papers for good. MiniSearch keeps a
   * Map per term and field with an entry per paper, about three quarters of its heap; compacted, each term's
   * postings stay a few bytes of text until a query first needs them. Worth it after a bulk build or many updates;
   * search results do not change.
   */
  compact(): void {
    this.adopt(PaperIndex.load(this.toJSON(), this.indexOptions));
  }

  /** `compact` in slices. Do not change the index until it resolves. */
  async compactAsync(options: ChunkOptions = {}): Promise<void> {
    const saved = await this.toJSONAsync(options);
    this.adopt(await PaperIndex.loadAsync(saved, { ...this.indexOptions, ...options }));
  }

  private adopt(other: PaperIndex): void {
    this.nextCharactersCache.clear();
    this.store = other.store;
    this.docs = other.docs;
    this.categories = other.categories;
    this.signatures = other.signatures;
    this.accumulator = other.accumulator;
  }

  /** The saved form (JSON-serialisable); `JSON.stringify(index)` uses it. */
  toJSON(): SerializedPaperIndex {
    return this.save();
  }

  /** The saved form, with chunk sizes of one's choice (e.g. to post it from a worker chunk by chunk). */
  save(options: SaveOptions = {}): SerializedPaperIndex {
    const steps = encodeSteps(this.parts, options);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** `toJSON` in slices. Do not change the index until it resolves. */
  async toJSONAsync(options: ChunkOptions & SaveOptions = {}): Promise<SerializedPaperIndex> {
    const steps = encodeSteps(this.parts, options);
    let result: SerializedPaperIndex | undefined;
    const collect: Iterator<void> = {
      next: () => {
        const step = steps.next();
        if (step.done) result = step.value;
        return step.done ? { done: true, value: undefined } : { done: false, value: undefined };
      },
    };
    await runChunked(collect, 0, options);
    return result!;
  }

  private get parts(): IndexParts {
    return { store: this.store, docs: this.docs, categories: this.categories };
  }

  /**
   * Postings of a term over some fields, not counting removed papers that MiniSearch has not vacuumed yet (so that
   * an index and its saved copy choose the same terms). Completions and fuzzy variants use the raw count instead:
   * they only rank candidates, and counting live postings there would cost what bounding them saves.
   */
  private liveCount(data: TermData, fieldIds: readonly number[]): number {
    if (this.store.dirtCount === 0) return postingsCount(data, fieldIds);
    const { alive } = this.docs;
    let n = 0;
    for (const f of fieldIds) data.get(f)?.forEach((_tf, shortId) => void (n += alive[shortId]));
    return n;
  }

  private searchedFields(only: readonly SearchField[] | undefined): (readonly [number, number])[] {
    if (!only) return [...this.boosts];
    const ids = new Set(only.map((f) => this.store.fieldId(f)));
    return this.boosts.filter(([f]) => ids.has(f));
  }

  /** Which index terms each query term stands for, with MiniSearch's weights for prefix and fuzzy matches. */
  private plan(allTerms: readonly string[], options: SearchOptions): QueryPlan {
    const terms = allTerms.slice(0, MAX_QUERY_TERMS);
    const bits = new Map<string, number>();
    const expansions: Expansion[] = [];
    let assumed = 0;
    const fieldIds = this.searchedFields(options.fields).map(([f]) => f);
    const fuzzy = options.fuzzy === true ? 0.2 : options.fuzzy || 0;
    terms.forEach((term, i) => {
      let bit = bits.get(term);
      if (bit === undefined) {
        bit = 1 << bits.size;
        bits.set(term, bit);
      }
      // The index leaves these out of abstracts, where nearly every paper has them; MiniSearch would count them
      // as matched for almost every paper, so count them for every paper.
      if (ABSTRACT_STOP_WORDS.has(term)) assumed |= bit;
      const exact = this.store.termData(term);
      if (exact) expansions.push({ term, data: exact, weight: 1, bit });
      const asPrefix = options.prefix === true && i === terms.length - 1 && term.length >= this.options.minPrefixLength;
      if (asPrefix) {
        for (const c of topCompletions(this.store.dictionary, term, this.options.maxPrefixExpansions, fieldIds)) {
          const distance = c.term.length - term.length;
          expansions.push({ term: c.term, data: c.data, weight: (PREFIX_WEIGHT * c.term.length) / (c.term.length + 0.3 * distance), bit });
        }
      }
      const maxDistance = fuzzy >= 1 ? fuzzy : Math.min(MAX_FUZZY_DISTANCE, Math.round(term.length * fuzzy));
      if (maxDistance > 0) {
        const variants: { term: string; data: TermData; distance: number; count: number }[] = [];
        for (const [t, [data, distance]] of this.store.fuzzyTerms(term, maxDistance)) {
          // As in MiniSearch, a prefix match is scored as such, not again as a typo.
          if (distance === 0 || (asPrefix && t.startsWith(term))) continue;
          variants.push({ term: t, data, distance, count: postingsCount(data, fieldIds) });
        }
        variants.sort((a, b) => a.distance - b.distance || b.count - a.count || (a.term < b.term ? -1 : 1));
        for (const v of variants.slice(0, this.options.maxFuzzyExpansions)) {
          expansions.push({ term: v.term, data: v.data, weight: (FUZZY_WEIGHT * v.term.length) / (v.term.length + v.distance), bit });
        }
      }
    });
    let required = 0;
    if (options.combine === 'and') {
      for (const bit of bits.values()) required |= bit;
      const last = terms[terms.length - 1]!;
      // "graph neural n": the "n" is the start of a word, too short to complete; it narrows nothing until it can.
      if (options.prefix === true && last.length < this.options.minPrefixLength && bits.size > 1 && terms.indexOf(last) === terms.length - 1) {
        required &= ~bits.get(last)!;
      }
    }
    return { expansions, queryTerms: [...bits.keys()], assumed, required };
  }

  private run(
    plan: QueryPlan,
    fields: readonly (readonly [number, number])[],
    limit: number,
    accept: ((shortId: number) => boolean) | undefined,
    details: boolean,
  ): SearchResponse {
    const { store, accumulator } = this;
    const documentCount = store.documentCount;
    const averages = store.averageFieldLength;
    const dirty = store.dirtCount > 0;
    accumulator.begin(store.nextShortId);
    const matched = new Set<string>();
    for (const e of plan.expansions) {
      for (const [fieldId, boost] of fields) {
        const postings = e.data.get(fieldId);
        if (!postings) continue;
        matched.add(e.term);
        accumulator.addPostings(postings, fieldId, e.weight * boost, e.bit, documentCount, averages[fieldId], dirty);
      }
    }
    const { hits, total } = accumulator.select(limit, accept, plan.assumed, plan.required);
    return {
      hits: hits.map((s) => this.toHit(s, plan, fields, details)),
      total,
      terms: [...matched],
      queryTerms: plan.queryTerms,
    };
  }

  private toHit(s: Scored, plan: QueryPlan, fields: readonly (readonly [number, number])[], details: boolean): SearchHit {
    const queryTerms = plan.queryTerms.filter((_, i) => (s.mask & (1 << i)) !== 0);
    const terms: string[] = [];
    if (details) {
      for (const e of plan.expansions) {
        if ((e.bit & s.mask) === 0 || terms.includes(e.term)) continue;
        if (fields.some(([f]) => e.data.get(f)?.has(s.shortId))) terms.push(e.term);
      }
    }
    return { id: this.store.idOf(s.shortId) ?? '', score: s.score, terms, queryTerms };
  }
}
