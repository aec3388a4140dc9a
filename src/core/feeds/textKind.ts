/**
 * What a text that is not a feed is, in a few words, and whether text that is not JSON or XML reads as a Hugging
 * Face Daily Papers page at all. The Daily Papers text parser is forgiving by design (pasted pages vary), so it
 * finds "papers" in almost any text: a BibTeX file gave 81 papers titled "@article{jain2024livecodebench,". Text is
 * read as a page only when it has a page's shape: titles that are plain words, each followed by prose, the two
 * making up most of the text.
 */
import type { FeedParseResult } from '../paper';
import { parseDailyPapersText } from './dailyPapersText';

/** Lines that say what a text is: the first that matches names it. */
const KINDS: readonly [RegExp, string][] = [
  // `@article{key,` / `@misc(key,` / `@string{` / `@comment{`: an entry of a BibTeX or BibLaTeX file.
  [/^[ \t]*@[A-Za-z]+[ \t]*[{(]/m, 'a BibTeX file'],
  [/^TY {2}- [A-Z]{2,6}\s*$/m, 'a RIS file'],
  [/^\\(?:documentclass|begin\{document\}|section\*?\{|usepackage)/m, 'a LaTeX file'],
  [/^#{1,6} \S/m, 'a Markdown file'],
];

/** What `text` is when it names itself (a BibTeX entry, a RIS record, LaTeX, Markdown), else undefined. */
export function describeText(text: string): string | undefined {
  const head = text.slice(0, 65_536);
  for (const [pattern, kind] of KINDS) if (pattern.test(head)) return kind;
  return undefined;
}

/** A title that is markup or code rather than words: `@article{…,`, `title={…},`, `# Heading`, `\section{…}`. */
function codeLike(line: string): boolean {
  return /^[@#\\{}%<>|*=-]/.test(line) || /[{}=;,]$/.test(line) || /\w=\{|\}\s*,/.test(line);
}

/**
 * Whether `result` (what the Daily Papers text parser made of `text`) is a page: it found papers, none of whose
 * titles is markup, and their titles and abstracts are most of the text (the rest is page chrome).
 */
export function isDailyPapersShape(text: string, result: FeedParseResult): boolean {
  if (result.papers.length === 0 || describeText(text) !== undefined) return false;
  if (result.papers.some((p) => codeLike(p.title) || !/\p{L}{2}/u.test(p.title))) return false;
  const letters = (s: string) => s.replace(/\s+/g, '').length;
  const used = result.papers.reduce((sum, p) => sum + letters(p.title) + letters(p.abstract), 0);
  return used >= letters(text) * 0.6;
}

/** Whether `text` reads as a Hugging Face Daily Papers page (see `isDailyPapersShape`). */
export function looksLikeDailyPapers(text: string): boolean {
  return isDailyPapersShape(text, parseDailyPapersText(text));
}
