/**
 * Imports that become feed sources: the arXiv metadata snapshot (a JSON Lines file of several GB, streamed through a
 * filter) and an OAI-PMH harvest of arXiv. What an import keeps is saved as a snapshot extract in the extension's
 * global storage (`imports/`), beside the user's list of sources it joins: it is derived from a download on this
 * machine, can be tens of MB, and belongs to no workspace (the notes folder holds notes, and is often committed).
 */
import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import { importSnapshot, looksLikeSnapshot, paperToSnapshotLine, type SnapshotFilter } from '../../core/feeds/arxivSnapshot';
import { FeedLoadError } from '../../core/feeds/feedLoader';
import { type FeedSource, stableHash } from '../../core/feeds/feedSource';
import { parseCategoryList, parseDayRange } from '../../core/feeds/importFilter';
import { OaiClient, type OaiListRequest, type OaiMetadataPrefix, defaultOaiEndpoint } from '../../core/feeds/oaiClient';
import { decodeFeedBytes } from '../../core/feeds/parseFeed';
import type { HttpClient } from '../../core/net/http';
import type { Paper } from '../../core/paper';
import { networkTimeoutMs, userSetting } from '../config';
import { errorText, guarded } from '../errorMessages';
import type { FeedService } from './feedService';

/** An OAI-PMH set of arXiv: an archive (`cs`, `math`) or an archive and its group (`physics:hep-th`). */
const OAI_SET = /^[\w.-]+(?::[\w.-]+)*$/;

export interface FeedImportDeps {
  readonly feeds: FeedService;
  /** Where imported feeds are kept (`imports/` in the extension's global storage). */
  readonly storage: vscode.Uri;
  readonly http: HttpClient;
}

/** What an import did: the source it added (none when nothing matched), and what it read. */
export interface FeedImportSummary {
  readonly source?: FeedSource;
  readonly file?: string;
  readonly papers: number;
  /** Snapshot lines read, or OAI pages harvested. */
  readonly read: number;
  /** Papers that matched (a snapshot may match more than are kept). */
  readonly matched: number;
}

/** At most this many papers are kept from one import (a feed of more is no longer a list to read). */
const MAX_PAPERS = 20_000;
/** Pieces a file is read in. */
const CHUNK_BYTES = 1 << 20;
/** Where a file cannot be streamed, the largest one read whole. */
const MAX_WHOLE_BYTES = 1_000_000_000;

/**
 * A file's bytes in pieces. A file on this machine's disk (desktop, and a remote's disk for the extension host that
 * runs there) is streamed, never held whole; VS Code's file system API has no ranged read, so any other file
 * (a virtual workspace, the browser) is read whole through it, within a cap, and handed on in the same pieces.
 */
async function* fileChunks(uri: vscode.Uri, size: number): AsyncGenerator<Uint8Array> {
  if (uri.scheme === 'file' && typeof process !== 'undefined' && process.versions?.node) {
    let fs: typeof import('node:fs') | undefined;
    try {
      fs = await import('node:fs');
    } catch {
      fs = undefined;
    }
    if (fs) {
      const stream = fs.createReadStream(uri.fsPath, { highWaterMark: CHUNK_BYTES });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } finally {
        stream.destroy();
      }
      return;
    }
  }
  if (size > MAX_WHOLE_BYTES)
    throw new Error(`${nameOf(uri)} is larger than ${MAX_WHOLE_BYTES / 1_000_000} MB and cannot be streamed from where it is; copy it to this machine's disk.`);
  const bytes = await vscode.workspace.fs.readFile(uri);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    yield bytes.subarray(at, at + CHUNK_BYTES);
    // A timer between pieces: the extension host hears the Cancel button meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const nameOf = (uri: vscode.Uri) => uri.path.split('/').pop() || uri.toString();

