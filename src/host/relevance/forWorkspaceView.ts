import * as vscode from 'vscode';
import type { Paper } from '../../core/paper';
import { Disposable } from '../dispose';
import type { WorkspaceRanking } from './relevanceService';

import { forWorkspaceViewId } from '../contributions';

export { forWorkspaceViewId };

/** How many papers the section lists: the strongest; the Papers view's sort shows them all. */
const shown = 30;

export interface ForWorkspaceDeps {
  readonly relevance: { request(): void; ranking(): WorkspaceRanking | undefined; status(): string | undefined; readonly onDidChange: vscode.Event<void> };
  /** Starts loading the active feed (the section shows its papers). */
  readonly wake: () => void;
  /** The active feed's papers. */
  readonly papers: () => readonly Paper[];
}

/**
 * "For This Workspace": a section of the Papers container listing the active feed's papers most relevant to the
 * workspace, each with its why as the description. Collapsed at first: it ranks only once the user opens it.
 */
export class ForWorkspaceView extends Disposable implements vscode.TreeDataProvider<string> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private view: vscode.TreeView<string> | undefined;
  private byId = new Map<string, Paper>();
  private indexed: readonly Paper[] | undefined;

  constructor(private readonly deps: ForWorkspaceDeps) {
    super();
    this._register(
      deps.relevance.onDidChange(() => {
        this._onDidChangeTreeData.fire();
        this.updateMessage();
      }),
    );
  }

  attach(view: vscode.TreeView<string>): void {
    this.view = view;
    this.updateMessage();
  }

  private paper(id: string): Paper | undefined {
    const papers = this.deps.papers();
    if (papers !== this.indexed) {
      this.indexed = papers;
      this.byId = new Map(papers.map((p) => [p.id, p]));
    }
    return this.byId.get(id);
  }

  private updateMessage(): void {
    if (!this.view) return;
    const ranking = this.deps.relevance.ranking();
    const status = this.deps.relevance.status();
    this.view.message =
      ranking && ranking.ids.length > 0
        ? undefined
        : ranking
          ? 'No paper of the active feed matches this workspace.'
          : (status ?? 'Ranking by this workspace…');
  }

  getChildren(element?: string): string[] {
    if (element) return [];
    this.deps.wake();
    this.deps.relevance.request();
    this.updateMessage();
    return (this.deps.relevance.ranking()?.ids ?? []).filter((id) => this.paper(id) !== undefined).slice(0, shown);
  }

  getTreeItem(id: string): vscode.TreeItem {
    const paper = this.paper(id);
    const why = this.deps.relevance.ranking()?.why.get(id) ?? '';
    const item = new vscode.TreeItem(paper?.title ?? id, vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.description = why;
    item.tooltip = new vscode.MarkdownString().appendText(`${paper?.title ?? id}\n\nWhy: ${why}`);
    item.accessibilityInformation = { label: `${paper?.title ?? id}. Why: ${why}` };
    item.iconPath = new vscode.ThemeIcon('book');
    item.command = { command: 'marginalia.openPaper', title: 'Open Paper', arguments: [id] };
    return item;
  }
}
