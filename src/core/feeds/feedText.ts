/**
 * Text clean-up shared by the feed parsers: whitespace, hard wraps, dates, safe URLs and title-derived ids.
 * Every function accepts any string and never throws.
 */
import { urlHasInvisibleFormatting } from '../net/urlSafety';
import { stableHash } from '../text/stableHash';

/** Parsers build records field by field before handing them out as readonly. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// C0/C1 controls (except tab and newline), bidi overrides that could make a title display as something else,
// and zero-width/BOM characters that only get in the way of search.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Removes characters that have no business in a title, a name or an abstract. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** One line: every run of whitespace (including hard wraps such as `\n  `) becomes one space. */
export function collapseWhitespace(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ').trim();
}

/**
 * An abstract as paragraphs separated by a blank line. Hard wraps become spaces; a blank line is a paragraph break,
 * and so is a line break followed by indentation, which is how arXiv marks paragraphs in its abstracts
 * (`…as a whole.\n  Objective. …`) and how Hugging Face copies them.
 */
export function unwrapParagraphs(text: string): string {
  const normalised = stripInvisible(text.replace(/\r\n?/g, '\n')).replace(/\u00A0/g, ' ');
  return normalised
    .trim()
    .split(/\n[ \t]*\n\s*|\n[ \t]+/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** An ISO 8601 timestamp as given, when it is one; undefined otherwise. */
export function isoTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  return Number.isFinite(Date.parse(text)) ? text : undefined;
}

/** The `YYYY-MM-DD` of an ISO timestamp, taken as written (the calendar day the service meant), or undefined. */
export function isoDay(value: unknown): string | undefined {
  const text = isoTimestamp(value);
  return text?.slice(0, 10);
}

/**
 * A trimmed http(s) URL, or undefined: feeds must not be able to plant `javascript:` or `file:` links, nor links
 * that read as something else (invisible formatting characters).
 */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length > 2048 || !/^https?:\/\/[a-z0-9.-]+\.[a-z]{2,}(?::\d{1,5})?(?:[/?#][^\s]*)?$/i.test(text)) return undefined;
  if (urlHasInvisibleFormatting(text)) return undefined;
  return text;
}

/** A non-negative integer count (upvotes, comments, stars), or undefined. */
export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A non-empty trimmed single-line string, or undefined. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = collapseWhitespace(value);
  return text.length > 0 ? text : undefined;
}

/**
 * The id of a paper known only by its title: `title:` + an ASCII slug, stable across feeds because it depends on
 * the title's letters and digits only (accents folded, case and punctuation ignored). Titles with no ASCII letters
 * (e.g. all CJK) get a hash of the title instead of an empty slug.
 */
export function titleId(title: string): string {
  const slug = collapseWhitespace(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 96)
    .replace(/-+$/, '');
  return `title:${slug.length > 0 ? slug : `h${stableHash(collapseWhitespace(title))}`}`;
}

/** A short quotation of input for error messages (one line, at most `max` characters). */
export function preview(text: string, max = 60): string {
  const line = collapseWhitespace(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
