/**
 * Ranks a feed's papers by how well they match a workspace's profile, each with its reasons.
 *
 * The score adds four signals:
 *  - the words: BM25 of the profile (as a long, weighted query) against each paper's title (counted twice) and
 *    abstract, plus the profile's word pairs (`rotary embedding`), normalised so the best paper scores 1;
 *  - the citation: the workspace names the paper's arXiv id (strongest: it is explicit);
 *  - the title: the paper's whole title appears in the workspace (a README's "see *Emerging Properties in …*",
 *    a BibTeX entry), or the name before its colon is an identifier of the code (`MaxViT: …` and `max_vit.py`);
 *  - the library's tags on the paper, when they are words of the workspace.
 *
 * `RelevanceCorpus` holds the papers cut into word ids once, so ranking again after a file changes costs a pass
 * over arrays, not a new tokenisation of the feed.
 */
import type { WorkspaceProfile } from './profile';
import { isNameForm } from './profile';
import { isContentWord, paperContentWords, proseWords } from './terms';

/** What ranking needs of a paper. */
export interface RankablePaper {
  readonly id: string;
  readonly title: string;
  readonly abstract: string;
  readonly arxivId?: string;
}

/** Why a paper ranks where it does. */
export interface RankReasons {
  /** Words and pairs of the workspace found in the paper, as the workspace writes them, strongest first. */
  readonly matches: readonly string[];
  /** arXiv ids of the paper the workspace cites. */
  readonly cites?: readonly string[];
  /** The workspace holds the paper's full title. */
  readonly title?: boolean;
  /** The paper's name (before its title's colon) is an identifier of the workspace. */
  readonly name?: string;
  /** Library tags of the paper that are words of the workspace. */
  readonly tags?: readonly string[];
}

export interface RankedPaper {
  readonly id: string;
  readonly score: number;
  readonly reasons: RankReasons;
}

export interface RankOptions {
  /** How many to return (default 50). */
  readonly limit?: number;
  /** Library tags by paper id. */
  readonly tags?: ReadonlyMap<string, readonly string[]>;
}

const k1 = 1.2;
const b = 0.75;
const titleBoost = 2;
/** How much each signal adds, on the scale where the best word match is 1. */
const bonus = { cited: 2, title: 1.2, name: 0.4, tag: 0.3 } as const;
/** At most this many of the profile's heaviest words and pairs form the query. */
const maxQueryTerms = 3000;
const maxQueryPairs = 1500;
/** Titles shorter than this many words are too generic to count as named. */
const minTitleWords = 3;

const NONE = 0xffffffff;
const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the character at `i` belongs to a word, as `proseWords` cuts them (ASCII without a RegExp). */
function isWordChar(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  // Surrogate pairs: letters outside the BMP are rare in abstracts; both halves are tested as a pair.
  if (c >= 0xd800 && c <= 0xdfff) return NON_ASCII_WORD_CHAR.test(text.slice(c <= 0xdbff ? i : i - 1, c <= 0xdbff ? i + 2 : i + 1));
  return NON_ASCII_WORD_CHAR.test(text[i]!);
}

/** The papers of a feed, cut into word ids once. */
export class RelevanceCorpus {
  readonly vocabulary = new Map<string, number>();
  readonly words: string[] = [];
  /** Document frequency by word id (content words of title and abstract). */
  df: Uint32Array = new Uint32Array(1024);
  /** Content word ids of each paper, title words first; `offsets[i]..offsets[i+1]`. */
  private tokens: Uint32Array = new Uint32Array(1 << 20);
  private length = 0;
  readonly offsets: number[] = [0];
  readonly titleLengths: number[] = [];
  /** Every word of each title (function words too), for finding titles in the workspace. */
  readonly titles: Uint32Array[] = [];
  /** The title's name before a colon as written, spaces and hyphens removed (`MaxViT`), when it has one. */
  readonly names: (string | undefined)[] = [];
  readonly papers: RankablePaper[] = [];
  private totalLength = 0;

  static build(papers: Iterable<RankablePaper>): RelevanceCorpus {
    const corpus = new RelevanceCorpus();
    for (const p of papers) corpus.add(p);
    return corpus;
  }

  get size(): number {
    return this.papers.length;
  }

  get averageLength(): number {
    return this.papers.length ? this.totalLength / this.papers.length : 1;
  }

