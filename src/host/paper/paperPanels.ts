import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import type { Paper } from '../../core/paper';
import type { CitationsState, HostToPaper, MissingPaperState, PaperToHost, PaperViewState } from '../../protocol/paper';
import { Disposable } from '../dispose';
import { staticPageCsp } from '../webviewCsp';
import { renderWebviewPage } from '../webviewHtml';
import { isPaperMessage } from '../../protocol/guards';
import { errorText } from '../../core/errorText';

import { paperViewType } from '../contributions';

export { paperViewType };

/** What a paper view needs from the rest of the extension. */
export interface PaperViewServices {
  /** Finds a paper by id: feeds loaded this session, recently opened papers, the library. */
  findPaper(id: string): Promise<Paper | undefined>;
  /** The full state the view shows for a paper. */
  viewState(paper: Paper): Promise<PaperViewState>;
  /** Handles an action from the view; returns a confirmation to show, if any. */
  handle(paper: Paper, message: Exclude<PaperToHost, { type: 'ready' }>): Promise<string | void>;
  /** Fires with a paper id when that paper's library entry or notes changed. */
  readonly onDidChangePaper: vscode.Event<string>;
  /**
   * Loads the paper's references, citing papers and Hugging Face links, sending each state as parts settle
   * (`shown`: what the view showed last, kept instead of "loading" while a cached copy is read).
   */
  citations?(
    paper: Paper,
    send: (state: CitationsState | undefined) => void,
    options: { refresh?: boolean; signal?: AbortSignal; shown?: CitationsState },
  ): Promise<void>;
}

/** Why a paper could not be opened (see `PaperLookupError`). */
export interface MissingPaper {
  readonly id: string;
  readonly reason: MissingPaperState['reason'];
  readonly message: string;
}

/** Looks a missing paper up again: the paper, or why it is still missing. */
export type RetryLookup = () => Promise<Paper | MissingPaper>;

interface PanelState {
  readonly paperId: string;
}

