import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import { ArxivLinkProvider, documentSelector } from './arxivLinks';

/**
 * Hovers, links and version lenses on arXiv references in any file, registered at activation (src/extension.ts).
 * Registered again when a workspace folder with a new scheme is added, so a virtual workspace opened later gets them
 * too. Reading only, so they work in Restricted Mode. The links need nothing but the text; the hover and the lenses
 * are the services' (see src/host/wake/forwarders.ts).
 */
export class ReferenceRegistrations extends Disposable {
  private registrations: vscode.Disposable[] = [];
  private schemes = '';
  private readonly links = new ArxivLinkProvider();

  constructor(
    private readonly hover: vscode.HoverProvider,
    private readonly lenses: vscode.CodeLensProvider,
  ) {
    super();
    this.register();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.register()));
  }

  private register(): void {
    const selector = documentSelector();
    const schemes = selector.map((f) => f.scheme).join(',');
    if (schemes === this.schemes) return;
    this.schemes = schemes;
    for (const r of this.registrations.splice(0)) r.dispose();
    this.registrations.push(
      vscode.languages.registerHoverProvider(selector, this.hover),
      vscode.languages.registerDocumentLinkProvider(selector, this.links),
      // Newer versions of papers cited at a version; lenses only for papers already known (never a request).
      vscode.languages.registerCodeLensProvider(selector, this.lenses),
    );
  }

  override dispose(): void {
    for (const r of this.registrations.splice(0)) r.dispose();
    super.dispose();
  }
}
