/**
 * Papers from JSON Lines of bibliographic records, one object a line: `{id, title, authors, abstract, year, venue,
 * arxiv}` (the 100k-abstract benchmark corpus) or arXiv-snapshot-shaped (`{id, title, authors, abstract,
 * categories, update_date}`). A minimal reader for ranking: lines that are not such records are skipped with a
 * reason, as a feed's bad entries are.
 */
import { parseArxivId } from '../arxivId';
import type { Paper, SkippedEntry } from '../paper';

export interface AbstractLinesResult {
  readonly papers: Paper[];
  readonly skipped: SkippedEntry[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '');

/** Whether a text looks like JSON Lines of paper records (its first non-empty line is an object with a title). */
export function looksLikeAbstractLines(head: string): boolean {
  const first = head.split('\n', 2)[0]?.trim() ?? '';
  return first.startsWith('{') && /"title"\s*:/.test(first) && /"abstract"\s*:/.test(first);
}

export function parseAbstractLines(input: string): AbstractLinesResult {
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  let index = 0;
  for (const line of input.split('\n')) {
    const at = index++;
    if (!line.trim()) continue;
    let record: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      record = parsed as Record<string, unknown>;
    } catch {
      skipped.push({ index: at, reason: 'not a JSON object' });
      continue;
    }
    const title = text(record.title);
    if (!title) {
      skipped.push({ index: at, reason: 'no title' });
      continue;
    }
    const arxiv = parseArxivId(text(record.arxiv) || (record.versions !== undefined || record.update_date !== undefined ? text(record.id) : ''));
    const id = arxiv?.id ?? (text(record.id) || `line:${at + 1}`);
    if (seen.has(id)) {
      skipped.push({ index: at, reason: `duplicate id ${id}` });
      continue;
    }
    seen.add(id);
    const authors = text(record.authors)
      .split(/,\s*|\s+and\s+/)
      .filter(Boolean)
      .map((name) => ({ name }));
    const year = text(record.year) || undefined;
    const venue = text(record.venue) || undefined;
    const categories = text(record.categories).split(' ').filter(Boolean);
    papers.push({
      id,
      ...(arxiv ? { arxivId: arxiv.id } : {}),
      title,
      authors,
      abstract: text(record.abstract),
      ...(year ? { year } : {}),
      ...(venue ? { venue: year ? `${venue.toUpperCase()} ${year}` : venue.toUpperCase() } : {}),
      categories,
      ...(categories[0] ? { primaryCategory: categories[0] } : {}),
      links: {},
      repos: [],
      source: 'library',
    });
  }
  return { papers, skipped };
}
