import * as vscode from 'vscode';
import type { Paper } from '../core/paper';
import type { HostToSidebar, PaperRow, SidebarToHost } from '../protocol/sidebar';
import { Disposable } from './dispose';
import { renderWebviewPage } from './webviewHtml';

export const sidebarViewId = 'marginalia.papers';

function toRow(paper: Paper): PaperRow {
  const names = paper.authors.map((a) => a.name);
  return {
    id: paper.id,
    title: paper.title,
    authors: names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', '),
    date: paper.dailyDate ?? paper.published?.slice(0, 10),
    hasCode: paper.repos.some((r) => r.kind === 'github' || r.kind === 'gitlab'),
    upvotes: paper.upvotes,
  };
}

function isSidebarMessage(value: unknown): value is SidebarToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'retry':
      return true;
    case 'search':
      return typeof m.query === 'string' && m.query.length <= 500;
    case 'open':
      return typeof m.id === 'string' && m.id.length <= 300;
    default:
      return false;
  }
}

/** The Papers sidebar: a webview view that lists the current feed. */
export class SidebarView extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private query = '';

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly loadPapers: () => Promise<{ label: string; papers: readonly Paper[] }>,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
    view.webview.html = renderWebviewPage({
      webview: view.webview,
      extensionUri: this.extensionUri,
      script: 'sidebar',
      title: 'Papers',
      styles: [],
    });
    this._register(view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)));
    this._register(view.onDidChangeVisibility(() => {
      if (view.visible) void this.pushState();
    }));
  }

  private onMessage(message: unknown): void {
    if (!isSidebarMessage(message)) {
      console.warn('[marginalia] ignored an invalid message from the sidebar');
      return;
    }
    switch (message.type) {
      case 'ready':
      case 'retry':
        void this.pushState();
        break;
      case 'search':
        this.query = message.query;
        void this.pushState();
        break;
      case 'open':
        void vscode.commands.executeCommand('marginalia.openPaper', message.id);
        break;
    }
  }

  private post(message: HostToSidebar): void {
    void this.view?.webview.postMessage(message);
  }

  private async pushState(): Promise<void> {
    try {
      const { label, papers } = await this.loadPapers();
      const q = this.query.trim().toLowerCase();
      const matching = q ? papers.filter((p) => p.title.toLowerCase().includes(q) || p.abstract.toLowerCase().includes(q)) : papers;
      this.post({ type: 'state', sourceLabel: label, rows: matching.map(toRow), total: papers.length, query: this.query });
    } catch (error) {
      this.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }
}
