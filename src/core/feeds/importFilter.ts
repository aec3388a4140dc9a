/**
 * What a user types to filter an import (the arXiv snapshot, an OAI-PMH harvest): categories and a range of days,
 * read strictly so a typo is a message in the input box, never an import of the wrong papers.
 */
import { arxivCategoryPattern, parseIsoDay } from './feedSource';

/** `cs.LG, math` → `['cs.LG', 'math']`; an empty text is every category. A reason when one is not a category. */
export function parseCategoryList(text: string): { readonly categories: string[] } | { readonly error: string } {
  const categories = [...new Set(text.split(/[\s,+]+/).filter(Boolean))];
  const wrong = categories.find((c) => !arxivCategoryPattern.test(c));
  return wrong === undefined ? { categories } : { error: `"${wrong}" is not an arXiv category or archive (cs.LG, math, hep-th)` };
}

/**
 * A range of days: `2024-01-01..2024-06-30`, an open end (`2024-01-01..`, `..2024-06-30`) or one day; empty is
 * no range. A reason when a day is not a real one or the range ends before it starts.
 */
export function parseDayRange(text: string): { readonly from?: string; readonly until?: string } | { readonly error: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const parts = trimmed.includes('..') ? trimmed.split('..').map((p) => p.trim()) : [trimmed, trimmed];
  if (parts.length !== 2) return { error: 'Write a range as YYYY-MM-DD..YYYY-MM-DD (either end may be left out)' };
  const [from, until] = parts as [string, string];
  for (const day of [from, until]) if (day && !parseIsoDay(day)) return { error: `"${day}" is not a day as YYYY-MM-DD` };
  if (!from && !until) return {};
  if (from && until && from > until) return { error: `The range ends (${until}) before it starts (${from})` };
  return { ...(from ? { from } : {}), ...(until ? { until } : {}) };
}
