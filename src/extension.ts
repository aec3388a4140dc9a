import * as vscode from 'vscode';
import type { FeedParseResult } from './core/paper';
import { SidebarView, sidebarViewId } from './host/sidebarView';

/** Composition root: builds the services and registers what VS Code shows. No logic lives here. */
export function activate(context: vscode.ExtensionContext): void {
  let sample: Promise<FeedParseResult> | undefined;
  const loadSample = () =>
    (sample ??= Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'sample-feed.json'))).then(
      (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as FeedParseResult,
    ));

  const sidebar = new SidebarView(context.extensionUri, async () => ({ label: 'Sample feed', papers: (await loadSample()).papers }));
  context.subscriptions.push(
    sidebar,
    vscode.window.registerWebviewViewProvider(sidebarViewId, sidebar),
    vscode.commands.registerCommand('marginalia.openPaper', async (id: unknown) => {
      const papers = (await loadSample()).papers;
      const paper = papers.find((p) => p.id === id);
      if (paper) void vscode.window.showInformationMessage(paper.title);
    }),
    vscode.commands.registerCommand('marginalia.searchPapers', async () => {
      const papers = (await loadSample()).papers;
      const pick = await vscode.window.showQuickPick(
        papers.map((p) => ({ label: p.title, detail: p.abstract.slice(0, 160), id: p.id })),
        { title: 'Marginalia: Search Papers', matchOnDetail: true },
      );
      if (pick) await vscode.commands.executeCommand('marginalia.openPaper', pick.id);
    }),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