/** The papers kept as a snapshot extract in global storage, added as a source and shown. */
async function saveAsSource(deps: FeedImportDeps, key: string, label: string, papers: readonly Paper[]): Promise<{ source: FeedSource; file: vscode.Uri }> {
  const id = `import-${stableHash(key)}`;
  const file = vscode.Uri.joinPath(deps.storage, `${id}.jsonl`);
  const lines = papers.map(paperToSnapshotLine).filter((line): line is string => line !== undefined);
  await vscode.workspace.fs.createDirectory(deps.storage);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${lines.join('\n')}\n`));
  const source: FeedSource = { kind: 'file', id, label: label.slice(0, 120), uri: file.toString() };
  await deps.feeds.addSource(source);
  return { source, file };
}

function describeFilter(filter: SnapshotFilter): string {
  const parts = [filter.categories?.length ? filter.categories.join(', ') : 'all categories'];
  if (filter.from || filter.until) parts.push(filter.from === filter.until ? filter.from! : `${filter.from ?? '…'} to ${filter.until ?? '…'}`);
  if (filter.query?.trim()) parts.push(`"${filter.query.trim()}"`);
  return parts.join(' · ');
}

/** A filter given by a caller (a test, a keybinding's `args`), checked as strictly as one typed. */
function givenFilter(value: unknown): SnapshotFilter | undefined {
  // The Explorer's menu passes the selected files (an array) second: then the filter is asked.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const categories = parseCategoryList(
    Array.isArray(v.categories) ? v.categories.filter((c) => typeof c === 'string').join(',') : typeof v.categories === 'string' ? v.categories : '',
  );
  if ('error' in categories) throw new Error(categories.error);
  const range = parseDayRange(`${typeof v.from === 'string' ? v.from : ''}..${typeof v.until === 'string' ? v.until : ''}`);
  if ('error' in range) throw new Error(range.error);
  return { categories: categories.categories, ...range, ...(typeof v.query === 'string' && v.query.trim() ? { query: v.query.trim() } : {}) };
}

const DAYS_PROMPT = 'Days as YYYY-MM-DD..YYYY-MM-DD (either end may be left out)';

async function askDays(title: string, prompt: string, required: boolean): Promise<{ from?: string; until?: string } | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: '2024-01-01..2024-03-31',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const range = parseDayRange(v);
      if ('error' in range) return range.error;
      return required && !range.from ? 'Give at least the first day (a harvest of all of arXiv takes days)' : undefined;
    },
  });
  if (text === undefined) return undefined;
  const range = parseDayRange(text);
  return 'error' in range ? undefined : range;
}

async function askSnapshotFilter(): Promise<SnapshotFilter | undefined> {
  const title = 'Import arXiv Snapshot';
  const cats = await vscode.window.showInputBox({
    title: `${title} (1/3): categories`,
    prompt: 'arXiv categories or whole archives, separated by commas; empty for all',
    placeHolder: 'cs.LG, cs.CL, math',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const parsed = parseCategoryList(v);
      return 'error' in parsed ? parsed.error : undefined;
    },
  });
  if (cats === undefined) return undefined;
  const categories = parseCategoryList(cats);
  if ('error' in categories) return undefined;
  const range = await askDays(`${title} (2/3): first version submitted`, `${DAYS_PROMPT}; empty for any day`, false);
  if (!range) return undefined;
  const query = await vscode.window.showInputBox({
    title: `${title} (3/3): words`,
    prompt: 'Words that must all be in the title or abstract; empty for any',
    placeHolder: 'state space model',
    ignoreFocusOut: true,
  });
  if (query === undefined) return undefined;
  return { categories: categories.categories, ...range, ...(query.trim() ? { query: query.trim() } : {}) };
}

/**
 * "Marginalia: Import arXiv Snapshot…": a snapshot file (`target`, else chosen) streamed through a filter
 * (`filter`, else asked) with a cancellable progress notification; the papers kept become a feed source.
 */
export async function importArxivSnapshot(deps: FeedImportDeps, target?: vscode.Uri, filterArg?: unknown): Promise<FeedImportSummary | undefined> {
  const uri =
    target ??
    (
      await vscode.window.showOpenDialog({
        title: 'Import the arXiv metadata snapshot (or an extract of it)',
        openLabel: 'Import',
        canSelectMany: false,
        filters: { 'arXiv metadata snapshot (JSON Lines)': ['json', 'jsonl'], 'All files': ['*'] },
      })
    )?.[0];
  if (!uri) return undefined;
  const name = nameOf(uri);
  const { size } = await vscode.workspace.fs.stat(uri);
  let head = '';
  for await (const chunk of fileChunks(uri, size)) {
    head = decodeFeedBytes(chunk.subarray(0, 100_000));
    break;
  }
  if (!looksLikeSnapshot(head.replace(/^\uFEFF/, '').trimStart())) {
    throw new Error(`${name} is not the arXiv metadata snapshot: its first line is not a paper with "id" and "versions". Use Import Library… for other files.`);
  }
  const filter = givenFilter(filterArg) ?? (await askSnapshotFilter());
  if (!filter) return undefined;

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Importing ${name}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await importSnapshot(fileChunks(uri, size), filter, {
          signal: controller.signal,
          maxPapers: MAX_PAPERS,
          progressEvery: 20_000,
          onProgress: ({ lines, bytes, matched }) => {
            const percent = Math.floor((bytes / Math.max(1, size)) * 100);
            progress.report({ message: `${lines.toLocaleString('en')} lines read, ${matched.toLocaleString('en')} matching`, increment: percent - reported });
            reported = percent;
          },
        });
      } catch (error) {
        if (controller.signal.aborted) return undefined;
        throw error;
      } finally {
        cancel.dispose();
      }
    },
  );
  if (!result) return undefined;
  const read = { read: result.lines, matched: result.matched, papers: result.papers.length };
  if (result.papers.length === 0) {
    void vscode.window.showInformationMessage(`No paper of ${name} matched ${describeFilter(filter)} (${result.lines.toLocaleString('en')} lines read).`);
    return read;
  }
  const saved = await saveAsSource(deps, `snapshot|${uri.toString()}|${JSON.stringify(filter)}`, `arXiv snapshot: ${describeFilter(filter)}`, result.papers);
  void vscode.window.showInformationMessage(
    `Imported ${result.papers.length.toLocaleString('en')} papers from ${name} as a feed source${result.notice ? `; ${result.matched.toLocaleString('en')} matched, narrow the filter to see the others` : ''}.`,
  );
  return { ...read, source: saved.source, file: saved.file.toString() };
}

/** arXiv's OAI-PMH endpoint: `marginalia.feeds.arxivOai`, a user setting (a workspace cannot point harvests elsewhere). */
export function oaiEndpoint(): string {
  return userSetting<string>('feeds.arxivOai')?.trim() || defaultOaiEndpoint;
}

/** A harvest request given by a caller, checked as strictly as one typed. */
function givenHarvest(value: unknown): OaiListRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const range = parseDayRange(`${typeof v.from === 'string' ? v.from : ''}..${typeof v.until === 'string' ? v.until : ''}`);
  if ('error' in range) throw new Error(range.error);
  const set = typeof v.set === 'string' ? v.set.trim() : '';
  if (set && !OAI_SET.test(set)) throw new Error(`"${set}" is not an OAI set (cs, math, physics:hep-th)`);
  const prefix = v.metadataPrefix === 'arXivRaw' || v.metadataPrefix === 'oai_dc' ? (v.metadataPrefix as OaiMetadataPrefix) : 'arXiv';
  return { metadataPrefix: prefix, ...range, ...(set ? { set } : {}) };
}

async function askHarvest(): Promise<OaiListRequest | undefined> {
  const title = 'Harvest arXiv (OAI-PMH)';
  const set = await vscode.window.showInputBox({
    title: `${title} (1/2): set`,
    prompt: 'An OAI set: an archive such as cs or math, or physics:hep-th; empty for all of arXiv',
    placeHolder: 'cs',
    ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() || OAI_SET.test(v.trim()) ? undefined : 'A set looks like cs, math or physics:hep-th'),
  });
  if (set === undefined) return undefined;
  const range = await askDays(`${title} (2/2): records added or changed`, DAYS_PROMPT, true);
  if (!range) return undefined;
  return { metadataPrefix: 'arXiv', ...range, ...(set.trim() ? { set: set.trim() } : {}) };
}

/**
 * "Marginalia: Harvest arXiv (OAI-PMH)…": the records of a set changed in a range of days, page after page (a 503's
 * Retry-After waited out), with a cancellable progress notification; the papers become a feed source.
 */
export async function harvestArxivOai(deps: FeedImportDeps, requestArg?: unknown): Promise<FeedImportSummary | undefined> {
  const request = givenHarvest(requestArg) ?? (await askHarvest());
  if (!request) return undefined;
  const endpoint = oaiEndpoint();
  const host = (() => {
    try {
      return new URL(endpoint).host;
    } catch {
      throw new Error(`Setting marginalia.feeds.arxivOai ("${endpoint}") is not a URL.`);
    }
  })();
  const what = `${request.set ?? 'all of arXiv'}, ${request.from ?? '…'} to ${request.until ?? '…'}`;
  const harvested = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Harvesting ${what} from ${host}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      const client = new OaiClient(endpoint, {
        http: deps.http,
        timeoutMs: networkTimeoutMs(),
        onRetry: (ms) => progress.report({ message: `${host} asks to wait ${Math.ceil(ms / 1000)} s; waiting…` }),
      });
      const papers = new Map<string, Paper>();
      let pages = 0;
      let total: number | undefined;
      let capped = false;
      try {
        for await (const page of client.listRecords(request, controller.signal)) {
          pages++;
          for (const paper of page.papers) if (papers.size < MAX_PAPERS) papers.set(paper.id, paper);
          total ??= page.completeListSize;
          progress.report({ message: `${papers.size.toLocaleString('en')}${total ? ` of ${total.toLocaleString('en')}` : ''} records (page ${pages})` });
          if (papers.size >= MAX_PAPERS) {
            capped = true;
            break;
          }
        }
        return { papers: [...papers.values()], pages, capped, total };
      } catch (error) {
        if (controller.signal.aborted || (error instanceof FeedLoadError && error.kind === 'cancelled')) return undefined;
        throw new Error(`The harvest from ${host} failed: ${errorText(error)}`);
      } finally {
        cancel.dispose();
      }
    },
  );
  if (!harvested) return undefined;
  const read = { read: harvested.pages, matched: harvested.total ?? harvested.papers.length, papers: harvested.papers.length };
  if (harvested.papers.length === 0) {
    void vscode.window.showInformationMessage(`${host} has no records for ${what}.`);
    return read;
  }
  const saved = await saveAsSource(deps, `oai|${endpoint}|${JSON.stringify(request)}`, `arXiv OAI: ${what}`, harvested.papers);
  void vscode.window.showInformationMessage(
    `Harvested ${harvested.papers.length.toLocaleString('en')} papers (${what}) as a feed source${harvested.capped ? `; stopped at ${MAX_PAPERS.toLocaleString('en')}, narrow the range to see the others` : ''}.`,
  );
  return { ...read, source: saved.source, file: saved.file.toString() };
}

/** The two import commands; each takes its input as arguments too (a test, a keybinding, the Explorer's menu). */
export function registerFeedImportCommands(deps: FeedImportDeps): vscode.Disposable[] {
  const asUri = (value: unknown) => (value instanceof vscode.Uri ? value : typeof value === 'string' ? vscode.Uri.parse(value) : undefined);
  return [
    registerCommand(
      'marginalia.importArxivSnapshot',
      guarded((target?: unknown, filter?: unknown) => importArxivSnapshot(deps, asUri(target), filter)),
    ),
    registerCommand(
      'marginalia.harvestArxivOai',
      guarded((request?: unknown) => harvestArxivOai(deps, request)),
    ),
  ];
}
