/**
 * Hugging Face Daily Papers JSON (`https://huggingface.co/api/daily_papers`).
 *
 * The shape has drifted since 2024 and every version is still found in archives (see test/fixtures/hf):
 * - 2024: `{ paper: {id, authors, publishedAt, title (hard-wrapped), summary, upvotes}, publishedAt (the day it
 *   was featured), title (unwrapped), mediaUrl (the social thumbnail), numComments }`, no `submittedOnDailyAt`;
 * - 2025: `paper.submittedOnDailyAt`, `paper.ai_summary` / `ai_keywords`, `paper.githubRepo` / `githubStars` /
 *   `projectPage` (absent, not null, when there is none), `mediaUrls` on the item and in `paper`, `thumbnail`;
 * - 2026: `organization` on both, `paper.publishedAt` date-only, top-level `publishedAt` shifted to the evening
 *   before (US time): so the paper's own fields win over the item's.
 * Optional fields are therefore looked up in `paper` first, then on the item.
 *
 * Besides the API's array we accept two wrappers seen in the wild: `{ dailyPapers: [...] }`, the props the
 * huggingface.co/papers page embeds (RSSHub reads it), and a single paper object as `/api/papers/{id}` returns it
 * (the `paper` object alone, or one daily item). Anything else is not this format.
 *
 * Authors flagged `hidden: true` are kept: on Hugging Face the flag hides a claimed paper from that user's
 * profile; it does not remove the person from the paper's author list, and dropping them would corrupt citations.
 */
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../arxivId';
import type { Author, FeedParseResult, Paper, PaperLinks, SkippedEntry } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import { FeedError } from './feedError';
import { Mutable, count, httpUrl, isoDay, isoTimestamp, nonEmpty, preview, titleId, unwrapParagraphs } from './feedText';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A daily item (`{paper: {...}}`) or a bare paper object (`{id, title, ...}`). */
function looksLikeItem(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isObject(value['paper'])) return true;
  return typeof value['id'] === 'string' && typeof value['title'] === 'string' && ('summary' in value || 'authors' in value);
}

/**
 * The list of daily items in a parsed JSON value, or undefined when the value is not Hugging Face daily papers.
 * Used by `parseFeed` to recognise the format.
 */
export function hfDailyItems(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) {
    // An empty array is what the API answers for a day without papers.
    return value.length === 0 || value.some(looksLikeItem) ? value : undefined;
  }
  if (isObject(value)) {
    const wrapped = value['dailyPapers'];
    if (Array.isArray(wrapped) && (wrapped.length === 0 || wrapped.some(looksLikeItem))) return wrapped;
    if (looksLikeItem(value)) return [value];
  }
  return undefined;
}

