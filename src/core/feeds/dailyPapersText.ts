/**
 * The Hugging Face Daily Papers page copied as plain text (select all, copy, paste into a file).
 *
 * Format, as we read it (media/sample/daily-papers.txt is the reference):
 * - page chrome first: "new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
 *   "by AK and the research community", a date line ("Sep 9", "Sep 9, 2025", "2025-09-09");
 * - then per paper a title line followed by its abstract (one line per paragraph), usually with blank lines
 *   between them, though we do not rely on blank lines;
 * - possibly card details copied from the live page: "Submitted by X", a bare number (the upvote count when it
 *   comes right before a title), "· 9 authors", an author list ("A, B and C" or "Authors: …") between title and
 *   abstract, an arXiv id or Hugging Face / arXiv URL on its own line (it belongs to the paper whose title
 *   precedes it, or to the next title when no paper is open), or an id at the start of the title
 *   ("[2312.00752] Mamba: …");
 * - page chrome last: pagination ("Previous 1 2 3 Next"), "Load more".
 *
 * Titles and abstracts are told apart by shape, not position: an abstract is long, or has several sentences, or
 * ends with a full stop; a title is short and does not. A line starting in lower case right after an abstract line
 * that did not end a sentence continues it (hard-wrapped text). Very short lines (one or two words, no colon) are
 * taken for user or organisation names from the cards and ignored.
 *
 * Papers get the arXiv id when the text names one, otherwise `title:<slug>` (see `titleId`). Entries that cannot
 * make a paper (a title without an abstract, text without a title) are reported in `skipped`, with `index` the
 * 0-based line number in the input.
 */
import { arxivAbsUrl, arxivPdfUrl, findArxivReferences, hfPaperUrl, parseArxivId, type ArxivIdParts } from '../arxivId';
import type { Author, FeedParseResult, Paper, SkippedEntry } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import { Mutable, collapseWhitespace, preview, stripInvisible, titleId } from './feedText';

/** Page chrome, compared lower-cased with whitespace collapsed. */
const CHROME = new Set([
  'new',
  'subscribe',
  'daily papers',
  'papers',
  'get trending papers in your email inbox!',
  'get trending papers in your email inbox',
  'by ak and the research community',
  'byak and the research community',
  'trending',
  'search',
  'search papers',
  'previous',
  'prev',
  'next',
  'load more',
  'show more',
  'view all',
  'see all',
  'upvote',
  'upvoted',
  'abstract',
  'community',
  'daily',
  'weekly',
  'monthly',
  'submit',
  'submit paper',
  'submit a paper',
  'sign up',
  'log in',
  'login',
  'hugging face',
  'models',
  'datasets',
  'spaces',
  'docs',
  'pricing',
  'enterprise',
  'posts',
  'collections',
  'view arxiv page',
  'view pdf',
  'add to collection',
  'project page',
  'github',
  'comment',
  'comments',
  'share',
  'copy link',
  'authors',
  'ai-generated summary',
]);

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE_LINE = new RegExp(`^(?:(?:published|submitted) on\\s+)?${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`, 'i');
const ISO_DATE_LINE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PAGE_TOKEN = '(?:previous|prev|next|«|»|‹|›|…|\\.\\.\\.|\\d{1,4})';
const PAGINATION = new RegExp(`^${PAGE_TOKEN}(?:\\s+${PAGE_TOKEN})+$`, 'i');
const COUNT_LINE = /^\d{1,7}$/;
const AUTHOR_COUNT = /^(?:·\s*)?\d{1,5}\s+authors?$/i;
const SUBMITTED = /^submitted by\b/i;
const AUTHORS_LABEL = /^(?:authors?\s*:|by\s+)\s*/i;
const NAME_PARTICLES = new Set([
  'de',
  'van',
  'der',
  'von',
  'da',
  'di',
  'del',
  'della',
  'la',
  'le',
  'du',
  'dos',
  'das',
  'bin',
  'al',
  'el',
  'y',
  'ter',
  'ten',
  'den',
]);

interface Draft {
  line: number;
  title: string;
  ids?: ArxivIdParts;
  authors?: Author[];
  paragraphs: string[];
  upvotes?: number;
  dailyDate?: string;
}

