import * as vscode from 'vscode';
import {
  IgnoreRules,
  SKIPPED_FOLDERS_GLOB,
  globMatcher,
  isCandidatePath,
  isGeneratedText,
  readingOrder,
  type ReadBudget,
} from '../../core/relevance/fileRules';
import type { WorkspaceFile } from '../../core/relevance/profile';

export interface WorkspaceFilesResult {
  readonly files: WorkspaceFile[];
  /** Candidates left unread because the budget ran out. */
  readonly overBudget: number;
}

/** Files read at once: enough to hide each read's latency (remote, web), few enough to keep memory flat. */
const parallelReads = 16;

/** The globs a setting turns on (`"**\/.git": true`; conditional `{ when }` entries are left out). */
function enabledGlobs(section: 'files' | 'search', folder: vscode.WorkspaceFolder): string[] {
  const value = vscode.workspace.getConfiguration(section, folder.uri).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(value)
    .filter(([, on]) => on === true)
    .map(([glob]) => glob);
}

/**
 * Reads the workspace's own code and docs for its profile: `findFiles` without the vendored and build folders, then
 * `files.exclude`, `search.exclude` and every `.gitignore` applied, docs and shallow files first, within the budget.
 * `cache` holds texts read before (the caller drops the entries of changed files); it is filled as files are read.
 */
export async function readWorkspaceFiles(
  budget: ReadBudget,
  cache: Map<string, WorkspaceFile>,
  token?: vscode.CancellationToken,
): Promise<WorkspaceFilesResult> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates: { uri: vscode.Uri; path: string }[] = [];
  for (const folder of folders) {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), SKIPPED_FOLDERS_GLOB, budget.maxFiles * 4, token);
    const base = folder.uri.path.replace(/\/+$/, '');
    const prefix = folders.length > 1 ? `${folder.name}/` : '';
    const relative = (uri: vscode.Uri) => uri.path.slice(base.length + 1);
    const ignore = new IgnoreRules();
    for (const uri of found.filter((u) => u.path.endsWith('/.gitignore'))) {
      try {
        ignore.add(relative(uri), new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch {
        // Unreadable: ignore nothing for it.
      }
    }
    const excluded = globMatcher([...enabledGlobs('files', folder), ...enabledGlobs('search', folder)]);
    for (const uri of found) {
      const path = relative(uri);
      if (isCandidatePath(path) && !excluded(path) && !ignore.ignores(path)) candidates.push({ uri, path: prefix + path });
    }
  }
  const byPath = new Map(candidates.map((c) => [c.path, c.uri]));
  const ordered = readingOrder([...byPath.keys()]);
  const files: WorkspaceFile[] = [];
  let bytes = 0;
  let next = 0;
  while (next < ordered.length && files.length < budget.maxFiles && bytes < budget.maxBytes && !token?.isCancellationRequested) {
    const batch = ordered.slice(next, next + Math.min(parallelReads, budget.maxFiles - files.length));
    next += batch.length;
    const read = await Promise.all(batch.map((path) => readOne(byPath.get(path)!, path, budget, cache)));
    for (const file of read) {
      if (!file || files.length >= budget.maxFiles || bytes >= budget.maxBytes) continue;
      files.push(file);
      bytes += file.text.length;
    }
  }
  return { files, overBudget: ordered.length - files.length };
}

async function readOne(uri: vscode.Uri, path: string, budget: ReadBudget, cache: Map<string, WorkspaceFile>): Promise<WorkspaceFile | undefined> {
  const key = uri.toString();
  const cached = cache.get(key);
  if (cached) return cached;
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const cut = bytes.subarray(0, budget.maxFileBytes);
    if (cut.includes(0)) return undefined; // Binary after all.
    const text = new TextDecoder().decode(cut);
    if (isGeneratedText(text)) return undefined;
    const file = { path, text };
    cache.set(key, file);
    return file;
  } catch {
    return undefined;
  }
}