/** Parses Hugging Face daily papers from a JSON value already decoded (`JSON.parse`). */
export function parseHfDailyJson(value: unknown): FeedParseResult {
  const items = hfDailyItems(value);
  if (!items) {
    throw new FeedError(
      'malformed',
      'Expected Hugging Face daily papers: a JSON array of items with a "paper" object (as https://huggingface.co/api/daily_papers returns).',
    );
  }
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    try {
      const paper = parseItem(item);
      if (typeof paper === 'string') {
        skipped.push({ index, reason: paper });
        return;
      }
      const first = seen.get(paper.id);
      if (first !== undefined) {
        skipped.push({ index, reason: `duplicate of item ${first} (${paper.id})` });
        return;
      }
      seen.set(paper.id, index);
      papers.push(paper);
    } catch (error) {
      // Defensive: a shape we did not foresee costs one item, never the feed.
      skipped.push({ index, reason: `unreadable item: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  return { format: 'hf-daily-json', papers, skipped };
}

/** Parses Hugging Face daily papers JSON text. */
export function parseHfDaily(text: string): FeedParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FeedError('malformed', `The Hugging Face daily papers feed is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`);
  }
  return parseHfDailyJson(value);
}

/** The first of `keys` that is present (not undefined or null), looked up in `paper` then in `item`. */
function pick(paper: Json, item: Json, key: string): unknown {
  const fromPaper = paper[key];
  if (fromPaper !== undefined && fromPaper !== null) return fromPaper;
  const fromItem = item[key];
  return fromItem === null ? undefined : fromItem;
}

/** A paper, or the reason it was skipped. */
function parseItem(raw: unknown): Paper | string {
  if (!isObject(raw)) return `not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})`;
  const paper = isObject(raw['paper']) ? raw['paper'] : raw;
  const item = raw;

  const title = nonEmpty(item['title']) ?? nonEmpty(paper['title']);
  if (!title) return 'no title';
  const rawId = typeof paper['id'] === 'string' ? paper['id'].trim() : undefined;
  const arxiv = rawId !== undefined ? parseArxivId(rawId) : undefined;

  const summaryValue = pick(paper, item, 'summary');
  const abstract = typeof summaryValue === 'string' ? unwrapParagraphs(summaryValue) : '';

  const links: Mutable<PaperLinks> = {};
  if (arxiv) {
    links.abs = arxivAbsUrl(arxiv.id);
    links.pdf = arxivPdfUrl(arxiv.id);
    links.hfPage = hfPaperUrl(arxiv.id);
  } else if (rawId !== undefined && /^[\w.-]{1,64}$/.test(rawId)) {
    links.hfPage = `https://huggingface.co/papers/${rawId}`;
  }
  const projectPage = httpUrl(pick(paper, item, 'projectPage'));
  if (projectPage) links.projectPage = projectPage;

  const submittedOnDaily = pick(paper, item, 'submittedOnDailyAt');
  // Before `submittedOnDailyAt` existed (2024), the item's own `publishedAt` was the time it was featured.
  const dailyDate = submittedOnDaily !== undefined ? isoDay(submittedOnDaily) : isoDay(item['publishedAt']);
  const published = isoTimestamp(paper['publishedAt']) ?? isoTimestamp(item['publishedAt']);

  const result: Mutable<Paper> = {
    id: arxiv ? arxiv.id : titleId(title),
    title,
    authors: parseAuthors(paper['authors'] ?? item['authors']),
    abstract,
    categories: [],
    links,
    repos: extractRepoLinks({
      githubRepo: pick(paper, item, 'githubRepo'),
      githubStars: pick(paper, item, 'githubStars'),
      projectPage,
      abstract,
    }),
    source: 'hf-daily',
  };
  if (arxiv) {
    result.arxivId = arxiv.id;
    if (arxiv.version !== undefined) result.version = arxiv.version;
  }
  if (published) result.published = published;
  if (dailyDate) result.dailyDate = dailyDate;
  const upvotes = count(pick(paper, item, 'upvotes'));
  if (upvotes !== undefined) result.upvotes = upvotes;
  const numComments = count(item['numComments'] ?? paper['numComments']);
  if (numComments !== undefined) result.numComments = numComments;
  const aiSummary = nonEmpty(pick(paper, item, 'ai_summary'));
  if (aiSummary) result.aiSummary = aiSummary;
  const aiKeywords = stringList(pick(paper, item, 'ai_keywords'));
  if (aiKeywords.length > 0) result.aiKeywords = aiKeywords;
  // `mediaUrl` (2024) was the social thumbnail; `mediaUrls` (2025 on) are the authors' figures and videos.
  const thumbnail = httpUrl(item['thumbnail']) ?? httpUrl(paper['thumbnail']) ?? httpUrl(item['mediaUrl']) ?? httpUrl(paper['mediaUrl']);
  if (thumbnail) result.thumbnail = thumbnail;
  const media = urlList(pick(paper, item, 'mediaUrls'));
  if (media.length > 0) result.mediaUrls = media;
  const organization = organizationName(pick(paper, item, 'organization'));
  if (organization) result.organization = organization;
  return result;
}

function parseAuthors(value: unknown): Author[] {
  if (!Array.isArray(value)) return [];
  const authors: Author[] = [];
  for (const entry of value) {
    const name = typeof entry === 'string' ? nonEmpty(entry) : isObject(entry) ? nonEmpty(entry['name']) : undefined;
    if (name) authors.push({ name });
  }
  return authors;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const entry of value) {
    const text = nonEmpty(entry);
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

function urlList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const entry of value) {
    const url = httpUrl(entry);
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

function organizationName(value: unknown): string | undefined {
  if (typeof value === 'string') return nonEmpty(value);
  if (!isObject(value)) return undefined;
  return nonEmpty(value['fullname']) ?? nonEmpty(value['name']);
}

/** For error messages: what a JSON value is, in a few words. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty JSON array';
    const kinds = new Set(value.slice(0, 20).map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)));
    return `a JSON array of ${[...kinds].join('/')} values`;
  }
  if (isObject(value)) {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length === 0 ? 'an empty JSON object' : `a JSON object with keys ${keys.map((k) => `"${preview(k, 24)}"`).join(', ')}`;
  }
  return `a JSON ${value === null ? 'null' : typeof value}`;
}
