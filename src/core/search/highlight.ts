/**
 * Highlight ranges for titles and abstracts: pure, so the host can compute them before posting rows to a webview,
 * and the webview only wraps ranges of text it renders as text.
 */
import { positionedTokens, queryTerms } from './tokenizer';

/** Half-open `[start, end)` range of UTF-16 code units, the shape the sidebar protocol uses. */
export type HighlightRange = readonly [number, number];

/**
 * Ranges of the words of `text` that are one of `terms` (index terms, as a search response's `terms` gives them),
 * or, for `prefixes`, the part of a word that starts with one of them. Sorted, non-overlapping.
 */
export function highlightRanges(text: string, terms: Iterable<string>, prefixes: Iterable<string> = []): HighlightRange[] {
  const exact = new Set<string>();
  for (const t of terms) if (t) exact.add(t.toLowerCase());
  const starts = [...new Set([...prefixes].filter(Boolean).map((p) => p.toLowerCase()))];
  const ranges: HighlightRange[] = [];
  if (exact.size === 0 && starts.length === 0) return ranges;
  for (const token of positionedTokens(text)) {
    if (exact.has(token.term)) {
      ranges.push([token.start, token.end]);
      continue;
    }
    let longest = 0;
    for (const p of starts) if (p.length > longest && token.term.startsWith(p)) longest = p.length;
    // Lower-casing may change a token's length (rare scripts); fall back to the whole word then.
    if (longest > 0) ranges.push([token.start, token.term.length === token.end - token.start ? token.start + longest : token.end]);
  }
  return ranges;
}

/**
 * Ranges for a raw query, without a search response: its terms as words, and with `prefix` its last term also as
 * the start of a word (what the user is still typing).
 */
export function highlightQuery(text: string, query: string, options: { readonly prefix?: boolean } = {}): HighlightRange[] {
  const terms = queryTerms(query);
  const last = options.prefix ? terms.slice(-1) : [];
  return highlightRanges(text, terms, last);
}