/** Parses the Daily Papers page text. Never throws; what it cannot use is listed in `skipped`. */
export function parseDailyPapersText(input: string): FeedParseResult {
  const lines = stripInvisible(input.replace(/\r\n?/g, '\n').replace(/[\u00A0\u2028\u2029]/g, (c) => (c === '\u00A0' ? ' ' : '\n'))).split('\n');
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Map<string, number>();

  let current: Draft | undefined;
  let pendingIds: ArxivIdParts | undefined;
  let pendingCount: number | undefined;
  let dailyDate: string | undefined;

  const finish = (): void => {
    const draft = current;
    current = undefined;
    if (!draft) return;
    if (draft.paragraphs.length === 0) {
      skipped.push({ index: draft.line, reason: `title without an abstract: "${preview(draft.title, 100)}"` });
      return;
    }
    const paper = toPaper(draft);
    const dup = seen.get(paper.id);
    if (dup !== undefined) {
      skipped.push({ index: draft.line, reason: `the same paper again (first at line ${dup + 1}): "${preview(draft.title, 100)}"` });
      return;
    }
    seen.set(paper.id, draft.line);
    papers.push(paper);
  };

  const startTitle = (line: number, text: string): void => {
    finish();
    const { title, ids } = splitTitleId(text);
    current = { line, title, paragraphs: [] };
    const found = ids ?? pendingIds;
    if (found) current.ids = found;
    if (pendingCount !== undefined) current.upvotes = pendingCount;
    if (dailyDate) current.dailyDate = dailyDate;
    pendingIds = undefined;
    pendingCount = undefined;
  };

  // Lines that carry text at all, so a decision can look at the next one.
  const texts = lines.map((raw) => {
    const line = collapseWhitespace(raw);
    return line && !isChrome(line) ? line : '';
  });
  const nextText = (from: number): string => {
    for (let i = from + 1; i < texts.length; i++) if (texts[i]) return texts[i]!;
    return '';
  };
  /** A title ending with a full stop looks like a short abstract paragraph; a long abstract right after it decides. */
  const titleAfterAll = (line: string, index: number): boolean =>
    line.length < 200 && sentenceBreaks(line) === 0 && /^[\p{Lu}\d"“‘'([]/u.test(line) && !/https?:\/\//i.test(line) && isLongAbstract(nextText(index));

  texts.forEach((line, index) => {
    if (!line) return;

    const date = dateOf(line);
    if (date !== undefined) {
      // A date line heads the day's list; without a year we cannot say which day it is.
      dailyDate = date || dailyDate;
      return;
    }
    if (COUNT_LINE.test(line)) {
      pendingCount = Number(line);
      return;
    }
    const ref = standaloneRef(line);
    if (ref) {
      if (current && !current.ids) current.ids = ref;
      else pendingIds = ref;
      return;
    }

    if (!current) {
      if (isMinor(line)) return;
      if (isAbstractShaped(line) && !titleAfterAll(line, index)) {
        skipped.push({ index, reason: `text without a title before it: "${preview(line)}"` });
        return;
      }
      startTitle(index, line);
      return;
    }

    if (current.paragraphs.length === 0) {
      if (!current.authors) {
        const authors = authorList(line);
        if (authors) {
          current.authors = authors;
          return;
        }
      }
      if (isMinor(line)) return;
      // A title is never continued by a line in lower case; a hard-wrapped abstract is.
      const wrapsOn = !/[.!?:;]$/.test(line) && /^\p{Ll}/u.test(nextText(index));
      if (isTitleShaped(line) && !wrapsOn) {
        startTitle(index, line);
        return;
      }
      current.paragraphs.push(line);
      pendingCount = undefined;
      return;
    }

    // An abstract is open: more abstract, its hard-wrapped continuation, or the next title.
    const last = current.paragraphs.length - 1;
    if (/^\p{Ll}/u.test(line) && !/[.!?:;)"”]$/.test(current.paragraphs[last]!)) {
      current.paragraphs[last] = `${current.paragraphs[last]} ${line}`;
      return;
    }
    if (isMinor(line)) return;
    if ((isAbstractShaped(line) && !titleAfterAll(line, index)) || /https?:\/\//i.test(line)) {
      current.paragraphs.push(line);
      return;
    }
    startTitle(index, line);
  });
  finish();
  return { format: 'daily-papers-text', papers, skipped };
}

function toPaper(draft: Draft): Paper {
  const abstract = draft.paragraphs.join('\n\n');
  const paper: Mutable<Paper> = {
    id: draft.ids ? draft.ids.id : titleId(draft.title),
    title: draft.title,
    authors: draft.authors ?? [],
    abstract,
    categories: [],
    links: draft.ids ? { abs: arxivAbsUrl(draft.ids.id), pdf: arxivPdfUrl(draft.ids.id), hfPage: hfPaperUrl(draft.ids.id) } : {},
    repos: extractRepoLinks({ abstract }),
    source: 'daily-papers-text',
  };
  if (draft.ids) {
    paper.arxivId = draft.ids.id;
    if (draft.ids.version !== undefined) paper.version = draft.ids.version;
  }
  if (draft.upvotes !== undefined) paper.upvotes = draft.upvotes;
  if (draft.dailyDate) paper.dailyDate = draft.dailyDate;
  return paper;
}

/** `YYYY-MM-DD` for a dated line, '' for a date line without a year, undefined for any other line. */
function dateOf(line: string): string | undefined {
  const iso = ISO_DATE_LINE.exec(line);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3])) ?? '';
  const m = DATE_LINE.exec(line);
  if (!m) return undefined;
  if (m[2] === undefined) return '';
  const month =
    ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(
      line
        .replace(/^(?:published|submitted) on\s+/i, '')
        .slice(0, 3)
        .toLowerCase(),
    ) + 1;
  return validDay(Number(m[2]), month, Number(m[1])) ?? '';
}

