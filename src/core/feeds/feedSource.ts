/**
 * Feed sources a user can keep in the sidebar, and the requests they turn into.
 * Pure: the URLs are built from endpoints that come from settings, so tests point them at 127.0.0.1.
 */
import { type ArxivAnnounceType, arxivAnnounceTypes } from '../paper';
import { stableHash } from '../text/stableHash';

/** Short stable keys for cache file names and source ids (FNV-1a; not for security). */
export { stableHash };

export type HfPeriod = 'day' | 'week' | 'month';
export type HfSort = 'trending' | 'publishedAt';
/** The bundled sample feeds (see media/sample/README.md). */
export type SampleFeed = 'page' | 'hf-day';
/** The day the `hf-day` sample was recorded. */
export const sampleHfDay = '2025-07-22';

export type ArxivSort = 'submittedDate' | 'lastUpdatedDate' | 'relevance';

export type FeedSource =
  /**
   * A sample feed bundled with the extension (works offline, first open): `page`, a Hugging Face papers page saved
   * as text with its papers' recorded facts, or `hf-day`, a whole recorded Hugging Face Daily Papers day.
   */
  | { readonly kind: 'sample'; readonly id: string; readonly label?: string; readonly feed?: SampleFeed }
  /** Hugging Face Daily Papers for a day, a week or a month; `date` absent means "the current one". */
  | {
      readonly kind: 'hf-daily';
      readonly id: string;
      readonly label?: string;
      readonly period: HfPeriod;
      readonly date?: string;
      readonly sort: HfSort;
    }
  /** An arXiv API query (`cat:cs.LG`, `all:diffusion AND cat:cs.CV`, `au:hinton`). */
  | {
      readonly kind: 'arxiv';
      readonly id: string;
      readonly label?: string;
      readonly query: string;
      /** Specific papers by arXiv id (the API's `id_list`); with an empty query, exactly these papers. */
      readonly idList?: readonly string[];
      readonly sortBy: ArxivSort;
      readonly maxResults: number;
    }
  /**
   * arXiv's daily listing of new submissions in one or more categories (its RSS service), with the announce types
   * to show: the way to follow categories. Fetched once per announcement (arXiv rebuilds it each night, US Eastern).
   */
  | {
      readonly kind: 'arxiv-new';
      readonly id: string;
      readonly label?: string;
      readonly categories: readonly string[];
      readonly announceTypes: readonly ArxivAnnounceType[];
    }
  /** A feed file imported by the user (HF JSON, arXiv Atom, a Daily Papers page saved as text). */
  | { readonly kind: 'file'; readonly id: string; readonly label?: string; readonly uri: string }
  /** The papers of the library (every paper with a note), searchable with the notes written about them. */
  | { readonly kind: 'library'; readonly id: string; readonly label?: string };

/** The "My library" source: always offered, whatever other sources are configured. */
export const librarySource: FeedSource = { kind: 'library', id: 'library' };

export interface FeedEndpoints {
  /** Base of the Hugging Face API, e.g. `https://huggingface.co/api`. */
  readonly huggingFace: string;
  /** The arXiv API query endpoint, e.g. `https://export.arxiv.org/api/query`. */
  readonly arxiv: string;
  /** Base of arXiv's RSS service, e.g. `https://rss.arxiv.org` (the default when absent). */
  readonly arxivRss?: string;
}

export const defaultEndpoints: FeedEndpoints = {
  huggingFace: 'https://huggingface.co/api',
  arxiv: 'https://export.arxiv.org/api/query',
  arxivRss: 'https://rss.arxiv.org',
};

/** The announce types an "arXiv new submissions" source shows unless told otherwise: new papers and cross-lists. */
export const defaultAnnounceTypes: readonly ArxivAnnounceType[] = ['new', 'cross'];

/** A category as arXiv names it: `cs.LG`, `math.OC`, `hep-th`, `astro-ph.GA`. */
export const arxivCategoryPattern = /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/;