/** One webview panel per paper; revived after a window reload by its serializer. */
export class PaperPanels extends Disposable implements vscode.WebviewPanelSerializer<PanelState> {
  private readonly panels = new Map<string, PaperPanel>();
  private readonly missing = new Map<string, MissingPaperPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: PaperViewServices,
  ) {
    super();
    // Registered as the serializer of `paperViewType` by src/extension.ts, at activation.
    this._register(services.onDidChangePaper((id) => void this.panels.get(id)?.refresh()));
    // The keyboard's way to "Add note" (Ctrl+Alt+N): the focused paper view notes its selection, if any.
    this._register(registerCommand('marginalia.addNoteToSelection', () => this.activePanel()?.send({ type: 'addNote' })));
  }

  /** The paper view that has focus, if one has. */
  private activePanel(): PaperPanel | undefined {
    return [...this.panels.values()].find((view) => view.active);
  }

  /**
   * The paper view opened as a preview: the next paper previewed replaces it. Webview panels have no preview mode of
   * their own, so this is VS Code's behaviour rebuilt: a preview is kept (pinned) when it is opened again pinned
   * (double click, Enter with a modifier) or used (a note, a status, a tag, a link).
   */
  private preview: PaperPanel | undefined;

  /**
   * Shows a paper, reusing its panel when it is already open. `preview`: as a single click in VS Code's explorer
   * does, when `workbench.editor.enablePreview` is on: it replaces the current preview instead of adding a tab.
   */
  open(paper: Paper, options: { toSide?: boolean; preserveFocus?: boolean; noteId?: string; preview?: boolean } = {}): void {
    const preview = options.preview === true && vscode.workspace.getConfiguration('workbench.editor').get<boolean>('enablePreview', true);
    const existing = this.panels.get(paper.id);
    if (existing) {
      if (!preview) this.pin(existing);
      existing.reveal(options.toSide);
      if (options.noteId) existing.revealNote(options.noteId);
      return;
    }
    const replaced = preview && !options.toSide ? this.preview : undefined;
    const panel = vscode.window.createWebviewPanel(
      paperViewType,
      shortTitle(paper.title),
      { viewColumn: options.toSide ? vscode.ViewColumn.Beside : (replaced?.viewColumn ?? vscode.ViewColumn.Active), preserveFocus: options.preserveFocus },
      this.webviewOptions(),
    );
    const view = this.adopt(panel, paper);
    view.revealNote(options.noteId);
    if (preview) {
      this.preview = view;
      view.onInteract(() => this.pin(view));
      replaced?.dispose();
    }
  }

  private pin(view: PaperPanel): void {
    if (this.preview === view) this.preview = undefined;
  }

  /** Whether a paper's view is the preview (replaced by the next paper previewed). */
  isPreview(paperId: string): boolean {
    return this.preview !== undefined && this.preview === this.panels.get(paperId);
  }

  /**
   * Shows a paper view for an id that could not be opened (no such paper, or arXiv unreachable): the id, its arXiv
   * and PDF links, and Retry. Once a retry finds the paper, the same tab shows it.
   */
  openMissing(missing: MissingPaper, retry: RetryLookup, options: { toSide?: boolean } = {}): void {
    const existing = this.missing.get(missing.id);
    if (existing) {
      existing.update(missing);
      existing.reveal(options.toSide);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      paperViewType,
      `arXiv:${missing.id}`,
      options.toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
      this.webviewOptions(),
    );
    const view = new MissingPaperPanel(panel, this.extensionUri, missing, retry, (paper) => {
      this.missing.delete(missing.id);
      this.adopt(panel, paper);
    });
    this.missing.set(missing.id, view);
    panel.onDidDispose(() => {
      if (this.missing.get(missing.id) === view) this.missing.delete(missing.id);
    });
  }

  /** Ids of the papers with an open view. */
  get openIds(): readonly string[] {
    return [...this.panels.keys()];
  }

  /** Marks the citation rows of every open view again (the library or the workspace's citations changed). */
  remarkCitations(): void {
    for (const view of this.panels.values()) if (view.showsCitations) void view.loadCitations(false);
  }

  /** Sends a message to a paper's open view, if it has one (a section update, not a full refresh). */
  postTo(paperId: string, message: HostToPaper): void {
    this.panels.get(paperId)?.send(message);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PanelState | undefined): Promise<void> {
    const id = typeof state?.paperId === 'string' ? state.paperId : undefined;
    const paper = id ? await this.services.findPaper(id) : undefined;
    if (!paper) {
      panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${staticPageCsp}"></head><body><p>This paper is no longer available. Open it again from the Papers view.</p></body></html>`;
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt(panel, paper);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private adopt(panel: vscode.WebviewPanel, paper: Paper): PaperPanel {
    const view = new PaperPanel(panel, paper, this.extensionUri, this.services);
    this.panels.set(paper.id, view);
    view.onDispose(() => {
      if (this.panels.get(paper.id) === view) this.panels.delete(paper.id);
      if (this.preview === view) this.preview = undefined;
    });
    return view;
  }

  override dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    for (const view of this.missing.values()) view.dispose();
    this.missing.clear();
    super.dispose();
  }
}

/** arXiv's own pages for an id: where a user can look for themselves when Marginalia cannot. */
export function arxivPages(id: string): { readonly absUrl: string; readonly pdfUrl: string } {
  const path = encodeURI(id);
  return { absUrl: `https://arxiv.org/abs/${path}`, pdfUrl: `https://arxiv.org/pdf/${path}` };
}

/** The paper view of a missing paper until a Retry finds it; then `found` gives its panel to a `PaperPanel`. */
class MissingPaperPanel extends Disposable {
  private retrying = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private missing: MissingPaper,
    private readonly retry: RetryLookup,
    private readonly found: (paper: Paper) => void,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'paper.svg');
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri,
      script: 'paper',
      title: `arXiv:${missing.id}`,
      styles: ['katex/katex.min.css'],
      bootstrap: { paperId: missing.id },
    });
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.post();
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  reveal(toSide?: boolean): void {
    this.panel.reveal(toSide ? vscode.ViewColumn.Beside : undefined);
  }

  update(missing: MissingPaper): void {
    this.missing = missing;
    this.post();
  }

  private post(): void {
    if (this.isDisposed) return;
    const state: MissingPaperState = { ...this.missing, ...arxivPages(this.missing.id), retrying: this.retrying };
    void this.panel.webview.postMessage({ type: 'missing', state } satisfies HostToPaper);
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isPaperMessage(message)) return;
    if (message.type === 'ready') this.post();
    else if (message.type === 'openLink') await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
    else if (message.type === 'retry' && !this.retrying) {
      this.retrying = true;
      this.post();
      const outcome = await this.retry().catch((error: unknown): MissingPaper => ({ ...this.missing, message: errorText(error) }));
      this.retrying = false;
      if (this.isDisposed) return;
      if ('title' in outcome) {
        // The panel stays; only this view of it ends.
        this.dispose();
        this.found(outcome);
      } else {
        this.update(outcome);
      }
    }
  }
}

