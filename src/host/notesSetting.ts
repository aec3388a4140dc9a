import * as vscode from 'vscode';

/** The notes folder, relative to a workspace folder (`marginalia.notes.folder`). */
export function notesFolder(scope?: vscode.ConfigurationScope): string {
  return vscode.workspace.getConfiguration('marginalia', scope).get<string>('notes.folder', 'papers') || 'papers';
}
