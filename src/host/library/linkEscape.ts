import * as vscode from 'vscode';

type RealPath = (path: string) => Promise<string>;

/** Node's `realpath` where the extension host runs on Node; undefined in the browser. */
function nodeRealpath(): RealPath | undefined {
  try {
    // Required lazily: the browser bundle marks it external and never gets here with a `file:` URI.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    return (path) => fs.promises.realpath(path);
  } catch {
    return undefined;
  }
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut <= 0 ? path.slice(0, cut + 1) || path : path.slice(0, cut);
}

function isInside(root: string, path: string): boolean {
  const trimmed = root.replace(/[/\\]+$/, '');
  return path === trimmed || path.startsWith(`${trimmed}/`) || path.startsWith(`${trimmed}\\`);
}

/**
 * Why `uri`, a path in the workspace folder `folder`, is reached through a symbolic link that leaves the folder
 * (a repository can commit `papers -> /home/me/.ssh`), or undefined when it is not. On Node the real paths are
 * compared (a link that stays inside the folder is fine); without Node (the web) any link on the way is refused,
 * since where it leads cannot be known.
 */
export async function symlinkEscape(folder: vscode.Uri, uri: vscode.Uri, what: string): Promise<string | undefined> {
  const realpath = uri.scheme === 'file' && folder.scheme === 'file' ? nodeRealpath() : undefined;
  if (realpath) {
    const root = await realpath(folder.fsPath).catch(() => folder.fsPath);
    // The nearest part of the path that exists (a new note's file and folders are written later).
    for (let path = uri.fsPath; ; path = parentOf(path)) {
      const real = await realpath(path).catch(() => undefined);
      if (real !== undefined)
        return isInside(root, real) ? undefined : `${what} is reached through a symbolic link that leads outside the workspace folder (to ${real})`;
      if (parentOf(path) === path) return undefined;
    }
  }
  const base = folder.path.replace(/\/+$/, '');
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  let current = folder;
  for (const segment of uri.path
    .slice(base.length + 1)
    .split('/')
    .filter(Boolean)) {
    current = vscode.Uri.joinPath(current, segment);
    const stat = await Promise.resolve(vscode.workspace.fs.stat(current)).catch(() => undefined);
    if (!stat) return undefined;
    if (stat.type & vscode.FileType.SymbolicLink) return `${what} is reached through a symbolic link, which is not followed here`;
  }
  return undefined;
}
