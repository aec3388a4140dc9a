/**
 * Real records for the papers of a saved page: the bundled sample is a Hugging Face papers page copied as text
 * (titles and abstracts only), and `media/sample/seed-metadata.json` holds what recorded data says about those
 * papers (Hugging Face API items, a huggingface.co/papers scrape, a bibliographic corpus). This merges the two:
 * titles and abstracts stay the page's, everything else comes from the record. One exception: where the page's
 * abstract is the record's with its math markup dropped (`5times`), the record's abstract, math and all, is used.
 *
 * A record is applied only when its title equals the paper's after normalisation and its abstract says the same
 * thing (most words shared): a record that names the same title for a different text is not this paper. A record
 * without an abstract is never applied. Papers without a record are returned unchanged.
 *
 * Pure and total: malformed entries are reported in `rejected`, never thrown.
 */
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../arxivId';
import type { Author, Paper } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import { Mutable, count, httpUrl, isoDay, isoTimestamp, nonEmpty, unwrapParagraphs } from './feedText';

type Json = Record<string, unknown>;

/** The share of words two abstracts must have in common for a record to count as the same paper. */
export const abstractAgreement = 0.9;

export interface SampleEnrichment {
  readonly papers: Paper[];
  /** Ids of the papers a record was applied to, with where the record came from (`owner/repo path`). */
  readonly applied: readonly { readonly id: string; readonly from: string }[];
  /** Records not applied, and why. */
  readonly rejected: readonly { readonly title: string; readonly reason: string }[];
}

/**
 * Lower case, NFKC, LaTeX commands and everything but letters and digits removed: `Mélange` and `M\'elange`,
 * `5$\times$` and `5times`, hard-wrapped and unwrapped titles compare equal.
 */
export function normaliseTitle(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\\[a-z]+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\\[a-z]+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The share of words (with repeats) two texts have in common, relative to the longer one: 0 … 1. */
export function abstractSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(w, n - 1);
    }
  }
  return shared / Math.max(wa.length, wb.length);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function authorsOf(value: unknown): Author[] {
  const names = typeof value === 'string' ? value.split(/\s*,\s*/) : Array.isArray(value) ? value : [];
  const authors: Author[] = [];
  for (const entry of names) {
    const name = typeof entry === 'string' ? nonEmpty(entry) : isObject(entry) ? nonEmpty(entry['name']) : undefined;
    if (name) authors.push({ name });
  }
  return authors;
}

function sourceName(source: unknown): string {
  if (!isObject(source)) return 'an unnamed record';
  const repo = typeof source['repo'] === 'string' ? source['repo'] : '?';
  const path = typeof source['path'] === 'string' ? ` ${source['path']}` : typeof source['via'] === 'string' ? ` via ${source['via']}` : '';
  return `${repo}${path}`;
}

