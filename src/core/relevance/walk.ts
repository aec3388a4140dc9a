/**
 * Collects a folder's files for its profile, within a budget, through a small file-system interface (the CLI gives
 * Node's, tests a fixture folder). The extension host walks with `findFiles` instead, under the same rules.
 */
import { IgnoreRules, defaultReadBudget, isCandidatePath, isGeneratedText, readingOrder, type ReadBudget } from './fileRules';
import type { WorkspaceFile } from './profile';

export interface FolderReader {
  /** Entries of a folder (relative path, `''` for the root). */
  list(relativePath: string): { readonly name: string; readonly folder: boolean }[];
  read(relativePath: string, maxBytes: number): string;
}

export interface CollectedFiles {
  readonly files: WorkspaceFile[];
  /** Candidates left unread because the budget ran out. */
  readonly overBudget: number;
  readonly ignored: number;
}

/** Reads the candidate files of a folder: `.gitignore` honoured, skipped folders not entered, the budget kept. */
export function collectFiles(reader: FolderReader, budget: ReadBudget = defaultReadBudget): CollectedFiles {
  const ignore = new IgnoreRules();
  const candidates: string[] = [];
  let ignored = 0;
  const visit = (folder: string) => {
    const entries = reader.list(folder);
    const gitignore = entries.find((e) => !e.folder && e.name === '.gitignore');
    if (gitignore) ignore.add(folder ? `${folder}/.gitignore` : '.gitignore', reader.read(folder ? `${folder}/.gitignore` : '.gitignore', 1 << 20));
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.folder) {
        // A probe file inside tells whether the folder itself is skipped or ignored.
        if (!isCandidatePath(`${path}/x.py`) || ignore.ignores(`${path}/x`)) continue;
        if (candidates.length < budget.maxFiles * 4) visit(path);
      } else if (isCandidatePath(path)) {
        if (ignore.ignores(path)) ignored++;
        else candidates.push(path);
      }
    }
  };
  visit('');
  const files: WorkspaceFile[] = [];
  let bytes = 0;
  const ordered = readingOrder(candidates);
  for (const path of ordered) {
    if (files.length >= budget.maxFiles || bytes >= budget.maxBytes) break;
    const text = reader.read(path, budget.maxFileBytes);
    if (text.includes('\u0000') || isGeneratedText(text)) continue; // Binary or generated after all.
    bytes += text.length;
    files.push({ path, text });
  }
  return { files, overBudget: ordered.length - files.length, ignored };
}
