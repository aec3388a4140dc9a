// STUB: replaced by the real parser (see the parsers work). Keeps the build working meanwhile.
import type { FeedParseResult, Paper } from '../paper';

export function parseDailyPapersText(text: string): FeedParseResult {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const start = lines.findIndex((l) => /^[A-Z][a-z]{2} \d{1,2}$/.test(l)) + 1;
  const papers: Paper[] = [];
  for (let i = start; i + 1 < lines.length; i += 2) {
    const title = lines[i]!;
    papers.push({ id: `title:${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, title, abstract: lines[i + 1]!, authors: [], categories: [], links: {}, repos: [], source: 'daily-papers-text' });
  }
  return { format: 'daily-papers-text', papers, skipped: [] };
}
