/**
 * Distinctive terms of each paper, for "more like this".
 *
 * The index does not keep abstracts (the host has the papers), and MiniSearch has no per-document term list, so we
 * keep a short one: the title's terms, the keywords, then the abstract's most repeated (and, among equals, longest)
 * terms. It is collected while MiniSearch tokenises the paper, so it costs no second pass over the text, and it does
 * not depend on the rest of the corpus: which of these terms are rare enough to matter is decided at query time.
 */
import { BOILERPLATE_WORDS, FUNCTION_WORDS } from './stopWords';

const MAX_TITLE_TERMS = 12;
const MAX_KEYWORD_TERMS = 8;
const MAX_TERMS = 24;
const DIGITS = /^\d+$/;

function eligible(term: string): boolean {
  return term.length >= 2 && !FUNCTION_WORDS.has(term) && !BOILERPLATE_WORDS.has(term) && !DIGITS.test(term);
}

export class SignatureCollector {
  private collecting = false;
  private readonly title = new Set<string>();
  private readonly keywords = new Set<string>();
  private readonly abstract = new Map<string, number>();

  /** Starts collecting the terms of one paper. */
  start(): void {
    this.collecting = true;
    this.title.clear();
    this.keywords.clear();
    this.abstract.clear();
  }

  /** Sees one indexed term (called from MiniSearch's term processing). */
  collect(term: string, field: string): void {
    if (!this.collecting || !eligible(term)) return;
    if (field === 'title') {
      if (this.title.size < MAX_TITLE_TERMS) this.title.add(term);
    } else if (field === 'keywords') {
      if (this.keywords.size < MAX_KEYWORD_TERMS) this.keywords.add(term);
    } else if (field === 'abstract') {
      this.abstract.set(term, (this.abstract.get(term) ?? 0) + 1);
    }
  }

  /**
   * The paper's signature: `term:weight` pairs, space-separated (terms never contain spaces or colons: the tokenizer
   * splits on both). The weight is the term's count in the abstract plus 2 for the title and 2 for the keywords,
   * at most 9: how much the paper is about the term, before rarity is taken into account.
   */
  finish(): string {
    this.collecting = false;
    const weights = new Map<string, number>();
    const bump = (t: string, by: number): void => {
      weights.set(t, (weights.get(t) ?? 0) + by);
    };
    for (const t of this.title) bump(t, 2);
    for (const t of this.keywords) bump(t, 2);
    const ranked = [...this.abstract].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
    for (const [t, n] of ranked) {
      if (weights.size >= MAX_TERMS && !weights.has(t)) continue;
      bump(t, n);
    }
    return [...weights].map(([t, w]) => `${t}:${Math.min(9, w)}`).join(' ');
  }
}

/** The terms and weights of a signature. */
export function parseSignature(signature: string): [term: string, weight: number][] {
  if (!signature) return [];
  return signature.split(' ').map((pair) => {
    const colon = pair.lastIndexOf(':');
    return [pair.slice(0, colon), Number(pair.slice(colon + 1)) || 1];
  });
}
