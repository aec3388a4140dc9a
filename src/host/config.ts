import * as vscode from 'vscode';
import { FeedEndpoints, FeedSource, defaultEndpoints, validateSource } from '../core/feeds/feedSource';

/** Settings under `marginalia.*`, read fresh each time so changes apply without a reload. */
export const configSection = 'marginalia';

function section(scope?: vscode.ConfigurationScope) {
  return vscode.workspace.getConfiguration(configSection, scope);
}

export function feedEndpoints(): FeedEndpoints {
  const c = section();
  return {
    huggingFace: c.get<string>('feeds.huggingFaceApi') || defaultEndpoints.huggingFace,
    arxiv: c.get<string>('feeds.arxivApi') || defaultEndpoints.arxiv,
  };
}

export function networkTimeoutMs(): number {
  const seconds = section().get<number>('feeds.timeoutSeconds', 30);
  return Math.max(1, Math.min(300, seconds)) * 1000;
}

export const builtInSources: readonly FeedSource[] = [
  { kind: 'sample', id: 'sample' },
  { kind: 'sample', id: 'sample-hf-day', feed: 'hf-day' },
  { kind: 'hf-daily', id: 'hf-today', period: 'day', sort: 'trending' },
  { kind: 'hf-daily', id: 'hf-week', period: 'week', sort: 'trending' },
  { kind: 'arxiv', id: 'arxiv-cs.LG', query: 'cat:cs.LG', sortBy: 'submittedDate', maxResults: 100 },
];

/** The user's sources from settings (invalid ones are reported once and skipped), else the built-in ones. */
export function configuredSources(report: (message: string) => void): FeedSource[] {
  const raw = section().get<unknown[]>('feeds.sources');
  if (!Array.isArray(raw) || raw.length === 0) return [...builtInSources];
  const sources: FeedSource[] = [];
  const ids = new Set<string>();
  raw.forEach((value, index) => {
    const checked = validateSource(value);
    if (!checked.ok) report(`Setting marginalia.feeds.sources[${index}] is ignored: ${checked.reason}.`);
    else if (ids.has(checked.source.id)) report(`Setting marginalia.feeds.sources[${index}] is ignored: the id "${checked.source.id}" is used twice.`);
    else {
      ids.add(checked.source.id);
      sources.push(checked.source);
    }
  });
  return sources.length ? sources : [...builtInSources];
}

export async function saveSources(sources: readonly FeedSource[]): Promise<void> {
  await section().update('feeds.sources', sources, vscode.ConfigurationTarget.Global);
}

/** The notes folder, relative to a workspace folder. */
export function notesFolder(scope?: vscode.ConfigurationScope): string {
  return section(scope).get<string>('notes.folder', 'papers') || 'papers';
}
