/**
 * Finding a linked code range again after the file changed.
 *
 * A code link stores the lines it was made on and the snippet they held. When the file is edited, the snippet is
 * looked for in the current text, in this order:
 * 1. at the recorded lines, unchanged (trailing whitespace and line endings never count);
 * 2. verbatim elsewhere: the copy nearest the recorded lines (code above was inserted or deleted, or the snippet
 *    was moved; duplicates of the snippet resolve to the nearest one);
 * 3. similar: a line-based alignment (each line compared by character bigrams, so a renamed variable or a reindent
 *    still matches its line) of the snippet with nearby windows and with windows where its distinctive lines now
 *    are. The best window wins if its similarity reaches a threshold;
 * 4. otherwise the link is lost: the caller flags it and keeps it, so the note and its snippet survive.
 *
 * Pure and bounded: the fuzzy step looks at a limited number of windows, so a keystroke in a large file stays cheap.
 */
import type { LineRange } from '../notes/noteModel';

export type RefoundState = 'same' | 'changed' | 'lost';

export interface RefoundRange {
  /**
   * `same`: the snippet's text is there verbatim (maybe at other lines); `changed`: similar text was found;
   * `lost`: nothing similar enough.
   */
  readonly state: RefoundState;
  /** Where the code is now (1-based, inclusive); absent when lost. */
  readonly lines?: LineRange;
  /** How close the text at `lines` is to the snippet, 0–1 (1 when the same; the best candidate's when lost). */
  readonly similarity: number;
}

export interface RefindOptions {
  /** Minimum similarity of a changed range, 0–1. Default 0.6. */
  readonly threshold?: number;
  /** Snippets longer than this are only found verbatim (the alignment is quadratic in the snippet). Default 400. */
  readonly maxFuzzyLines?: number;
}

