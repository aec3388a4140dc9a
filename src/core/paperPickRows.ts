/**
 * The rows of the paper pickers (Search Papers, Link Selection to Paper): pinned papers, the library's papers, then
 * the feed's search results for what is typed. Pure, so it is unit-tested in Node.
 *
 * VS Code tells the extension which row was clicked by its position in the list the extension set last, not in the
 * list the user saw: a click on a row drawn before the rows for a new query reached the window is read against the
 * new rows. So the pinned and library rows keep their positions for every query (a row that does not match is
 * hidden through `alwaysShow: false`, not taken out), and only the feed's results, after them, change as the user
 * types.
 */
import type { Paper } from './paper';

/** At most this many library rows: VS Code filters them itself, so all of them are in the list. */
export const MAX_LIBRARY_ROWS = 2000;

export type PickRow = { readonly kind: 'separator'; readonly label: string } | { readonly kind: 'paper'; readonly paper: Paper; readonly alwaysShow: boolean };

export interface PickRowSources {
  /** Papers listed first under their own heading (e.g. the ones the current file mentions). */
  readonly pinned?: { readonly label: string; readonly papers: readonly Paper[] };
  /** The library's papers, listed under "In your library". */
  readonly library?: readonly Paper[];
  /** The active feed's name and its search results for the query, best first. */
  readonly feed: { readonly label: string; readonly results: readonly Paper[] };
}

/**
 * The lowercased text a paper is matched on, made once per paper object: a picker matches up to 2,000 library papers
 * (abstracts included) on every keystroke, against the same objects.
 */
const haystacks = new WeakMap<Paper, string>();
function haystackOf(paper: Paper): string {
  let text = haystacks.get(paper);
  if (text === undefined) {
    text = `${paper.title} ${paper.id} ${paper.authors.map((a) => a.name).join(' ')} ${paper.abstract}`.toLowerCase();
    haystacks.set(paper, text);
  }
  return text;
}

/** Plain matching for the short lists (pinned, library): every word of the query in the title, id, authors or abstract. */
export function pickMatches(paper: Paper, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = haystackOf(paper);
  return words.every((w) => haystack.includes(w));
}

/**
 * The rows for a query, each paper once. Pinned and library rows are the same papers at the same positions whatever
 * the query (`alwaysShow` says whether the query matches them, or the feed's search found them); the feed's results
 * follow.
 */
export function paperPickRows(query: string, sources: PickRowSources): PickRow[] {
  const rows: PickRow[] = [];
  const seen = new Set<string>();
  // A pinned or library paper the feed's search found (by a word stem, a typo, its keywords) shows in its own place.
  const found = new Set(sources.feed.results.map((p) => p.id));
  const shown = (paper: Paper) => found.has(paper.id) || pickMatches(paper, query);
  const group = (label: string, papers: readonly Paper[], alwaysShow: (paper: Paper) => boolean) => {
    const fresh = papers.filter((p) => {
      if (seen.has(p.id)) return false;
      seen.add(p.id);
      return true;
    });
    if (fresh.length === 0) return;
    // A lone feed needs no heading (Search Papers with an empty library shows just the feed).
    if (rows.length > 0 || label !== sources.feed.label) rows.push({ kind: 'separator', label });
    for (const paper of fresh) rows.push({ kind: 'paper', paper, alwaysShow: alwaysShow(paper) });
  };
  if (sources.pinned) group(sources.pinned.label, sources.pinned.papers, shown);
  if (sources.library) group('In your library', sources.library.slice(0, MAX_LIBRARY_ROWS), shown);
  group(sources.feed.label, sources.feed.results, () => true);
  return rows;
}
