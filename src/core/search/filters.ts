/**
 * Filters applied while selecting hits, so that `limit` counts only papers that pass them.
 *
 * The index knows code, dates and categories. Whatever only the host knows (library status, tags, the active
 * feed) comes in as an allow-set of ids or a predicate, so new filters need no change here.
 */
import { dateKey, type IndexablePaper } from './indexablePaper';
import type { DocTable, Interner } from './docTable';

export interface SearchFilter {
  /** true: only papers with a GitHub/GitLab repo; false: only papers without one. */
  readonly hasCode?: boolean;
  /** Inclusive lower bound on the paper's date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  readonly from?: string;
  /** Inclusive upper bound; `2024` means up to the end of 2024. */
  readonly to?: string;
  /** Papers in any of these categories. */
  readonly categories?: readonly string[];
  /** Only these papers (e.g. the library's papers with some status or tag). */
  readonly ids?: ReadonlySet<string>;
  /** Any other condition on the paper id. Called only for papers that pass the conditions above. */
  readonly predicate?: (id: string) => boolean;
}

/** The filter as a test on short ids, or undefined when it lets everything through. */
export function compileFilter(
  filter: SearchFilter | undefined,
  docs: DocTable,
  categories: Interner,
  idOf: (shortId: number) => string | undefined,
): ((shortId: number) => boolean) | undefined {
  if (!filter) return undefined;
  const tests: ((shortId: number) => boolean)[] = [];
  if (filter.hasCode !== undefined) {
    const want = filter.hasCode ? 1 : 0;
    tests.push((s) => docs.hasCode[s] === want);
  }
  const from = filter.from ? dateKey(filter.from, 'lower') : 0;
  const to = filter.to ? dateKey(filter.to, 'upper') : 0;
  if (from || to) {
    // A paper without a date cannot be placed in a range, so a date filter leaves it out.
    tests.push((s) => {
      const d = docs.dates[s];
      return d !== 0 && (!from || d >= from) && (!to || d <= to);
    });
  }
  if (filter.categories) {
    const wanted = new Set(filter.categories.map((c) => categories.idOf(c)).filter((c): c is number => c !== undefined));
    tests.push((s) => docs.categories[s]?.some((c) => wanted.has(c)) ?? false);
  }
  const { ids, predicate } = filter;
  if (ids) tests.push((s) => ids.has(idOf(s) ?? ''));
  if (predicate) tests.push((s) => predicate(idOf(s) ?? ''));
  if (tests.length === 0) return undefined;
  return (s) => tests.every((test) => test(s));
}

/** The facts filters need, from an indexable paper. */
export function filterFacts(paper: IndexablePaper, categories: Interner): { date: number; hasCode: boolean; categories: number[] | undefined } {
  return {
    date: dateKey(paper.date),
    hasCode: paper.hasCode === true,
    categories: paper.categories?.length ? paper.categories.map((c) => categories.intern(c)) : undefined,
  };
}