/** Splits text into lines without their line breaks (`\r\n`, `\n` or `\r`). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The key for verbatim comparison: trailing whitespace never matters. */
const exactKey = (line: string): string => line.trimEnd();
/** The key for similarity: indentation and runs of spaces do not matter either. */
function looseKey(line: string): string {
  const trimmed = line.trim();
  return /\s\s|[^\S ]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** Where `needle` (as keys) occurs in `hay` (as keys): every start index. */
function occurrences(hay: readonly string[], needle: readonly string[]): number[] {
  const found: number[] = [];
  if (needle.length === 0 || needle.length > hay.length) return found;
  // Anchor on the first line that is not blank: blank lines are everywhere.
  let anchor = needle.findIndex((l) => l !== '');
  if (anchor < 0) anchor = 0;
  const first = needle[anchor]!;
  for (let j = anchor; j <= hay.length - needle.length + anchor; j++) {
    if (hay[j] !== first) continue;
    const start = j - anchor;
    let ok = true;
    for (let i = 0; i < needle.length; i++) {
      if (hay[start + i] !== needle[i]) {
        ok = false;
        break;
      }
    }
    if (ok) found.push(start);
  }
  return found;
}

/** The candidate nearest to `target`; ties go to the earlier one, so the answer never depends on order. */
function nearest(candidates: readonly number[], target: number): number {
  let best = candidates[0]!;
  for (const c of candidates) {
    const d = Math.abs(c - target);
    const bd = Math.abs(best - target);
    if (d < bd || (d === bd && c < best)) best = c;
  }
  return best;
}

/** Character bigram counts of a line, for the Dice coefficient. */
function bigrams(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < line.length - 1; i++) {
    const gram = line.slice(i, i + 2);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Similarity of two loose lines, 0–1: equal lines 1, otherwise the Dice coefficient of their bigrams. */
class LineSimilarity {
  private readonly cache = new Map<string, Map<string, number>>();

  private grams(line: string): Map<string, number> {
    let g = this.cache.get(line);
    if (!g) {
      g = bigrams(line);
      this.cache.set(line, g);
    }
    return g;
  }

  of(a: string, b: string): number {
    if (a === b) return 1;
    if (a.length < 2 || b.length < 2) return 0;
    // Dice can never exceed 2·min/(a+b) (in bigrams); skip pairs that cannot reach the match floor.
    const la = a.length - 1;
    const lb = b.length - 1;
    if ((2 * Math.min(la, lb)) / (la + lb) < LINE_MATCH) return 0;
    const ga = this.grams(a);
    const gb = this.grams(b);
    let shared = 0;
    for (const [gram, count] of ga) {
      const other = gb.get(gram);
      if (other) shared += Math.min(count, other);
    }
    return (2 * shared) / (la + lb);
  }
}

/** Below this two lines are different lines, not an edited one. */
const LINE_MATCH = 0.5;

interface Alignment {
  readonly start: number;
  readonly end: number;
  readonly similarity: number;
}

/**
 * Aligns the snippet with the file lines [from, to) like a longest common subsequence where each matched pair is
 * worth its line similarity. Blank snippet lines carry no weight. The range is first..last matched file line; the
 * similarity is the matched weight over the larger of the snippet's and the range's non-blank line counts, so both
 * lost lines and lines inserted into the range lower it.
 */
function align(snippet: readonly string[], weightTotal: number, file: readonly string[], from: number, to: number, sim: LineSimilarity): Alignment | undefined {
  const n = snippet.length;
  const m = to - from;
  if (m <= 0 || weightTotal === 0) return undefined;
  const width = m + 1;
  const score = new Float64Array((n + 1) * width);
  const pairSim = new Float64Array(n * m);
  for (let i = 1; i <= n; i++) {
    const s = snippet[i - 1]!;
    for (let j = 1; j <= m; j++) {
      const f = file[from + j - 1]!;
      const w = s === '' ? 0 : sim.of(s, f);
      pairSim[(i - 1) * m + (j - 1)] = w;
      const up = score[(i - 1) * width + j]!;
      const left = score[i * width + j - 1]!;
      const diag = w >= LINE_MATCH ? score[(i - 1) * width + j - 1]! + w : -1;
      score[i * width + j] = Math.max(up, left, diag);
    }
  }
  // Trace back the matched pairs to find the range they span.
  let i = n;
  let j = m;
  let first = -1;
  let last = -1;
  while (i > 0 && j > 0) {
    const here = score[i * width + j]!;
    const w = pairSim[(i - 1) * m + (j - 1)]!;
    if (w >= LINE_MATCH && here === score[(i - 1) * width + j - 1]! + w) {
      if (last < 0) last = from + j - 1;
      first = from + j - 1;
      i--;
      j--;
    } else if (here === score[(i - 1) * width + j]!) {
      i--;
    } else {
      j--;
    }
  }
  if (first < 0) return undefined;
  let rangeWeight = 0;
  for (let k = first; k <= last; k++) if (file[k] !== '') rangeWeight++;
  const matched = score[n * width + m]!;
  return { start: first, end: last, similarity: matched / Math.max(weightTotal, rangeWeight) };
}

/**
 * Finds the code range a link points to in the file's current text. `snippet` is the code as linked (lines joined
 * with `\n`), `recorded` the 1-based lines it was on.
 */
export function refindCodeRange(snippet: string, recorded: LineRange, text: string, options: RefindOptions = {}): RefoundRange {
  const threshold = options.threshold ?? 0.6;
  const maxFuzzyLines = options.maxFuzzyLines ?? 400;
  const rawSnippet = splitLines(snippet);
  const rawFile = splitLines(text);
  const n = rawSnippet.length;
  const origin = recorded.start - 1;
  const toRange = (start: number, length: number): LineRange => ({ start: start + 1, end: start + length });

  // 1 and 2: verbatim, at the recorded lines or at the nearest copy.
  const exactSnippet = rawSnippet.map(exactKey);
  const exactFile = rawFile.map(exactKey);
  const exact = occurrences(exactFile, exactSnippet);
  if (exact.length > 0) return { state: 'same', lines: toRange(nearest(exact, origin), n), similarity: 1 };

  const snippetLines = rawSnippet.map(looseKey);
  const fileLines = rawFile.map(looseKey);
  // Only whitespace changed (a reindent, a wrapped blank line): the same lines, reported as changed.
  const loose = occurrences(fileLines, snippetLines);
  if (loose.length > 0) return { state: 'changed', lines: toRange(nearest(loose, origin), n), similarity: 1 };
  if (n > maxFuzzyLines) return { state: 'lost', similarity: 0 };

  // 3: similar. Candidate windows: around the recorded lines, where distinctive snippet lines now are, and
  // (for snippets whose every line changed) where the snippet's longest line has its most similar line.
  const weightTotal = snippetLines.filter((l) => l !== '').length;
  if (weightTotal === 0) return { state: 'lost', similarity: 0 };
  const sim = new LineSimilarity();
  const slack = Math.min(20, Math.max(2, Math.ceil(n / 4)));
  const votes = new Map<number, number>();
  // Where each distinctive snippet line is now (only the snippet's own lines are indexed).
  const positions = new Map<string, number[]>(snippetLines.filter((l) => l.length >= 3).map((l) => [l, []]));
  fileLines.forEach((line, j) => positions.get(line)?.push(j));
  snippetLines.forEach((line, i) => {
    const at = positions.get(line);
    // Lines found everywhere (`return x`, `}`) say nothing about where the snippet went.
    if (!at || at.length === 0 || at.length > 20) return;
    for (const j of at) votes.set(j - i, (votes.get(j - i) ?? 0) + 1);
  });
  const offsets = new Set<number>([origin]);
  [...votes.entries()]
    .sort((a, b) => b[1] - a[1] || Math.abs(a[0] - origin) - Math.abs(b[0] - origin))
    .slice(0, 8)
    .forEach(([offset]) => offsets.add(offset));
  if (votes.size === 0) {
    const longest = snippetLines.reduce((best, line, i) => (line.length > snippetLines[best]!.length ? i : best), 0);
    const key = snippetLines[longest]!;
    // Bounded: in a huge file only the neighbourhood of the recorded lines is compared line by line.
    const lo = fileLines.length > 20_000 ? Math.max(0, origin - 2_000) : 0;
    const hi = fileLines.length > 20_000 ? Math.min(fileLines.length, origin + 2_000) : fileLines.length;
    const scored: [number, number][] = [];
    for (let j = lo; j < hi; j++) {
      const s = sim.of(key, fileLines[j]!);
      if (s >= LINE_MATCH) scored.push([j - longest, s]);
    }
    scored
      .sort((a, b) => b[1] - a[1] || Math.abs(a[0] - origin) - Math.abs(b[0] - origin))
      .slice(0, 8)
      .forEach(([offset]) => offsets.add(offset));
  }
  // Nearby windows overlap by `slack`, so an edit anywhere near the recorded lines is covered.
  for (let k = 1; k <= 3; k++) {
    offsets.add(origin - k * slack);
    offsets.add(origin + k * slack);
  }

  let best: Alignment | undefined;
  for (const offset of offsets) {
    const from = Math.max(0, offset - slack);
    const to = Math.min(fileLines.length, offset + n + slack);
    const found = align(snippetLines, weightTotal, fileLines, from, to, sim);
    if (!found) continue;
    const better =
      !best ||
      found.similarity > best.similarity + 1e-9 ||
      (Math.abs(found.similarity - best.similarity) <= 1e-9 && Math.abs(found.start - origin) < Math.abs(best.start - origin));
    if (better) best = found;
  }
  if (!best || best.similarity < threshold) return { state: 'lost', similarity: best?.similarity ?? 0 };
  return { state: 'changed', lines: { start: best.start + 1, end: best.end + 1 }, similarity: best.similarity };
}
