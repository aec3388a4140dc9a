/**
 * Tokenising shared by the index, the queries and the highlighter, so that what is highlighted is exactly what
 * matched.
 *
 * The split is MiniSearch's default (runs of white space, line breaks and punctuation), kept identical on purpose:
 * the benchmark compares our ranking with plain MiniSearch's, and users' muscle memory ("in-context" finds
 * "in context") comes from the same rule.
 */

/** Separators between tokens: MiniSearch's `SPACE_OR_PUNCTUATION`. */
const SEPARATORS = /[\n\r\p{Z}\p{P}]+/u;
/** One token (the complement of `SEPARATORS`); a fresh RegExp per call keeps `lastIndex` state local. */
const TOKEN_SOURCE = '[^\\n\\r\\p{Z}\\p{P}]+';

/** Raw tokens of a text; may contain empty strings at the ends, as MiniSearch's tokenizer does. */
export function tokenize(text: string): string[] {
  return text.split(SEPARATORS);
}

/** The index form of a token (lower case), or undefined for an empty token. */
export function normalizeToken(token: string): string | undefined {
  return token ? token.toLowerCase() : undefined;
}

/** Normalised terms of a query, in order, duplicates kept (they count as in MiniSearch). */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(query)) {
    const term = normalizeToken(token);
    if (term) terms.push(term);
  }
  return terms;
}

/** `text` with each token lower-cased on its own (as `normalizeToken` does), the separators kept. */
export function lowerCaseTokens(text: string): string {
  return text.replace(new RegExp(TOKEN_SOURCE, 'gu'), (token) => token.toLowerCase());
}

/** A token of a text with its half-open character range. */
export interface PositionedToken {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

/** Tokens of a text with their positions in the original string (not in its lower-cased copy). */
export function* positionedTokens(text: string): Generator<PositionedToken> {
  const re = new RegExp(TOKEN_SOURCE, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield { term: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length };
  }
}

/** Version of the tokenising rules; part of the index fingerprint. Bump it when anything above changes. */
export const TOKENIZER_VERSION = `1:${SEPARATORS.source}`;
