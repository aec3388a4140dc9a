import * as vscode from 'vscode';
import type { Paper } from '../../core/paper';
import type { LibraryEntry } from '../../protocol/paper';
import type { LibraryStatus } from '../../protocol/sidebar';
import { Disposable } from '../dispose';

/**
 * The library: one Markdown note per paper under the notes folder of the workspace.
 * TODO(library): read and write the note files (front matter) once the note format lands.
 */
export class LibraryService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeEntry = this._register(new vscode.EventEmitter<string>());
  readonly onDidChangeEntry = this._onDidChangeEntry.event;
  private readonly entries = new Map<string, { status?: LibraryStatus; tags: string[] }>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
  }

  status(id: string): LibraryStatus | undefined {
    return this.entries.get(id)?.status;
  }

  tags(id: string): readonly string[] {
    return this.entries.get(id)?.tags ?? [];
  }

  allTags(): readonly string[] {
    return [...new Set([...this.entries.values()].flatMap((e) => e.tags))].sort();
  }

  canWrite(): { ok: true } | { ok: false; reason: string } {
    if (!vscode.workspace.isTrusted) return { ok: false, reason: 'This workspace is in Restricted Mode: trust it to save papers to the library.' };
    if (!vscode.workspace.workspaceFolders?.length) return { ok: false, reason: 'Open a folder to keep a library: notes are saved as Markdown files in the workspace.' };
    return { ok: true };
  }

  async entry(id: string): Promise<LibraryEntry> {
    const e = this.entries.get(id);
    return { status: e?.status, tags: e?.tags ?? [] };
  }

  async paper(_id: string): Promise<Paper | undefined> {
    return undefined;
  }

  async noteUri(_id: string): Promise<vscode.Uri | undefined> {
    return undefined;
  }

  async setStatus(paper: Paper, status: LibraryStatus | undefined): Promise<void> {
    const e = this.entries.get(paper.id) ?? { tags: [] };
    this.entries.set(paper.id, { ...e, status });
    this.log.info(`library: ${paper.id} → ${status ?? 'none'}`);
    this._onDidChangeEntry.fire(paper.id);
    this._onDidChange.fire();
  }

  async setTags(paper: Paper, tags: readonly string[]): Promise<void> {
    const e = this.entries.get(paper.id) ?? { tags: [] };
    this.entries.set(paper.id, { ...e, tags: [...tags] });
    this._onDidChangeEntry.fire(paper.id);
    this._onDidChange.fire();
  }
}
