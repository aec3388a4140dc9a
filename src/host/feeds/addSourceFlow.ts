import * as vscode from 'vscode';
import { FeedSource, HfPeriod, HfSort, parseIsoDay, stableHash } from '../../core/feeds/feedSource';

type Pick<T> = vscode.QuickPickItem & { value: T };

async function pick<T>(title: string, items: Pick<T>[], placeHolder?: string): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
  return chosen?.value;
}

const categories: [string, string][] = [
  ['cs.LG', 'Machine Learning'],
  ['cs.CL', 'Computation and Language'],
  ['cs.CV', 'Computer Vision and Pattern Recognition'],
  ['cs.AI', 'Artificial Intelligence'],
  ['stat.ML', 'Machine Learning (Statistics)'],
  ['cs.RO', 'Robotics'],
  ['cs.IR', 'Information Retrieval'],
  ['cs.NE', 'Neural and Evolutionary Computing'],
  ['cs.SE', 'Software Engineering'],
  ['cs.DC', 'Distributed, Parallel, and Cluster Computing'],
];

async function hfSource(): Promise<FeedSource | undefined> {
  const period = await pick<HfPeriod | 'date'>('Hugging Face Daily Papers (1/2)', [
    { label: 'Today', value: 'day' },
    { label: 'This week', value: 'week' },
    { label: 'This month', value: 'month' },
    { label: 'A specific day…', value: 'date' },
  ]);
  if (!period) return undefined;
  let date: string | undefined;
  if (period === 'date') {
    date = await vscode.window.showInputBox({
      title: 'Hugging Face Daily Papers: day',
      prompt: 'The day, as YYYY-MM-DD',
      placeHolder: '2025-07-22',
      ignoreFocusOut: true,
      validateInput: (v) => (parseIsoDay(v.trim()) ? undefined : 'Enter a day as YYYY-MM-DD, e.g. 2025-07-22'),
    });
    if (!date) return undefined;
    date = date.trim();
  }
  const sort = await pick<HfSort>('Hugging Face Daily Papers (2/2)', [
    { label: 'Trending', description: 'most upvoted first', value: 'trending' },
    { label: 'Newest', description: 'by publication time', value: 'publishedAt' },
  ]);
  if (!sort) return undefined;
  const p = period === 'date' ? 'day' : period;
  return { kind: 'hf-daily', id: `hf-${p}-${date ?? 'current'}-${sort}`, period: p, date, sort };
}

async function arxivQuerySource(): Promise<FeedSource | undefined> {
  const query = await vscode.window.showInputBox({
    title: 'arXiv search',
    prompt: 'An arXiv API query: words, or fields such as ti:, au:, abs:, cat: with AND / OR / ANDNOT',
    placeHolder: 'all:"state space model" AND cat:cs.LG',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter a query'),
  });
  if (!query) return undefined;
  const sortBy = await pick('arXiv search: order', [
    { label: 'Newest first', value: 'submittedDate' as const },
    { label: 'Most relevant first', value: 'relevance' as const },
  ]);
  if (!sortBy) return undefined;
  const q = /\b(all|ti|au|abs|cat|co|jr|rn|id):/.test(query) ? query.trim() : `all:${query.trim()}`;
  return { kind: 'arxiv', id: `arxiv-${stableHash(q + sortBy)}`, label: `arXiv: ${query.trim()}`, query: q, sortBy, maxResults: 100 };
}

async function arxivCategorySource(): Promise<FeedSource | undefined> {
  const items: Pick<string>[] = categories.map(([id, name]) => ({ label: id, description: name, value: id }));
  items.push({ label: 'Another category…', value: '' });
  let category = await pick('arXiv category, newest first', items);
  if (category === '') {
    category = (await vscode.window.showInputBox({ title: 'arXiv category', placeHolder: 'math.OC', validateInput: (v) => (/^[a-z-]+(\.[A-Za-z-]+)?$/.test(v.trim()) ? undefined : 'A category looks like cs.LG or math.OC') }))?.trim();
  }
  if (!category) return undefined;
  return { kind: 'arxiv', id: `arxiv-cat-${category}`, label: `arXiv ${category}, newest`, query: `cat:${category}`, sortBy: 'submittedDate', maxResults: 100 };
}

async function fileSource(): Promise<FeedSource | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import a feed file',
    openLabel: 'Import',
    canSelectMany: false,
    filters: { 'Feeds (HF JSON, arXiv Atom, Daily Papers text)': ['json', 'xml', 'atom', 'txt'], 'All files': ['*'] },
  });
  const uri = picked?.[0];
  if (!uri) return undefined;
  return { kind: 'file', id: `file-${stableHash(uri.toString())}`, uri: uri.toString() };
}

/** The "Add Feed Source" flow: a few quick picks that end in a validated source, or undefined if cancelled. */
export async function askForSource(): Promise<FeedSource | undefined> {
  const kind = await pick('Add a feed source', [
    { label: '$(flame) Hugging Face Daily Papers', description: 'a day, a week or a month', value: 'hf' },
    { label: '$(search) arXiv search', description: 'any arXiv API query', value: 'arxiv' },
    { label: '$(list-ordered) arXiv category', description: 'newest papers in cs.LG, cs.CL, …', value: 'category' },
    { label: '$(file) Import a file…', description: 'HF JSON, arXiv Atom, a Daily Papers page saved as text', value: 'file' },
  ]);
  switch (kind) {
    case 'hf':
      return hfSource();
    case 'arxiv':
      return arxivQuerySource();
    case 'category':
      return arxivCategorySource();
    case 'file':
      return fileSource();
    default:
      return undefined;
  }
}