/** `a  b` and `a\nb` alike: runs of white space as one space, trimmed. */
function squashed(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The record's abstract when the page's is that same text with its math markup dropped (`5$\times$ higher` saved as
 * `5times higher`): the page lost the math, the record kept it. Otherwise the page's abstract.
 */
export function abstractWithMath(pageAbstract: string, recordAbstract: string): string {
  if (!/\$[^$]*\\[A-Za-z]/.test(recordAbstract)) return pageAbstract;
  const asSaved = squashed(
    recordAbstract
      .replace(/\$/g, '')
      .replace(/\\([A-Za-z]+)/g, '$1')
      .replace(/[{}]/g, ''),
  );
  return asSaved === squashed(pageAbstract.replace(/[{}]/g, '')) ? unwrapParagraphs(recordAbstract) : pageAbstract;
}

/** The facts of a Hugging Face item or a huggingface.co/papers scrape, on top of the page's paper. */
function applyPaperRecord(paper: Paper, record: Json, hfDay: unknown): Paper | string {
  const arxiv = typeof record['id'] === 'string' ? parseArxivId(record['id']) : undefined;
  if (!arxiv) return 'the record has no arXiv id';
  const out: Mutable<Paper> = { ...paper, id: arxiv.id, arxivId: arxiv.id };
  const authors = authorsOf(record['authors']);
  if (authors.length > 0) out.authors = authors;
  const day = typeof record['publication_date'] === 'string' ? record['publication_date'] : undefined;
  const time = typeof record['publication_time'] === 'string' ? record['publication_time'] : undefined;
  const published = isoTimestamp(record['publishedAt']) ?? isoTimestamp(day && time ? `${day}T${time}Z` : day);
  if (published) out.published = published;
  // The day it was featured: from the record, else from the name of the day's file it was recorded in.
  const dailyDate = isoDay(record['submittedOnDailyAt']) ?? isoDay(hfDay);
  if (dailyDate) out.dailyDate = dailyDate;
  const upvotes = count(record['upvotes']);
  if (upvotes !== undefined) out.upvotes = upvotes;
  const comments = count(record['item.numComments']);
  if (comments !== undefined) out.numComments = comments;
  const aiSummary = nonEmpty(record['ai_summary']);
  if (aiSummary) out.aiSummary = aiSummary;
  const keywords = Array.isArray(record['ai_keywords']) ? record['ai_keywords'].filter((k): k is string => typeof k === 'string' && k.trim() !== '') : [];
  if (keywords.length > 0) out.aiKeywords = keywords;
  const categories = Array.isArray(record['tags'])
    ? record['tags'].filter((t): t is string => typeof t === 'string' && /^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(t))
    : [];
  if (categories.length > 0) {
    out.categories = categories;
    out.primaryCategory = categories[0];
  }
  const projectPage = httpUrl(record['projectPage']);
  out.links = { ...paper.links, abs: arxivAbsUrl(arxiv.id), pdf: arxivPdfUrl(arxiv.id), hfPage: hfPaperUrl(arxiv.id), ...(projectPage ? { projectPage } : {}) };
  out.repos = extractRepoLinks({ githubRepo: record['githubRepo'], githubStars: record['githubStars'], projectPage, abstract: paper.abstract });
  return out;
}

/** Authors, year and venue from a bibliographic record (no arXiv id, no dates finer than the year). */
function applyCorpusRecord(paper: Paper, record: Json): Paper | string {
  const authors = authorsOf(record['authors']);
  if (authors.length === 0) return 'the record has no authors';
  const out: Mutable<Paper> = { ...paper, authors };
  const year = typeof record['year'] === 'string' || typeof record['year'] === 'number' ? String(record['year']) : '';
  if (/^\d{4}$/.test(year)) out.year = year;
  const venue = nonEmpty(record['venue']);
  if (venue) out.venue = `${venue.length <= 8 ? venue.toUpperCase() : venue}${out.year ? ` ${out.year}` : ''}`;
  return out;
}

/**
 * Applies the records of `seed-metadata.json` (an array of `{ seedTitle, match?: { source, record,
 * hfDayFromFileName? }, corpusMatch?: { source, record } }`) to the papers parsed from the page.
 */
export function applySampleRecords(papers: readonly Paper[], metadata: unknown): SampleEnrichment {
  const byTitle = new Map<string, number>();
  papers.forEach((paper, index) => byTitle.set(normaliseTitle(paper.title), index));
  const out = [...papers];
  const applied: { id: string; from: string }[] = [];
  const rejected: { title: string; reason: string }[] = [];
  for (const entry of Array.isArray(metadata) ? metadata : []) {
    if (!isObject(entry)) continue;
    const found = isObject(entry['match'])
      ? { kind: 'paper' as const, match: entry['match'] }
      : isObject(entry['corpusMatch'])
        ? { kind: 'corpus' as const, match: entry['corpusMatch'] }
        : undefined;
    if (!found) continue;
    const record = found.match['record'];
    const label = typeof entry['seedTitle'] === 'string' ? entry['seedTitle'] : '(untitled entry)';
    if (!isObject(record) || typeof record['title'] !== 'string') {
      rejected.push({ title: label, reason: 'no record title' });
      continue;
    }
    const index = byTitle.get(normaliseTitle(record['title']));
    if (index === undefined) {
      rejected.push({ title: record['title'], reason: 'no paper of the page has this title' });
      continue;
    }
    const paper = out[index]!;
    const recordAbstract = typeof record['summary'] === 'string' ? record['summary'] : typeof record['abstract'] === 'string' ? record['abstract'] : '';
    if (!recordAbstract) {
      rejected.push({ title: record['title'], reason: 'the record has no abstract to check it against' });
      continue;
    }
    const similarity = abstractSimilarity(paper.abstract, unwrapParagraphs(recordAbstract));
    if (similarity < abstractAgreement) {
      rejected.push({ title: record['title'], reason: `the abstracts differ (${Math.round(similarity * 100)}% of words shared)` });
      continue;
    }
    const result = found.kind === 'paper' ? applyPaperRecord(paper, record, found.match['hfDayFromFileName']) : applyCorpusRecord(paper, record);
    if (typeof result === 'string') {
      rejected.push({ title: record['title'], reason: result });
      continue;
    }
    out[index] = { ...result, abstract: abstractWithMath(paper.abstract, recordAbstract) };
    applied.push({ id: result.id, from: sourceName(found.match['source']) });
  }
  return { papers: out, applied, rejected };
}
