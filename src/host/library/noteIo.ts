import * as vscode from 'vscode';

/** Reads a text file as UTF-8, keeping a BOM as U+FEFF so writing it back gives the same bytes. */
export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Writes a file so that readers see the old or the new text, never half of it: a temporary file beside it, then a
 * rename over it. File systems without rename (some virtual ones) get a plain write.
 */
export async function writeTextAtomically(uri: vscode.Uri, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const folder = vscode.Uri.joinPath(uri, '..');
  await vscode.workspace.fs.createDirectory(folder);
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const temp = vscode.Uri.joinPath(folder, `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, bytes);
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  } catch (error) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    if (error instanceof vscode.FileSystemError && error.code === 'NoPermissions') throw error;
    await vscode.workspace.fs.writeFile(uri, bytes);
  }
}
