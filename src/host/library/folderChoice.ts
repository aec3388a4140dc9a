import * as vscode from 'vscode';
import { Disposable } from '../dispose';

/**
 * Which workspace folder a new note file goes to in a multi-root workspace: the folder of the code the user is
 * working in (the last text editor that was active, or the only folder among the visible ones), else ask.
 */
export class FolderChoice extends Disposable {
  private lastCodeFolder: vscode.WorkspaceFolder | undefined;

  constructor(private readonly isNoteFile: (uri: vscode.Uri) => boolean) {
    super();
    this.track(vscode.window.activeTextEditor);
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => this.track(editor)));
  }

  private track(editor: vscode.TextEditor | undefined): void {
    // Note files themselves say nothing about the code being worked on.
    if (!editor || this.isNoteFile(editor.document.uri)) return;
    const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
    if (folder) this.lastCodeFolder = folder;
  }

  /**
   * The folder for a new note of `title`. With `interactive` false (API callers, tests) it never asks: the first
   * folder is used when nothing else decides.
   */
  async choose(title: string, interactive: boolean): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length <= 1) return folders[0];
    const still = (f: vscode.WorkspaceFolder | undefined) => (f && folders.some((g) => g.uri.toString() === f.uri.toString()) ? f : undefined);
    const recent = still(this.lastCodeFolder);
    if (recent) return recent;
    const visible = new Map<string, vscode.WorkspaceFolder>();
    for (const editor of vscode.window.visibleTextEditors) {
      const folder = vscode.workspace.getWorkspaceFolder(editor.document.uri);
      if (folder && !this.isNoteFile(editor.document.uri)) visible.set(folder.uri.toString(), folder);
    }
    if (visible.size === 1) return [...visible.values()][0];
    if (!interactive) return folders[0];
    return vscode.window.showWorkspaceFolderPick({ placeHolder: `Which folder should keep the notes on “${title}”?`, ignoreFocusOut: true });
  }
}