function rssBase(endpoints: FeedEndpoints): string {
  return (endpoints.arxivRss?.trim() || defaultEndpoints.arxivRss!).replace(/\/+$/, '');
}

/**
 * The day of arXiv's current announcement: the calendar day in New York, where arXiv rebuilds its listings at
 * midnight. Two loads on one such day get the same listing, so it is fetched once and cached for the day.
 */
export function arxivListingDay(now: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const day = `${get('year')}-${get('month')}-${get('day')}`;
    if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  } catch {
    // A runtime without time-zone data: US Eastern is UTC-5 or UTC-4; UTC-5 is never a day late.
  }
  return isoDay(new Date(now.getTime() - 5 * 3_600_000));
}

/** Hugging Face returns at most this many papers a page. */
export const hfPageSize = 100;
/** arXiv asks clients to page with at most this many results a call. */
export const arxivMaxPerCall = 200;

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a date in UTC. */
export function isoDay(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** ISO 8601 week (`2025-W30`) of a date in UTC: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${pad(week)}`;
}

/** `YYYY-MM` of a date in UTC. */
export function isoMonth(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

/** Parses `YYYY-MM-DD` strictly; undefined when it is not a real calendar day. */
export function parseIsoDay(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return isoDay(date) === value ? date : undefined;
}

function hfPeriodParam(source: Extract<FeedSource, { kind: 'hf-daily' }>, now: Date): [string, string] {
  const day = (source.date && parseIsoDay(source.date)) || now;
  switch (source.period) {
    case 'day':
      return ['date', isoDay(day)];
    case 'week':
      return ['week', isoWeek(day)];
    case 'month':
      return ['month', isoMonth(day)];
  }
}

/** The URL of one page of a source's feed (`page` is 0-based). Undefined for sources that are not fetched. */
export function sourcePageUrl(source: FeedSource, endpoints: FeedEndpoints, now: Date, page = 0): string | undefined {
  switch (source.kind) {
    case 'hf-daily': {
      const url = new URL(`${endpoints.huggingFace.replace(/\/+$/, '')}/daily_papers`);
      const [key, value] = hfPeriodParam(source, now);
      url.searchParams.set(key, value);
      url.searchParams.set('sort', source.sort);
      url.searchParams.set('limit', String(hfPageSize));
      if (page > 0) url.searchParams.set('p', String(page));
      return url.toString();
    }
    case 'arxiv': {
      const url = new URL(endpoints.arxiv);
      const perCall = Math.min(arxivMaxPerCall, source.maxResults);
      url.searchParams.set('search_query', source.query);
      if (source.idList?.length) url.searchParams.set('id_list', source.idList.join(','));
      url.searchParams.set('sortBy', source.sortBy);
      url.searchParams.set('sortOrder', 'descending');
      url.searchParams.set('start', String(page * perCall));
      url.searchParams.set('max_results', String(Math.min(perCall, source.maxResults - page * perCall)));
      return url.toString();
    }
    case 'arxiv-new':
      return page === 0 ? `${rssBase(endpoints)}/rss/${source.categories.map(encodeURIComponent).join('+')}` : undefined;
    case 'sample':
    case 'file':
    case 'library':
      return undefined;
  }
}

/**
 * The key of one request of a source: it changes when "today" (or this week, this month) moves on, and never
 * for an explicit past day. A cached feed is fresh while its request key is the current one.
 */
export function sourceRequestKey(source: FeedSource, now: Date): string {
  switch (source.kind) {
    case 'hf-daily': {
      const [key, value] = hfPeriodParam(source, now);
      return `hf-${key}-${value}-${source.sort}`;
    }
    case 'arxiv':
      return `arxiv-${isoDay(now)}`;
    case 'arxiv-new':
      return `arxiv-new-${arxivListingDay(now)}`;
    case 'sample':
    case 'file':
    case 'library':
      return source.kind;
  }
}

/** The key a source's feed is cached under: the same for a source across days, so offline shows the last one. */
export function sourceCacheKey(source: FeedSource): string {
  switch (source.kind) {
    case 'hf-daily':
      return `hf-${source.period}-${source.date ?? 'current'}-${source.sort}`;
    case 'arxiv':
      return `arxiv-${stableHash(`${source.query}|${source.idList?.join(',') ?? ''}|${source.sortBy}|${source.maxResults}`)}`;
    case 'arxiv-new':
      // The announce types only filter what is shown: one listing serves every choice of them.
      return `arxiv-new-${stableHash([...source.categories].sort().join('+'))}`;
    case 'sample':
      return source.feed === 'hf-day' ? 'sample-hf-day' : 'sample';
    case 'file':
      return `file-${stableHash(source.uri)}`;
    case 'library':
      return 'library';
  }
}

/**
 * The key a remote source's feed is cached under: its `sourceCacheKey` and the origin of the endpoint it is fetched
 * from, so a feed fetched from one server (a mirror, a test server) never shows as another's.
 */
export function feedCacheKey(source: FeedSource, endpoints: FeedEndpoints): string {
  const origin = originOf(source, endpoints);
  return origin === undefined ? sourceCacheKey(source) : `${sourceCacheKey(source)}-from-${originKey(origin)}`;
}

/** The origin (`https://huggingface.co`) of an endpoint; the endpoint as written when it is not a URL. */
export function endpointOrigin(endpoint: string): string {
  try {
    const origin = new URL(endpoint.trim()).origin;
    return origin === 'null' ? endpoint.trim() : origin;
  } catch {
    return endpoint.trim();
  }
}

/** A file-name-safe key of an origin: its host and port (readable), and a hash of all of it. */
export function originKey(origin: string): string {
  let host = 'invalid';
  try {
    const url = new URL(origin);
    host = `${url.hostname}${url.port ? `-${url.port}` : ''}`;
  } catch {
    // An endpoint that is not a URL fails to load anyway; it still gets a key of its own.
  }
  return `${host.replace(/[^\w.-]/g, '_')}-${stableHash(origin)}`;
}

/** The origin a source is fetched from, for the remote kinds. */
export function originOf(source: FeedSource, endpoints: FeedEndpoints): string | undefined {
  const endpoint =
    source.kind === 'hf-daily'
      ? endpoints.huggingFace
      : source.kind === 'arxiv'
        ? endpoints.arxiv
        : source.kind === 'arxiv-new'
          ? rssBase(endpoints)
          : undefined;
  return endpoint === undefined ? undefined : endpointOrigin(endpoint);
}

/** A short human label for a source, for the source picker and status lines. */
export function describeSource(source: FeedSource, now: Date): string {
  if (source.label) return source.label;
  switch (source.kind) {
    case 'sample':
      return source.feed === 'hf-day' ? `Sample: Hugging Face day (recorded ${sampleHfDay})` : 'Sample feed: a saved Hugging Face page';
    case 'hf-daily': {
      const [, value] = hfPeriodParam(source, now);
      const period = source.period === 'day' ? 'Daily Papers' : source.period === 'week' ? 'Weekly Papers' : 'Monthly Papers';
      const when = source.date ? value : source.period === 'day' ? 'today' : `this ${source.period}`;
      return `HF ${period}, ${when}${source.sort === 'trending' ? ' (trending)' : ''}`;
    }
    case 'arxiv':
      return `arXiv: ${source.query || source.idList?.join(', ')}`;
    case 'arxiv-new': {
      const types = source.announceTypes.length === arxivAnnounceTypes.length ? '' : ` (${source.announceTypes.join(', ')})`;
      return `arXiv new: ${source.categories.join(', ')}${types}`;
    }
    case 'file': {
      const name = source.uri.split(/[\\/]/).pop() ?? source.uri;
      return `File: ${decodeURIComponent(name)}`;
    }
    case 'library':
      return 'My library';
  }
}

/** Validates a source read from settings or a webview; returns a reason when it is not usable. */
export function validateSource(value: unknown): { ok: true; source: FeedSource } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null) return { ok: false, reason: 'a source must be an object' };
  const v = value as Record<string, unknown>;
  const id = v.id;
  if (typeof id !== 'string' || !/^[\w.:-]{1,80}$/.test(id)) return { ok: false, reason: 'a source needs an "id" of letters, digits, ".", ":", "_" or "-"' };
  const label = typeof v.label === 'string' && v.label.trim() ? v.label.trim().slice(0, 120) : undefined;
  switch (v.kind) {
    case 'sample': {
      const feed = v.feed ?? 'page';
      if (feed !== 'page' && feed !== 'hf-day') return { ok: false, reason: '"feed" must be page or hf-day' };
      return { ok: true, source: { kind: 'sample', id, label, ...(feed === 'hf-day' ? { feed } : {}) } };
    }
    case 'hf-daily': {
      const period = v.period ?? 'day';
      if (period !== 'day' && period !== 'week' && period !== 'month') return { ok: false, reason: '"period" must be day, week or month' };
      const sort = v.sort ?? 'trending';
      if (sort !== 'trending' && sort !== 'publishedAt') return { ok: false, reason: '"sort" must be trending or publishedAt' };
      if (v.date !== undefined && (typeof v.date !== 'string' || !parseIsoDay(v.date))) return { ok: false, reason: '"date" must be a day as YYYY-MM-DD' };
      return { ok: true, source: { kind: 'hf-daily', id, label, period, sort, date: v.date as string | undefined } };
    }
    case 'arxiv': {
      const idList = Array.isArray(v.idList)
        ? v.idList.filter((x): x is string => typeof x === 'string' && /^[\w./-]{1,40}$/.test(x)).slice(0, 200)
        : undefined;
      const query = typeof v.query === 'string' ? v.query.trim() : '';
      if ((!query && !idList?.length) || query.length > 1000) return { ok: false, reason: '"query" must be an arXiv search query such as cat:cs.LG' };
      const sortBy = v.sortBy ?? 'submittedDate';
      if (sortBy !== 'submittedDate' && sortBy !== 'lastUpdatedDate' && sortBy !== 'relevance')
        return { ok: false, reason: '"sortBy" must be submittedDate, lastUpdatedDate or relevance' };
      const maxResults = v.maxResults ?? 100;
      if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 2000)
        return { ok: false, reason: '"maxResults" must be a whole number from 1 to 2000' };
      return { ok: true, source: { kind: 'arxiv', id, label, query, idList: idList?.length ? idList : undefined, sortBy, maxResults } };
    }
    case 'arxiv-new': {
      const categories = Array.isArray(v.categories)
        ? v.categories.filter((c): c is string => typeof c === 'string').map((c) => c.trim())
        : typeof v.categories === 'string'
          ? v.categories.split(/[\s,+]+/)
          : [];
      const wanted = [...new Set(categories.filter((c) => c.length > 0))];
      if (wanted.length === 0 || wanted.length > 30 || wanted.some((c) => !arxivCategoryPattern.test(c)))
        return { ok: false, reason: '"categories" must list arXiv categories such as cs.LG' };
      const types = v.announceTypes === undefined ? defaultAnnounceTypes : Array.isArray(v.announceTypes) ? v.announceTypes : [];
      if (types.length === 0 || types.some((t) => !(arxivAnnounceTypes as readonly unknown[]).includes(t)))
        return { ok: false, reason: '"announceTypes" must list some of new, cross, replace, replace-cross' };
      const announceTypes = arxivAnnounceTypes.filter((t) => types.includes(t));
      return { ok: true, source: { kind: 'arxiv-new', id, label, categories: wanted, announceTypes } };
    }
    case 'file':
      if (typeof v.uri !== 'string' || !v.uri) return { ok: false, reason: '"uri" must name the feed file' };
      return { ok: true, source: { kind: 'file', id, label, uri: v.uri } };
    case 'library':
      return { ok: true, source: { kind: 'library', id, label } };
    default:
      return { ok: false, reason: '"kind" must be sample, hf-daily, arxiv, arxiv-new, file or library' };
  }
}
