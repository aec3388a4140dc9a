/**
 * Links from a paper to its code and artefacts: GitHub and GitLab repositories, Hugging Face models, datasets and
 * Spaces, and project pages. Found in the feed's own fields (Hugging Face `githubRepo` / `projectPage`), in the
 * abstract and in the arXiv comment, then normalised, classified and deduplicated.
 *
 * Text from arXiv is LaTeX source more often than not, so URLs arrive glued to markup: `\url{…}`,
 * `\href{URL}{URL.}` (`https://github.com/X}{https://github.com/X.`), `URL{Our code}`, escaped underscores.
 * A URL therefore ends at the first character that cannot be part of one in such text (braces, backslash,
 * quotes, whitespace), and trailing sentence punctuation is dropped.
 */
import { urlHasInvisibleFormatting } from './net/urlSafety';
import type { RepoKind, RepoLink, RepoOrigin } from './paper';

/** A classified link before we know where it was found. */
export interface ClassifiedLink {
  readonly kind: RepoKind;
  readonly url: string;
  readonly slug?: string;
  readonly path?: string;
}

/** Everything of one paper that may name a repo. */
export interface RepoLinkSources {
  /** Hugging Face `githubRepo` (any value; non-strings are ignored). */
  readonly githubRepo?: unknown;
  /** Hugging Face `githubStars`, attached to the repo named by `githubRepo`. */
  readonly githubStars?: unknown;
  /** Hugging Face `projectPage`. */
  readonly projectPage?: unknown;
  readonly abstract?: string;
  /** arXiv `<arxiv:comment>`. */
  readonly comment?: string;
}

/**
 * First path segments of github.com that are site pages, not users or organisations
 * (`github.com/features/copilot`, `github.com/orgs/x/repositories`, `github.com/sponsors/x`).
 */
const GITHUB_RESERVED = new Set([
  'about',
  'apps',
  'blog',
  'codespaces',
  'collections',
  'contact',
  'customer-stories',
  'dashboard',
  'enterprise',
  'events',
  'explore',
  'features',
  'home',
  'issues',
  'join',
  'login',
  'logout',
  'marketplace',
  'new',
  'notifications',
  'organizations',
  'orgs',
  'pricing',
  'pulls',
  'readme',
  'search',
  'security',
  'sessions',
  'settings',
  'site',
  'sponsors',
  'stars',
  'team',
  'topics',
  'trending',
  'users',
  'watching',
  'solutions',
  'resources',
  'signup',
  'nonprofit',
  'education',
  'mobile',
  'premium-support',
  'partners',
  'git-guides',
  'github',
  'copilot',
]);

const GITLAB_RESERVED = new Set(['explore', 'users', 'help', 'dashboard', 'groups', 'search', 'projects', 'admin', 'profile', '-']);

/** Segments after which a GitLab URL is inside a repo even without the `/-/` separator (older URLs). */
const GITLAB_REPO_PAGES = new Set(['tree', 'blob', 'raw', 'issues', 'merge_requests', 'wikis', 'commits', 'releases', 'tags', 'branches']);

/** First path segments of huggingface.co that are site pages, not users or organisations. */
const HF_RESERVED = new Set([
  'papers',
  'docs',
  'blog',
  'collections',
  'models',
  'organizations',
  'settings',
  'login',
  'join',
  'pricing',
  'learn',
  'tasks',
  'posts',
  'chat',
  'api',
  'new',
  'new-space',
  'new-dataset',
  'enterprise',
  'search',
  'welcome',
  'privacy',
  'terms-of-service',
  'notifications',
  'inference-endpoints',
  'hardware',
  'changelog',
  'brand',
  'spaces',
  'datasets',
]);

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,38})$/;
const REPO_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const HF_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$/;

/** Splits `https://host/a/b?q#f` into a lowercased host and path segments; undefined when it is not http(s). */
interface UrlParts {
  readonly scheme: string;
  /** Lowercased host as written (a project page may need its `www.`). */
  readonly host: string;
  /** Host without `www.`, for recognising sites. */
  readonly site: string;
  readonly segments: string[];
  readonly query: string;
}

