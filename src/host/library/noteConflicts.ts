import * as vscode from 'vscode';
import type { MergeConflict } from '../../core/notes/noteMerge';
import { conflictDecisionByPolicy, describeConflict, type ConflictDecision, type ConflictPolicy } from '../../core/notes/noteWritePlan';
import { Disposable } from '../dispose';

export type { ConflictDecision, ConflictPolicy };

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
    const decided = conflictDecisionByPolicy(policy, context.canKeepBoth);
    if (decided !== 'ask') return decided;
    const both = 'Keep Both';
    const mine = 'Keep Mine';
    const theirs = 'Keep the File';
    const compare = 'Compare…';
    const detail = [
      ...context.conflicts.map(describeConflict),
      '',
      context.canKeepBoth ? 'Keep Both adds your version as a copy of the note, so nothing is lost.' : '',
      'Keep Mine overwrites those changes in the file; Keep the File drops your edit; Compare shows both.',
    ]
      .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
      .join('\n');
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
}