function shortTitle(title: string): string {
  return title.length > 40 ? `${title.slice(0, 38).trimEnd()}…` : title;
}

class PaperPanel extends Disposable {
  private readonly disposeListeners: (() => void)[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly paper: Paper,
    extensionUri: vscode.Uri,
    private readonly services: PaperViewServices,
  ) {
    super();
    panel.title = shortTitle(paper.title);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'paper.svg');
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri,
      script: 'paper',
      title: paper.title,
      styles: ['katex/katex.min.css'],
      bootstrap: { paperId: paper.id },
    });
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)));
    this._register(
      panel.onDidChangeViewState(() => {
        // Hidden, the webview is dropped (no retainContextWhenHidden): shown again, it loads afresh and says `ready`.
        if (!panel.visible) this.listening = false;
        else void this.refresh();
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  private readonly interactListeners: (() => void)[] = [];
  /** Called once, when the user first acts in the view (edits a note, sets a status, follows a link). */
  onInteract(listener: () => void): void {
    this.interactListeners.push(listener);
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel.viewColumn;
  }

  reveal(toSide?: boolean): void {
    this.panel.reveal(toSide ? vscode.ViewColumn.Beside : undefined);
  }

  /** A note to scroll to once the view has rendered (a fresh or re-shown panel's webview is not listening yet). */
  private pendingNote: string | undefined;
  /** Whether the webview said `ready` since it was last (re)loaded, so messages reach it. */
  private listening = false;

  /**
   * Scrolls the view to a note. Sent at once only to a webview that is listening; otherwise (a new panel, or one that
   * was hidden and is loading again) after the state it renders first.
   */
  revealNote(noteId: string | undefined): void {
    if (!noteId) return;
    this.pendingNote = noteId;
    if (this.listening && this.panel.visible) void this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.isDisposed) return;
    try {
      const state = await this.services.viewState(this.paper);
      this.post({ type: 'paper', state });
      if (this.pendingNote && this.listening) {
        this.post({ type: 'revealNote', noteId: this.pendingNote });
        this.pendingNote = undefined;
      }
    } catch (error) {
      this.post({ type: 'toast', kind: 'error', text: errorText(error) });
    }
  }

  get active(): boolean {
    return this.panel.active;
  }

  send(message: HostToPaper): void {
    this.post(message);
  }

  private post(message: HostToPaper): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isPaperMessage(message)) {
      console.warn('[marginalia] ignored an invalid message from a paper view');
      return;
    }
    if (message.type === 'ready') {
      this.listening = true;
      await this.refresh();
      // Only now, with the paper open in front of the user, is anything asked of Semantic Scholar or Hugging Face.
      await this.loadCitations(false);
      return;
    }
    if (message.type === 'retryCitations') {
      await this.loadCitations(true);
      return;
    }
    for (const listener of this.interactListeners.splice(0)) listener();
    try {
      const confirmation = await this.services.handle(this.paper, message);
      if (confirmation) this.post({ type: 'toast', kind: 'info', text: confirmation });
    } catch (error) {
      this.post({ type: 'toast', kind: 'error', text: errorText(error) });
    }
  }

  private citationsShown: CitationsState | undefined;
  private citationsGeneration = 0;
  /**
   * Aborted only when the view closes: a load started again (the view shown again, Retry, the library changed) joins
   * or outlives a request under way rather than cancelling it; only the latest load's states are sent.
   */
  private readonly citationsAbort = new AbortController();

  /** Loads references, citing papers and HF links again: from the cache unless `refresh`. */
  async loadCitations(refresh: boolean): Promise<void> {
    if (!this.services.citations || this.isDisposed) return;
    const generation = ++this.citationsGeneration;
    await this.services
      .citations(
        this.paper,
        (state) => {
          if (generation !== this.citationsGeneration || this.isDisposed) return;
          this.citationsShown = state;
          this.post({ type: 'citations', state });
        },
        { refresh, signal: this.citationsAbort.signal, shown: this.citationsShown },
      )
      .catch((error: unknown) => console.warn('[marginalia] citations', error));
  }

  /** Whether the view has shown citations (so marks are worth updating when the library changes). */
  get showsCitations(): boolean {
    return this.citationsShown !== undefined;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.citationsAbort.abort();
    super.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
  }
}