/** Splits `https://host/a/b?q#f`; undefined when it is not an http(s) URL (a missing scheme means https). */
function splitUrl(raw: string): UrlParts | undefined {
  const m = /^(?:(https?):\/\/)?([A-Za-z0-9.-]+)(?::\d{1,5})?(\/[^?#]*)?(\?[^#]*)?(?:#.*)?$/i.exec(raw);
  if (!m) return undefined;
  const host = m[2]!.toLowerCase();
  if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(host)) return undefined;
  const segments = (m[3] ?? '').split('/').filter((s) => s.length > 0);
  return { scheme: (m[1] ?? 'https').toLowerCase(), host, site: host.replace(/^www\./, ''), segments, query: m[4] ?? '' };
}

/** `{ path }` for a non-empty path, `{}` otherwise: links stay free of undefined-valued keys. */
function withPath(segments: readonly string[]): { path?: string } {
  return segments.length > 0 ? { path: segments.join('/') } : {};
}

function classifyGithub(segments: readonly string[]): ClassifiedLink | undefined {
  const [owner, rawRepo, ...rest] = segments;
  if (owner === undefined || rawRepo === undefined) return undefined; // a user or organisation page
  if (GITHUB_RESERVED.has(owner.toLowerCase()) || !GITHUB_OWNER.test(owner)) return undefined;
  const repo = rawRepo.replace(/\.git$/i, '');
  if (!REPO_NAME.test(repo) || repo === '.' || repo === '..') return undefined;
  const slug = `${owner}/${repo}`;
  return { kind: 'github', url: `https://github.com/${slug}`, slug, ...withPath(rest) };
}

function classifyGitlab(host: string, segments: readonly string[]): ClassifiedLink | undefined {
  if (segments.length < 2 || GITLAB_RESERVED.has(segments[0]!.toLowerCase())) return undefined;
  let end = segments.indexOf('-');
  if (end < 0) end = segments.findIndex((s, i) => i >= 2 && GITLAB_REPO_PAGES.has(s));
  if (end < 0) end = segments.length;
  const repoSegments = segments.slice(0, end).map((s) => s.replace(/\.git$/i, ''));
  if (repoSegments.length < 2 || !repoSegments.every((s) => REPO_NAME.test(s))) return undefined;
  const slug = repoSegments.join('/');
  // The path keeps GitLab's `-/` separator so `url + '/' + path` is the page that was linked.
  return { kind: 'gitlab', url: `https://${host}/${slug}`, slug, ...withPath(segments.slice(end)) };
}

function classifyHuggingFace(segments: readonly string[]): ClassifiedLink | undefined {
  const [first, ...rest] = segments;
  if (first === undefined) return undefined;
  const lower = first.toLowerCase();
  let kind: RepoKind = 'huggingface-model';
  let prefix = '';
  let parts = segments;
  if (lower === 'datasets' || lower === 'spaces') {
    kind = lower === 'datasets' ? 'huggingface-dataset' : 'huggingface-space';
    prefix = `${lower}/`;
    parts = rest;
    // Canonical datasets from before namespaces (`datasets/squad`) have no owner.
    if (kind === 'huggingface-dataset' && parts.length === 1 && HF_NAME.test(parts[0]!)) {
      return { kind, url: `https://huggingface.co/${prefix}${parts[0]}`, slug: parts[0] };
    }
  } else if (HF_RESERVED.has(lower)) {
    return undefined;
  }
  const [owner, name, ...path] = parts;
  if (owner === undefined || name === undefined || !HF_NAME.test(owner) || !HF_NAME.test(name)) return undefined;
  const slug = `${owner}/${name}`;
  return { kind, url: `https://huggingface.co/${prefix}${slug}`, slug, ...withPath(path) };
}

function projectPage(scheme: string, host: string, segments: readonly string[], query: string): ClassifiedLink {
  const path = segments.length > 0 ? `/${segments.join('/')}` : '';
  return { kind: 'project-page', url: `${scheme}://${host}${path}${query}` };
}

/**
 * Classifies one URL. GitHub, GitLab and Hugging Face repos and `*.github.io` pages are recognised anywhere;
 * any other http(s) site only when `anySiteIsProjectPage` (the feed itself called it the project page).
 * A URL carrying an invisible formatting character (a right-to-left override, a zero-width space) is refused.
 */
export function classifyRepoUrl(rawUrl: string, anySiteIsProjectPage = false): ClassifiedLink | undefined {
  if (urlHasInvisibleFormatting(rawUrl)) return undefined;
  const url = trimUrlTail(cleanLatex(rawUrl.trim()).split(URL_STOP)[0] ?? '');
  const parts = splitUrl(url);
  if (!parts) return undefined;
  const { scheme, host, site, segments, query } = parts;
  if (site === 'github.com') return classifyGithub(segments);
  if (site === 'huggingface.co' || site === 'hf.co') {
    const hf = classifyHuggingFace(segments);
    if (hf || !anySiteIsProjectPage) return hf;
    return projectPage(scheme, host, segments, query);
  }
  if (site === 'gitlab.com' || site.startsWith('gitlab.')) return classifyGitlab(site, segments);
  if (anySiteIsProjectPage) return projectPage(scheme, host, segments, query);
  // A github.io page found in prose: the query string is never part of what the authors meant to cite.
  if (site.endsWith('.github.io')) return projectPage(scheme, host, segments, '');
  return undefined;
}

/** Characters that end a URL in LaTeX-flavoured text. */
const URL_STOP = /[\s{}\\<>"'`|^[\]]/;

/** LaTeX escapes that survive into arXiv metadata inside URLs. */
function cleanLatex(text: string): string {
  return text.replace(/\\([_%#&~$])/g, '$1');
}

/** Drops sentence punctuation and unbalanced closing brackets from the end of a URL found in prose. */
function trimUrlTail(url: string): string {
  let out = url;
  for (;;) {
    const last = out.at(-1);
    if (last === undefined) return out;
    if ('.,;:!?*\'"'.includes(last)) {
      out = out.slice(0, -1);
      continue;
    }
    const open = { ')': '(', ']': '[', '>': '<' }[last];
    if (open !== undefined && count(out, last) > count(out, open)) {
      out = out.slice(0, -1);
      continue;
    }
    return out;
  }
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

// Hosts we look for in prose; the scheme is optional (`github.com/x/y` in a sentence is common). The lookbehind
// keeps e-mail addresses and longer host names (`notgithub.com`) out. A URL stops at whitespace and at the
// characters LaTeX glues onto it.
const URL_IN_TEXT =
  /(?<![\w@.-])(?:https?:\/\/)?(?:www\.)?(?:github\.com|gitlab\.[a-z0-9-]+(?:\.[a-z0-9-]+)*|huggingface\.co|hf\.co|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.github\.io)(?:\/[^\s{}\\<>"'`|^[\]]*)?/gi;

/** Every repo or project page named in free text, in order of appearance, not deduplicated. */
export function findRepoLinksInText(text: string): ClassifiedLink[] {
  const links: ClassifiedLink[] = [];
  const cleaned = cleanLatex(text);
  for (const m of cleaned.matchAll(URL_IN_TEXT)) {
    const link = classifyRepoUrl(m[0]);
    if (link) links.push(link);
  }
  return links;
}

/** The key two links are the same under: GitHub and Hugging Face names are case-insensitive. */
function dedupeKey(link: ClassifiedLink): string {
  if (link.slug !== undefined) return `${link.kind}:${link.url.toLowerCase()}`;
  return `${link.kind}:${link.url.toLowerCase().replace(/^http:/, 'https:')}`;
}

interface MutableLink {
  kind: RepoKind;
  url: string;
  slug?: string;
  path?: string;
  stars?: number;
  origins: RepoOrigin[];
}

/**
 * All repo links of a paper, deduplicated (first spelling and first deep path win) and in the order found:
 * `githubRepo`, `projectPage`, abstract, comment. `githubStars` goes to the repo `githubRepo` names.
 */
export function extractRepoLinks(sources: RepoLinkSources): RepoLink[] {
  const byKey = new Map<string, MutableLink>();
  const add = (link: ClassifiedLink | undefined, origin: RepoOrigin, stars?: number): void => {
    if (!link) return;
    const key = dedupeKey(link);
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.origins.includes(origin)) existing.origins.push(origin);
      if (existing.path === undefined && link.path !== undefined) existing.path = link.path;
      if (existing.stars === undefined && stars !== undefined) existing.stars = stars;
      return;
    }
    const entry: MutableLink = { kind: link.kind, url: link.url, origins: [origin] };
    if (link.slug !== undefined) entry.slug = link.slug;
    if (link.path !== undefined) entry.path = link.path;
    if (stars !== undefined) entry.stars = stars;
    byKey.set(key, entry);
  };

  const stars = typeof sources.githubStars === 'number' && Number.isInteger(sources.githubStars) && sources.githubStars >= 0 ? sources.githubStars : undefined;
  if (typeof sources.githubRepo === 'string' && isHttpUrl(sources.githubRepo)) {
    const link = classifyRepoUrl(sources.githubRepo);
    add(link, 'githubRepo', link?.kind === 'github' ? stars : undefined);
  }
  if (typeof sources.projectPage === 'string' && isHttpUrl(sources.projectPage)) {
    add(classifyRepoUrl(sources.projectPage, true), 'projectPage');
  }
  if (sources.abstract) for (const link of findRepoLinksInText(sources.abstract)) add(link, 'abstract');
  if (sources.comment) for (const link of findRepoLinksInText(sources.comment)) add(link, 'comment');
  return [...byKey.values()];
}

/** Kinds of links that are git repositories, so **Clone** is offered for them. */
export const cloneableKinds: ReadonlySet<RepoKind> = new Set<RepoKind>(['github', 'gitlab', 'huggingface-model', 'huggingface-space', 'huggingface-dataset']);

/**
 * The link among a paper's own repos that a webview asked to open or clone, or undefined. A webview only names a
 * URL: the host acts on its own record of the paper, so only that paper's https repo links (and for cloning, only
 * git repositories) are ever opened or cloned, whatever URL the message carries.
 */
export function ownRepoLink(repos: readonly RepoLink[], url: string, purpose: 'open' | 'clone'): RepoLink | undefined {
  const link = repos.find((repo) => repo.url === url);
  if (!link || !/^https:\/\/[^/?#@\s]+\//i.test(link.url) || urlHasInvisibleFormatting(link.url)) return undefined;
  return purpose === 'clone' && !cloneableKinds.has(link.kind) ? undefined : link;
}

/**
 * The repo links a note's front matter lists (`repos:`), classified like a feed's: a note is workspace content, so
 * `https://evil.example/github.com/x` is a project page (opened, never cloned), not a GitHub repo.
 */
export function noteRepoLinks(urls: readonly string[]): RepoLink[] {
  const links: RepoLink[] = [];
  const seen = new Set<string>();
  for (const url of urls) {
    const link = isHttpUrl(url) ? classifyRepoUrl(url, true) : undefined;
    if (!link || seen.has(dedupeKey(link))) continue;
    seen.add(dedupeKey(link));
    links.push({
      kind: link.kind,
      url: link.url,
      ...(link.slug !== undefined ? { slug: link.slug } : {}),
      ...(link.path !== undefined ? { path: link.path } : {}),
      origins: [],
    });
  }
  return links;
}

/** Only http(s) URLs may become links: a feed must not be able to plant `javascript:` or `file:` URLs. */
function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s/?#]+\.[^\s/?#]+/i.test(value.trim());
}
