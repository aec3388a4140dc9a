/**
 * Text-quote anchors: a passage stored as its exact text plus a little context on each side (a W3C-style
 * TextQuoteSelector), and finding that passage again in a text that may have changed since (a new arXiv version
 * of an abstract).
 *
 * Finding goes from strict to loose, and stops at the first step that finds something:
 * 1. the exact text; when it occurs more than once, the occurrence whose surroundings best match the context;
 * 2. the same with whitespace runs and case ignored (a re-flowed abstract);
 * 3. an approximate match (edit distance), accepted only above a similarity threshold, again ranked by context.
 * Otherwise the anchor is orphaned: the caller flags it; it never silently moves somewhere unrelated.
 *
 * Offsets are UTF-16 indexes into the text as given (what `String.prototype.slice` takes).
 */
import type { TextQuoteSelector } from '../notes/noteModel';

export type QuoteMatch =
  | {
      readonly status: 'found';
      readonly start: number;
      readonly end: number;
      /** How it was found: the exact text, the text up to whitespace and case, or approximately. */
      readonly how: 'exact' | 'normalised' | 'approximate';
      /** 1 for an exact or normalised match; 1 − distance / length for an approximate one. */
      readonly similarity: number;
    }
  | { readonly status: 'orphaned' };

export interface LocateOptions {
  /** Lowest similarity an approximate match needs (0–1). Default 0.75. */
  readonly threshold?: number;
  /** Quotes shorter than this (after normalising) are only found exactly: a short fuzzy match means little. Default 8. */
  readonly minApproximateLength?: number;
  /** Upper bound on quote length × text length for the approximate search, so a huge text cannot stall the host. */
  readonly maxWork?: number;
}

const DEFAULT_CONTEXT = 32;

/** The selector for `text[start, end)`: the passage and up to `context` characters before and after it. */
export function quoteSelectorAt(text: string, start: number, end: number, context: number = DEFAULT_CONTEXT): TextQuoteSelector {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  let from = safeBoundary(text, Math.max(0, s - context));
  let to = safeBoundary(text, Math.min(text.length, e + context), true);
  // Context that starts or ends mid-word reads badly in the file (`h as language`): keep whole words when enough is left.
  const isWord = (i: number) => i >= 0 && i < text.length && /[\p{L}\p{N}]/u.test(text[i]!);
  if (from > 0 && isWord(from - 1) && isWord(from)) {
    const space = text.slice(from, s).search(/\s/);
    if (space !== -1 && s - (from + space + 1) >= context / 2) from += space + 1;
  }
  if (to < text.length && isWord(to - 1) && isWord(to)) {
    const window = text.slice(e, to);
    const space = window.search(/\s\S*$/);
    if (space !== -1 && space >= context / 2) to = e + space;
  }
  const prefix = text.slice(from, s);
  const suffix = text.slice(e, to);
  return { exact: text.slice(s, e), ...(prefix ? { prefix } : {}), ...(suffix ? { suffix } : {}) };
}

/** Moves an offset off the middle of a surrogate pair, so context never holds half a character. */
function safeBoundary(text: string, at: number, backwards = false): number {
  const code = text.charCodeAt(at);
  if (at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff) return backwards ? at - 1 : at + 1;
  return at;
}

/** A text with whitespace runs collapsed to one space and lower-cased, with a map back to the original offsets. */
interface Normalised {
  readonly text: string;
  /** `map[i]` is the original offset of normalised character i; `map[text.length]` is the original length. */
  readonly map: readonly number[];
}

function normalise(text: string): Normalised {
  let out = '';
  const map: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!inSpace) {
        out += ' ';
        map.push(i);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    // Lower-casing can change length (İ → i̇); keep the map one entry per output character.
    const lower = ch.toLowerCase();
    for (let k = 0; k < lower.length; k++) map.push(i);
    out += lower;
  }
  map.push(text.length);
  return { text: out, map };
}

function trimmedNormal(text: string): string {
  return normalise(text).text.trim();
}

/** How well the text around `[start, end)` agrees with the selector's prefix and suffix, 0–1 (1 with no context). */
function contextScore(text: string, start: number, end: number, prefix: string, suffix: string): number {
  let total = 0;
  let matched = 0;
  if (prefix) {
    total += prefix.length;
    const before = text.slice(Math.max(0, start - prefix.length), start);
    let k = 0;
    while (k < before.length && k < prefix.length && before[before.length - 1 - k] === prefix[prefix.length - 1 - k]) k++;
    matched += k;
  }
  if (suffix) {
    total += suffix.length;
    const after = text.slice(end, end + suffix.length);
    let k = 0;
    while (k < after.length && k < suffix.length && after[k] === suffix[k]) k++;
    matched += k;
  }
  return total === 0 ? 1 : matched / total;
}

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

