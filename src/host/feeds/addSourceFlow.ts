import * as vscode from 'vscode';
import { FeedSource, HfPeriod, HfSort, arxivCategoryPattern, defaultAnnounceTypes, parseIsoDay, stableHash } from '../../core/feeds/feedSource';
import type { ArxivAnnounceType } from '../../core/paper';

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

async function arxivNewSource(): Promise<FeedSource | undefined> {
  const items: (vscode.QuickPickItem & { value: string })[] = categories.map(([id, name]) => ({ label: id, description: name, value: id }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'arXiv new submissions (1/2): categories',
    placeHolder: 'Pick one or more, or press Enter with none to type others',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!chosen) return undefined;
  let picked = chosen.map((c) => c.value);
  if (picked.length === 0) {
    const typed = await vscode.window.showInputBox({
      title: 'arXiv new submissions: categories',
      placeHolder: 'math.OC, cs.LG',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const list = v.split(/[\s,+]+/).filter(Boolean);
        return list.length > 0 && list.every((c) => arxivCategoryPattern.test(c)) ? undefined : 'Categories look like cs.LG or math.OC, separated by commas';
      },
    });
    picked = typed?.split(/[\s,+]+/).filter(Boolean) ?? [];
  }
  if (picked.length === 0) return undefined;
  const typeItems: (vscode.QuickPickItem & { value: ArxivAnnounceType })[] = [
    { label: 'New', description: 'papers submitted to these categories', value: 'new' },
    { label: 'Cross-lists', description: 'papers from other categories listed here too', value: 'cross' },
    { label: 'Replacements', description: 'new versions of earlier papers', value: 'replace' },
    { label: 'Replaced cross-lists', description: 'new versions of cross-listed papers', value: 'replace-cross' },
  ].map((item) => ({ ...item, picked: defaultAnnounceTypes.includes(item.value as ArxivAnnounceType) })) as (vscode.QuickPickItem & {
    value: ArxivAnnounceType;
  })[];
  const types = await vscode.window.showQuickPick(typeItems, { title: 'arXiv new submissions (2/2): what to show', canPickMany: true, ignoreFocusOut: true });
  if (!types || types.length === 0) return undefined;
  const list = [...new Set(picked)];
  return { kind: 'arxiv-new', id: `arxiv-new-${stableHash(list.join('+'))}`, categories: list, announceTypes: types.map((t) => t.value) };
}

async function fileSource(): Promise<FeedSource | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import a feed file',
    openLabel: 'Import',
    canSelectMany: false,
    filters: {
      'Feeds and libraries (HF JSON, arXiv Atom or RSS, Daily Papers text, BibTeX, CSL-JSON)': ['json', 'xml', 'atom', 'rss', 'txt', 'bib'],
      'All files': ['*'],
    },
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
    { label: '$(list-ordered) arXiv new submissions', description: "each day's new papers in cs.LG, cs.CL, …", value: 'category' },
    { label: '$(file) Import a file…', description: 'HF JSON, arXiv Atom, a Daily Papers page saved as text', value: 'file' },
  ]);
  switch (kind) {
    case 'hf':
      return hfSource();
    case 'arxiv':
      return arxivQuerySource();
    case 'category':
      return arxivNewSource();
    case 'file':
      return fileSource();
    default:
      return undefined;
  }
}