  idOf(word: string): number {
    let id = this.vocabulary.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.vocabulary.set(word, id);
      this.words.push(word);
      if (id >= this.df.length) {
        const df = new Uint32Array(this.df.length * 2);
        df.set(this.df);
        this.df = df;
      }
    }
    return id;
  }

  private push(id: number): void {
    if (this.length === this.tokens.length) {
      const tokens = new Uint32Array(this.tokens.length * 2);
      tokens.set(this.tokens);
      this.tokens = tokens;
    }
    this.tokens[this.length++] = id;
  }

  /**
   * Content word ids by the text's raw word, in an open-addressing table keyed by two hashes of its characters:
   * most words repeat, and hashing characters in place is several times cheaper than cutting each word out as a
   * string to look it up in a Map (measured on 100k abstracts).
   */
  private slots = new Int32Array(1 << 19).fill(-1);
  private hashes2 = new Int32Array(1 << 19);
  private readonly entries: number[][] = [];

  private lookup(h1: number, h2: number, text: string, start: number, end: number): number[] {
    let mask = this.slots.length - 1;
    let at = h1 & mask;
    for (;;) {
      const slot = this.slots[at]!;
      if (slot < 0) break;
      if (this.hashes2[at] === h2) return this.entries[slot]!;
      at = (at + 1) & mask;
    }
    const ids = paperContentWords(text.slice(start, end)).map((w) => this.idOf(w));
    this.entries.push(ids);
    if (this.entries.length * 2 > this.slots.length) {
      this.grow();
      mask = this.slots.length - 1;
      at = h1 & mask;
      while (this.slots[at]! >= 0) at = (at + 1) & mask;
    }
    this.slots[at] = this.entries.length - 1;
    this.hashes2[at] = h2;
    this.h1s.push(h1);
    return ids;
  }

  private readonly h1s: number[] = [];
  /** The last paper each word id was counted in, for `df`. */
  private lastSeen: Int32Array = new Int32Array(1024).fill(-1);

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const hashes2 = new Int32Array(size);
    for (let at = 0; at < this.slots.length; at++) {
      const slot = this.slots[at]!;
      if (slot < 0) continue;
      let to = this.h1s[slot]! & (size - 1);
      while (slots[to]! >= 0) to = (to + 1) & (size - 1);
      slots[to] = slot;
      hashes2[to] = this.hashes2[at]!;
    }
    this.slots = slots;
    this.hashes2 = hashes2;
  }

  /** Counts the content words of `text` for paper `paper`. */
  private scan(text: string, paper: number): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isWordChar(c, text, i)) {
        i++;
        continue;
      }
      const start = i;
      let h1 = 0x811c9dc5;
      let h2 = 0x12345;
      while (i < n && isWordChar((c = text.charCodeAt(i)), text, i)) {
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = (Math.imul(h2, 31) + c) | 0;
        i++;
      }
      for (const id of this.lookup(h1 >>> 0, h2 ^ (i - start), text, start, i)) this.count(id, paper);
    }
  }

  private count(id: number, paper: number): void {
    if (id >= this.lastSeen.length) {
      const last = new Int32Array(this.df.length).fill(-1);
      last.set(this.lastSeen);
      this.lastSeen = last;
    }
    if (this.lastSeen[id] !== paper) {
      this.lastSeen[id] = paper;
      this.df[id]!++;
    }
    this.push(id);
  }

  add(paper: RankablePaper): void {
    const index = this.papers.length;
    this.titles.push(Uint32Array.from(proseWords(paper.title), (w) => this.idOf(w)));
    const colon = paper.title.indexOf(':');
    const name = colon > 0 && colon <= 30 ? paper.title.slice(0, colon).replace(/[\s-]+/g, '') : '';
    this.names.push(isNameForm(name, true) ? name : undefined);
    const start = this.length;
    this.scan(paper.title, index);
    this.titleLengths.push(this.length - start);
    this.scan(paper.abstract, index);
    this.offsets.push(this.length);
    this.totalLength += this.length - start;
    this.papers.push({ id: paper.id, title: paper.title, abstract: '', ...(paper.arxivId ? { arxivId: paper.arxivId } : {}) });
  }

  /** Word ids of paper `i`, title first. */
  tokensOf(i: number): Uint32Array {
    return this.tokens.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  idf(id: number): number {
    const n = this.papers.length;
    const df = this.df[id] ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}

const pairKey = (a: number, b: number) => a * 0x400000 + b;

/** Where each three-word run starts in the workspace's words, to find titles in it. */
function trigramStarts(ids: Uint32Array): Map<string, number[]> {
  const starts = new Map<string, number[]>();
  for (let i = 0; i + 2 < ids.length; i++) {
    if (ids[i] === NONE || ids[i + 1] === NONE || ids[i + 2] === NONE) continue;
    const key = `${ids[i]},${ids[i + 1]},${ids[i + 2]}`;
    const list = starts.get(key);
    if (list) {
      if (list.length < 64) list.push(i);
    } else starts.set(key, [i]);
  }
  return starts;
}

/** How many times (up to 8) `title` occurs in `ids`, and where first. */
function occurrences(title: Uint32Array, ids: Uint32Array, starts: Map<string, number[]>): { count: number; first: number } {
  const none = { count: 0, first: -1 };
  if (title.length < minTitleWords) return none;
  const list = starts.get(`${title[0]},${title[1]},${title[2]}`);
  if (!list) return none;
  let count = 0;
  let first = -1;
  for (const at of list) {
    let j = 3;
    while (j < title.length && ids[at + j] === title[j]) j++;
    if (j < title.length) continue;
    if (first < 0) first = at;
    if (++count >= 8) break;
  }
  return { count, first };
}

/** Ranks the corpus's papers against a workspace profile; the best first, papers with no signal left out. */
export function rankPapers(corpus: RelevanceCorpus, profile: WorkspaceProfile, options: RankOptions = {}): RankedPaper[] {
  const limit = options.limit ?? 50;
  const n = corpus.size;
  if (n === 0) return [];
  const vocabularySize = corpus.words.length;

  // The query: the profile's heaviest words, weighted by their rarity among the papers.
  const query = new Float64Array(vocabularySize);
  const topWeight = profile.terms[0]?.[1] ?? 1;
  let used = 0;
  for (const [word, weight] of profile.terms) {
    if (used >= maxQueryTerms) break;
    const id = corpus.vocabulary.get(word);
    if (id === undefined || corpus.df[id] === 0) continue;
    query[id] = (weight / topWeight) * corpus.idf(id);
    used++;
  }
  const pairs = new Map<number, number>();
  const pairFirst = new Uint8Array(vocabularySize);
  const pairNames = new Map<number, string>();
  for (const [pair, weight] of profile.bigrams.slice(0, maxQueryPairs)) {
    const [a, c] = pair.split(' ');
    const ia = corpus.vocabulary.get(a!);
    const ic = corpus.vocabulary.get(c!);
    if (ia === undefined || ic === undefined) continue;
    pairs.set(pairKey(ia, ic), weight / topWeight);
    pairFirst[ia] = 1;
    pairNames.set(pairKey(ia, ic), pair);
  }
  // A pair's rarity: how many papers have it (one pass, only over words that start a pair).
  const pairDf = new Map<number, number>();
  if (pairs.size) {
    for (let i = 0; i < n; i++) {
      const tokens = corpus.tokensOf(i);
      const seen = new Set<number>();
      for (let t = 0; t + 1 < tokens.length; t++) {
        if (!pairFirst[tokens[t]!]) continue;
        const key = pairKey(tokens[t]!, tokens[t + 1]!);
        if (pairs.has(key) && !seen.has(key)) {
          seen.add(key);
          pairDf.set(key, (pairDf.get(key) ?? 0) + 1);
        }
      }
    }
    for (const [key, weight] of pairs) {
      const df = pairDf.get(key) ?? 0;
      pairs.set(key, df ? weight * Math.log(1 + (n - df + 0.5) / (df + 0.5)) : 0);
    }
  }

  // The words of every paper against the query.
  const average = corpus.averageLength;
  const textScores = new Float64Array(n);
  const tf = new Float64Array(vocabularySize);
  const touched: number[] = [];
  for (let i = 0; i < n; i++) {
    const tokens = corpus.tokensOf(i);
    const titleLength = corpus.titleLengths[i]!;
    const norm = k1 * (1 - b + (b * tokens.length) / average);
    let score = 0;
    for (let t = 0; t < tokens.length; t++) {
      const id = tokens[t]!;
      if (query[id]! > 0) {
        if (tf[id] === 0) touched.push(id);
        tf[id]! += t < titleLength ? titleBoost : 1;
      }
      if (pairFirst[id] && t + 1 < tokens.length) {
        const w = pairs.get(pairKey(id, tokens[t + 1]!));
        if (w) score += w / (1 + norm);
      }
    }
    for (const id of touched) {
      const f = tf[id]!;
      score += (query[id]! * f * (k1 + 1)) / (f + norm);
      tf[id] = 0;
    }
    touched.length = 0;
    textScores[i] = score;
  }
  let best = 0;
  for (let i = 0; i < n; i++) if (textScores[i]! > best) best = textScores[i]!;
  const scale = best > 0 ? 1 / best : 0;

  // Titles and names found in the workspace.
  const ids = new Uint32Array(profile.words.length);
  for (let i = 0; i < profile.words.length; i++) ids[i] = corpus.vocabulary.get(profile.words[i]!) ?? NONE;
  const starts = trigramStarts(ids);
  const names = new Set(profile.names);
  const cited = new Set(profile.arxivIds.map(([id]) => id));
  const tagTerms = new Map(profile.terms);

  // Titles named by the workspace, in the order it first names them: a repository names its own paper first.
  const titled: { i: number; count: number; first: number }[] = [];
  for (let i = 0; i < n; i++) {
    const found = occurrences(corpus.titles[i]!, ids, starts);
    if (found.count) titled.push({ i, ...found });
  }
  titled.sort((x, y) => x.first - y.first);
  const titleBonus = new Map<number, number>();
  titled.forEach(({ i, count }, order) => {
    titleBonus.set(i, bonus.title * specificity(corpus, corpus.titles[i]!) * (1 + 0.2 * Math.log(count)) * (1 + 0.5 / (1 + order)));
  });

  const scored: { i: number; score: number; title: boolean; name: boolean; tags: string[] }[] = [];
  for (let i = 0; i < n; i++) {
    const paper = corpus.papers[i]!;
    let score = textScores[i]! * scale;
    const title = titleBonus.get(i);
    if (title) score += title;
    const name = corpus.names[i];
    const named = !title && name !== undefined && names.has(name);
    if (named) score += bonus.name;
    if (paper.arxivId && cited.has(paper.arxivId)) score += bonus.cited;
    const tags = (options.tags?.get(paper.id) ?? []).filter((tag) => proseWords(tag).some((w) => tagTerms.has(w)));
    if (tags.length) score += bonus.tag;
    if (score > 0) scored.push({ i, score, title: title !== undefined, name: named, tags });
  }
  scored.sort((x, y) => y.score - x.score || x.i - y.i);

  return scored.slice(0, limit).map(({ i, score, title, name, tags }) => {
    const paper = corpus.papers[i]!;
    return {
      id: paper.id,
      score: Number(score.toFixed(4)),
      reasons: {
        matches: topMatches(corpus, i, query, pairs, pairNames, profile),
        ...(paper.arxivId && cited.has(paper.arxivId) ? { cites: [paper.arxivId] } : {}),
        ...(title ? { title: true } : {}),
        ...(name ? { name: corpus.names[i]! } : {}),
        ...(tags.length ? { tags } : {}),
      },
    };
  });
}

/** How telling a title is (0.3-1): long titles of rare words are; `Deep Learning for X` less so. */
function specificity(corpus: RelevanceCorpus, title: Uint32Array): number {
  let sum = 0;
  for (const id of title) if (isContentWord(corpus.words[id]!)) sum += corpus.idf(id);
  return Math.max(0.3, Math.min(1, sum / 15));
}

/** The words and pairs that gave paper `i` most of its score, as the workspace writes them. */
function topMatches(
  corpus: RelevanceCorpus,
  i: number,
  query: Float64Array,
  pairs: ReadonlyMap<number, number>,
  pairNames: ReadonlyMap<number, string>,
  profile: WorkspaceProfile,
): string[] {
  const tokens = corpus.tokensOf(i);
  const contributions = new Map<string, number>();
  const inPairs = new Set<number>();
  for (let t = 0; t < tokens.length; t++) {
    const id = tokens[t]!;
    if (t + 1 < tokens.length) {
      const key = pairKey(id, tokens[t + 1]!);
      const w = pairs.get(key);
      if (w) {
        const name = pairNames.get(key)!;
        contributions.set(name, Math.max(contributions.get(name) ?? 0, w + query[id]! + query[tokens[t + 1]!]!));
        inPairs.add(id).add(tokens[t + 1]!);
      }
    }
  }
  for (const id of tokens) {
    if (query[id]! > 0 && !inPairs.has(id)) {
      const word = corpus.words[id]!;
      contributions.set(word, Math.max(contributions.get(word) ?? 0, query[id]!));
    }
  }
  return [...contributions.entries()]
    .sort((a, c) => c[1] - a[1])
    .slice(0, 5)
    .map(([key]) => profile.shown[key] ?? key);
}

/** The one-line "why" of a ranked paper: `matches: flash_attn, kv_cache; cites 2205.14135`. */
export function formatReasons(reasons: RankReasons): string {
  const parts: string[] = [];
  if (reasons.cites?.length) parts.push(`cites ${reasons.cites.join(', ')}`);
  if (reasons.title) parts.push('names its title');
  if (reasons.name) parts.push(`names ${reasons.name}`);
  if (reasons.matches.length) parts.push(`matches: ${reasons.matches.join(', ')}`);
  if (reasons.tags?.length) parts.push(`tagged ${reasons.tags.join(', ')}`);
  return parts.join('; ');
}
