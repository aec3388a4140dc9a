import * as vscode from 'vscode';
import { defaultSemanticScholarApi } from '../core/citations/citationClient';
import { FeedEndpoints, FeedSource, defaultEndpoints, librarySource, validateSource } from '../core/feeds/feedSource';

/** Settings under `marginalia.*`, read fresh each time so changes apply without a reload. */
export const configSection = 'marginalia';

function section(scope?: vscode.ConfigurationScope) {
  return vscode.workspace.getConfiguration(configSection, scope);
}

/**
 * A setting as the user set it (user or remote settings), never a workspace's: for settings that choose a server
 * (`application` scope in the manifest, so VS Code ignores them in workspace settings too; read this way as well so
 * no workspace, trusted or not, can point downloads elsewhere).
 */
export function userSetting<T>(key: string, scope?: vscode.ConfigurationScope): T | undefined {
  const inspected = vscode.workspace.getConfiguration(configSection, scope).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/**
 * A setting from the user's settings, or also from the workspace's when the workspace is trusted: for settings that
 * choose files, folders or limits (the manifest's `restrictedConfigurations`, which VS Code ignores in Restricted
 * Mode; read this way as well so Restricted Mode never honours a workspace value).
 */
export function trustedSetting<T>(key: string, scope?: vscode.ConfigurationScope): T | undefined {
  const config = vscode.workspace.getConfiguration(configSection, scope);
  return vscode.workspace.isTrusted ? config.get<T>(key) : userSetting<T>(key, scope);
}

export function feedEndpoints(): FeedEndpoints {
  return {
    huggingFace: userSetting<string>('feeds.huggingFaceApi')?.trim() || defaultEndpoints.huggingFace,
    arxiv: userSetting<string>('feeds.arxivApi')?.trim() || defaultEndpoints.arxiv,
    arxivRss: userSetting<string>('feeds.arxivRss')?.trim() || defaultEndpoints.arxivRss,
  };
}

export function networkTimeoutMs(): number {
  const seconds = trustedSetting<number>('feeds.timeoutSeconds');
  return Math.max(1, Math.min(300, typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : 30)) * 1000;
}

/** `marginalia.feeds.maxResponseMB` in bytes. */
export function feedMaxResponseBytes(): number {
  // A limit: a workspace raises it only once trusted.
  const mb = trustedSetting<number>('feeds.maxResponseMB') ?? 20;
  return Math.max(1, Math.min(500, Number.isFinite(mb) ? mb : 20)) * 1_000_000;
}

export const builtInSources: readonly FeedSource[] = [
  { kind: 'sample', id: 'sample' },
  { kind: 'sample', id: 'sample-hf-day', feed: 'hf-day' },
  { kind: 'hf-daily', id: 'hf-today', period: 'day', sort: 'trending' },
  { kind: 'hf-daily', id: 'hf-week', period: 'week', sort: 'trending' },
  { kind: 'arxiv-new', id: 'arxiv-new-cs.LG', categories: ['cs.LG'], announceTypes: ['new', 'cross'] },
];

/** The user's sources from settings (invalid ones are reported once and skipped), else the built-in ones; "My library" always. */
export function configuredSources(report: (message: string) => void): FeedSource[] {
  const sources = settingSources(report);
  return sources.some((s) => s.kind === 'library') ? sources : [...sources, librarySource];
}

function settingSources(report: (message: string) => void): FeedSource[] {
  const raw = trustedSetting<unknown[]>('feeds.sources');
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

/**
 * Saves the sources where the list came from: the workspace's settings when a trusted workspace set it, else the
 * user's. A workspace's sources never reach the user's settings, which every other workspace reads.
 */
export async function saveSources(sources: readonly FeedSource[]): Promise<void> {
  const inspected = section().inspect<unknown[]>('feeds.sources');
  const fromWorkspace = vscode.workspace.isTrusted && (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined);
  // "My library" is always there: it is not written into the user's list.
  const kept = sources.filter((s) => !(s.kind === 'library' && s.id === librarySource.id && s.label === undefined));
  await section().update('feeds.sources', kept, fromWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}

export { notesFolder } from './notesSetting';

/** `marginalia.citations.semanticScholarApi`: the graph API base (user settings only, as the feed endpoints). */
export function semanticScholarApi(): string {
  return userSetting<string>('citations.semanticScholarApi')?.trim() || defaultSemanticScholarApi;
}

/**
 * Whether the paper view fetches references, citing papers and Hugging Face links. Off wins: a workspace can turn it
 * off for itself (that only sends less), but never on against the user's settings.
 */
export function citationsEnabled(): boolean {
  return section().inspect<boolean>('citations.enabled')?.globalValue !== false && section().get<boolean>('citations.enabled', true) !== false;
}
