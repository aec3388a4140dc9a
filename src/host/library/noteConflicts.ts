import * as vscode from 'vscode';
import type { MergeConflict } from '../../core/notes/noteMerge';
import { Disposable } from '../dispose';

/** How a conflicting edit is settled. `ask` shows a modal; the others are for API callers and tests. */
export type ConflictPolicy = 'ask' | 'keep-both' | 'keep-mine' | 'keep-theirs' | 'cancel';

/** The user's (or the policy's) decision. */
export type ConflictDecision = 'both' | 'mine' | 'theirs' | 'cancel';

export interface ConflictContext {
  /** Workspace-relative path of the note file. */
  readonly path: string;
  readonly uri: vscode.Uri;
  readonly conflicts: readonly MergeConflict[];
  /** The file with the edit applied to the version the editor saw (what "keep mine" writes). */
  readonly mine: string;
  /** Whether a keep-both resolution exists. */
  readonly canKeepBoth: boolean;
}

function describe(conflict: MergeConflict): string {
  switch (conflict.kind) {
    case 'note': {
      const what = (side: string) => (side === 'added' ? 'added' : side === 'deleted' ? 'deleted' : 'changed');
      return `The note “${conflict.heading}” was ${what(conflict.ours)} here and ${what(conflict.theirs)} in the file.`;
    }
    case 'field':
      return conflict.key === '(front matter)' ? 'The front matter cannot be read on one side.' : `“${conflict.key}” was set to different values here and in the file.`;
    case 'text':
      return 'The text outside notes changed here and in the file.';
    case 'file':
      return conflict.deletedBy === 'theirs' ? 'The file was deleted (or moved) since.' : 'The edit deletes the file, which changed since.';
    case 'unsafe':
      return `The changes could not be combined safely (${conflict.detail}).`;
  }
}

/** Shows "mine" beside the file in a diff editor; the documents live under this scheme, read-only. */
export class ConflictDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'marginalia-mine';
  private readonly texts = new Map<string, string>();
  private counter = 0;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(ConflictDocuments.scheme, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async compare(context: ConflictContext): Promise<void> {
    const name = context.path.slice(context.path.lastIndexOf('/') + 1);
    const mine = vscode.Uri.from({ scheme: ConflictDocuments.scheme, path: `/${++this.counter}/${name}` });
    this.texts.set(mine.toString(), context.mine);
    await vscode.commands.executeCommand('vscode.diff', context.uri, mine, `${name} (in the file) ↔ your edit`);
  }

  /** Decides a conflict by the policy, asking the user when it is `ask`. */
  async decide(policy: ConflictPolicy, context: ConflictContext): Promise<ConflictDecision> {
    switch (policy) {
      case 'keep-both':
        return context.canKeepBoth ? 'both' : 'theirs';
      case 'keep-mine':
        return 'mine';
      case 'keep-theirs':
        return 'theirs';
      case 'cancel':
        return 'cancel';
      case 'ask':
        break;
    }
    const both = 'Keep Both';
    const mine = 'Keep Mine';
    const theirs = 'Keep the File';
    const compare = 'Compare…';
    const detail = [
      ...context.conflicts.map(describe),
      '',
      context.canKeepBoth ? 'Keep Both adds your version as a copy of the note, so nothing is lost.' : '',
      'Keep Mine overwrites those changes in the file; Keep the File drops your edit; Compare shows both.',
    ].filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== '')).join('\n');
    const choice = await vscode.window.showWarningMessage(
      `${context.path} changed since you started this edit.`,
      { modal: true, detail },
      ...(context.canKeepBoth ? [both] : []),
      mine,
      theirs,
      compare,
    );
    if (choice === both) return 'both';
    if (choice === mine) return 'mine';
    if (choice === theirs) return 'theirs';
    if (choice === compare) await this.compare(context);
    return 'cancel';
  }

  /** One line for a message to the view. */
  static summary(conflicts: readonly MergeConflict[]): string {
    return conflicts.map(describe).join(' ');
  }
}