function bestByContext(text: string, starts: readonly number[], length: number, prefix: string, suffix: string): number {
  let best = starts[0]!;
  let bestScore = -1;
  for (const s of starts) {
    const score = contextScore(text, s, s + length, prefix, suffix);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Approximate search (Sellers' algorithm): edit distance between `pattern` and the best-matching substring of
 * `text` ending at each position. Returns the distance per end position (index = end offset).
 */
function endDistances(pattern: string, text: string): Int32Array {
  const m = pattern.length;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  const result = new Int32Array(text.length + 1);
  result[0] = m;
  for (let j = 1; j <= text.length; j++) {
    cur[0] = 0;
    const c = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      const cost = pattern.charCodeAt(i - 1) === c ? 0 : 1;
      cur[i] = Math.min(prev[i - 1]! + cost, prev[i]! + 1, cur[i - 1]! + 1);
    }
    result[j] = cur[m]!;
    [prev, cur] = [cur, prev];
  }
  return result;
}

/** Where the best match of `pattern` ending at `end` starts: the same search on the reversed strings. */
function startFor(pattern: string, text: string, end: number, maxDistance: number): number {
  const window = text.slice(Math.max(0, end - pattern.length - maxDistance), end);
  const reversedPattern = [...pattern].reverse().join('');
  const reversedWindow = [...window].reverse().join('');
  // Reversing by code point keeps surrogate pairs whole, so lengths in UTF-16 units are unchanged.
  const distances = endDistances(reversedPattern, reversedWindow);
  let bestLength = pattern.length;
  let best = Number.MAX_SAFE_INTEGER;
  for (let k = 0; k < distances.length; k++) {
    // Ties go to the length closest to the pattern's.
    if (distances[k]! < best || (distances[k] === best && Math.abs(k - pattern.length) < Math.abs(bestLength - pattern.length))) {
      best = distances[k]!;
      bestLength = k;
    }
  }
  return end - bestLength;
}

/** Finds the passage a selector describes in `text`, or says it is orphaned. */
export function locateQuote(text: string, selector: TextQuoteSelector, options: LocateOptions = {}): QuoteMatch {
  const threshold = options.threshold ?? 0.75;
  const minApproximate = options.minApproximateLength ?? 8;
  const maxWork = options.maxWork ?? 4_000_000;
  const exact = selector.exact;
  if (exact.trim() === '') return { status: 'orphaned' };
  const prefix = selector.prefix ?? '';
  const suffix = selector.suffix ?? '';

  // 1. Exact.
  const direct = occurrences(text, exact);
  if (direct.length > 0) {
    const start = bestByContext(text, direct, exact.length, prefix, suffix);
    return { status: 'found', start, end: start + exact.length, how: 'exact', similarity: 1 };
  }

  // 2. Up to whitespace and case.
  const norm = normalise(text);
  const needle = trimmedNormal(exact);
  if (needle === '') return { status: 'orphaned' };
  const nPrefix = normalise(prefix).text;
  const nSuffix = normalise(suffix).text;
  const loose = occurrences(norm.text, needle);
  const toOriginal = (s: number, e: number): { start: number; end: number } => ({ start: norm.map[s]!, end: norm.map[e - 1]! + 1 });
  if (loose.length > 0) {
    const s = bestByContext(norm.text, loose, needle.length, nPrefix, nSuffix);
    const range = toOriginal(s, s + needle.length);
    return { status: 'found', ...range, how: 'normalised', similarity: 1 };
  }

  // 3. Approximate, on the normalised texts.
  if (needle.length < minApproximate || needle.length * norm.text.length > maxWork) return { status: 'orphaned' };
  const maxDistance = Math.floor(needle.length * (1 - threshold));
  const distances = endDistances(needle, norm.text);
  // Candidates: ends where the distance is a local minimum within the allowed distance.
  const candidates: { end: number; distance: number }[] = [];
  for (let j = 1; j < distances.length; j++) {
    const d = distances[j]!;
    if (d > maxDistance) continue;
    if (j + 1 < distances.length && distances[j + 1]! < d) continue;
    if (distances[j - 1]! <= d && candidates.length > 0 && candidates[candidates.length - 1]!.end === j - 1) continue;
    candidates.push({ end: j, distance: d });
  }
  if (candidates.length === 0) return { status: 'orphaned' };
  let best: { start: number; end: number; similarity: number; score: number } | undefined;
  for (const c of candidates) {
    const start = startFor(needle, norm.text, c.end, maxDistance);
    const similarity = 1 - c.distance / needle.length;
    // Context decides between near-equal matches; it never lifts a weak match over a clearly better one.
    const score = similarity + 0.1 * contextScore(norm.text, start, c.end, nPrefix, nSuffix);
    if (!best || score > best.score) best = { start, end: c.end, similarity, score };
  }
  let { start, end } = best!;
  // A match that begins or ends on a space is trimmed to its words; one that cuts a word is widened to all of it
  // (the smallest edit distance happily starts at the `e` of `one`).
  while (start < end && norm.text[start] === ' ') start++;
  while (end > start && norm.text[end - 1] === ' ') end--;
  const isWord = (i: number): boolean => i >= 0 && i < norm.text.length && /[\p{L}\p{N}]/u.test(norm.text[i]!);
  if (isWord(start) && isWord(start - 1) && /[\p{L}\p{N}]/u.test(needle[0]!)) while (isWord(start - 1)) start--;
  if (isWord(end - 1) && isWord(end) && /[\p{L}\p{N}]/u.test(needle[needle.length - 1]!)) while (isWord(end)) end++;
  if (end <= start) return { status: 'orphaned' };
  return { status: 'found', ...toOriginal(start, end), how: 'approximate', similarity: best!.similarity };
}