function validDay(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1991 || year > 2999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

/** An arXiv id or paper URL alone on its line, possibly labelled ("arXiv page: …"). */
function standaloneRef(line: string): ArxivIdParts | undefined {
  if (line.length > 300) return undefined;
  const direct = parseArxivId(line);
  if (direct) return direct;
  const labelled = /^[A-Za-z][A-Za-z ]{0,24}[:：]\s*(\S+)$/.exec(line);
  return labelled ? parseArxivId(labelled[1]!) : undefined;
}

/** Takes an id written at the start or end of a title (`[2312.00752] Mamba…`, `Mamba… (arXiv:2312.00752)`). */
function splitTitleId(text: string): { title: string; ids?: ArxivIdParts } {
  const refs = findArxivReferences(text);
  const lead = refs[0];
  if (lead && /^[[(]?$/.test(text.slice(0, lead.start))) {
    const rest = text.slice(lead.end).replace(/^[\])]?\s*[-–—:·|]?\s*/, '');
    if (rest) return { title: rest, ids: { id: lead.id, ...(lead.version !== undefined ? { version: lead.version } : {}) } };
  }
  const tail = refs.at(-1);
  if (tail && /^[\])]?$/.test(text.slice(tail.end))) {
    const rest = text.slice(0, tail.start).replace(/\s*[-–—:·|]?\s*[[(]?$/, '');
    if (rest) return { title: rest, ids: { id: tail.id, ...(tail.version !== undefined ? { version: tail.version } : {}) } };
  }
  return { title: text };
}

function isChrome(line: string): boolean {
  const lower = line.toLowerCase();
  return CHROME.has(lower) || CHROME.has(withoutEndPunctuation(lower)) || PAGINATION.test(line) || AUTHOR_COUNT.test(line) || SUBMITTED.test(line);
}

/** `line` without the `.`, `!` and `:` it ends with. Read from the end: `/[.!:]+$/` tried every run from its start. */
function withoutEndPunctuation(line: string): string {
  let end = line.length;
  while (end > 0 && '.!:'.includes(line[end - 1]!)) end--;
  return line.slice(0, end);
}

/** Unmistakably an abstract: long, or several sentences. */
function isLongAbstract(line: string): boolean {
  return line.length >= 300 || sentenceBreaks(line) >= 2;
}

/** Sentence breaks: end punctuation, a space, then a capital letter or digit. */
function sentenceBreaks(line: string): number {
  return line.match(/[.!?]\s+[\p{Lu}\d]/gu)?.length ?? 0;
}

function isAbstractShaped(line: string): boolean {
  if (line.length >= 300) return true;
  if (line.length >= 120 && sentenceBreaks(line) >= 1) return true;
  return line.length >= 40 && /\.$/.test(line) && !/\bet al\.$/i.test(line);
}

function isTitleShaped(line: string): boolean {
  return !isAbstractShaped(line) && !/https?:\/\//i.test(line);
}

/** One or two words without a colon: a user name, an organisation, a button label, not a paper title. */
function isMinor(line: string): boolean {
  return line.length < 30 && !line.includes(':') && line.split(' ').length <= 2;
}

/** The names of a line such as "Ada Lovelace, Charles Babbage and Alan Turing", or undefined. */
function authorList(line: string): Author[] | undefined {
  const labelled = AUTHORS_LABEL.test(line);
  const body = line.replace(AUTHORS_LABEL, '').replace(/,?\s*et al\.?$/i, '');
  if (!body || body.length > 4000 || /[:;!?()[\]{}]|\d/.test(body)) return undefined;
  const names = body
    .split(/\s*,\s*|\s+and\s+|\s*&\s*|\s*·\s*/)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (names.length < (labelled ? 1 : 2)) return undefined;
  for (const name of names) {
    const words = name.split(' ');
    if (words.length > 6) return undefined;
    const ok = words.every((w) => NAME_PARTICLES.has(w.toLowerCase()) || /^[\p{Lu}\p{Lo}][\p{L}\p{M}'’.-]*$/u.test(w));
    if (!ok || !words.some((w) => /^[\p{Lu}\p{Lo}]/u.test(w))) return undefined;
  }
  return names.map((name) => ({ name }));
}
