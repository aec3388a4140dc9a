import * as vscode from 'vscode';
import { ByteRanges, initialPieces, replyRange } from '../../core/pdf/byteRanges';
import { HIGHLIGHT_COLOURS, type HighlightColour, type PdfHighlight } from '../../core/pdf/highlights';
import { sameVersion, sameViewState, type FileVersion } from '../../core/pdf/lastPicture';
import { isPdfPaperId } from '../../core/pdf/pdfHome';
import type { RevealTarget } from '../../core/pdf/paperRef';
import { isPdfMessage } from '../../protocol/guards';
import type { HostToPdf, PdfSource, PdfToHost, PdfViewState } from '../../protocol/pdf';
import { Disposable } from '../dispose';
import { errorText, showError } from '../errorMessages';
import { renderWebviewPage } from '../webviewHtml';
import type { LastPicture, LastPictures } from './lastPictures';
import { STOPPED_FOR_MEMORY, TOO_LARGE, type PdfChannel, type SharedPdfThread } from './hostPdfWorker';
import { keepPdfPictures, pageSettingKeys, pdfWorkerPlace, readerSettings, transferMode } from './pdfConfig';
import type { HighlightHome, PdfHighlightStore } from './pdfHighlightStore';
import type { PdfViewStates } from './pdfViewStates';

import { pdfReaderViewType } from '../contributions';

export { pdfReaderViewType };

/**
 * Files up to this size go to the webview whole; larger ones in pieces (see webview/pdf/hostByteSource.ts). A small
 * paper's first page needs most of its bytes anyway, and one message beats several round trips.
 */
const WHOLE_FILE_MAX = 1024 * 1024;
/**
 * Sent with `load`: the start of the file and a large part of its end. They travel while pdf.js's worker starts
 * (measured: it asks for its first range 1-2 s after `load` arrives), so they cost the first page nothing; and the
 * end holds what pdf.js reads first (the cross-reference table) and, in pdfTeX's files, the fonts of every page.
 */
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 1024 * 1024;
/** The least the host answers a request with: the objects of a page sit near each other, so this saves round trips. */
const MIN_REPLY = 128 * 1024;

let nextTransferId = 1;

/** A file being sent in pieces: its bytes as read when the transfer began, and what has gone out. */
interface Transfer {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly sent: ByteRanges;
}

export interface PdfReaderDeps {
  readonly extensionUri: vscode.Uri;
  readonly states: PdfViewStates;
  readonly highlights: PdfHighlightStore;
  /** The key a document's position is kept under: `paper:<id>` for downloaded papers, else its URI. */
  readonly keyOf: (uri: vscode.Uri) => string;
  readonly log: (message: string) => void;
  /** pdf.js's worker thread, shared by the readers; absent where the webview runs pdf.js's worker itself. */
  readonly pdfThread?: SharedPdfThread;
  /**
   * The user turned the reader off while Marginalia slept (the setting is off, and no association says so yet): the
   * editor VS Code opened to wake the extension goes to VS Code's own editor (see `defaultReader.ts`).
   */
  readonly offAtWake?: boolean;
  readonly handOver?: (uri: vscode.Uri, panel: vscode.WebviewPanel) => Promise<void>;
  /** The reader's last pictures of PDFs, shown at once when one opens again (absent: none kept). */
  readonly pictures?: LastPictures;
}

/** How soon after waking a reader editor counts as the one whose opening woke the extension. */
const WAKE_WINDOW_MS = 10_000;

export type { RevealTarget };

/** A PDF is read-only here: the document is just its URI; each editor reads the bytes itself. */
class PdfDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {
    // Nothing held: bytes live in the webview while it shows them.
  }
}

/** The PDF reader custom editor: one `PdfEditor` per open editor (several may show one document). */
export class PdfReaderProvider extends Disposable implements vscode.CustomReadonlyEditorProvider<PdfDocument> {
  private readonly editors = new Set<PdfEditor>();
  /** Reveals asked for before the editor of a URI existed (`openWith` then reveal). */
  private readonly pendingReveals = new Map<string, RevealTarget>();

  /** Until when a new editor is handed over to VS Code's editor (`offAtWake`); 0 once one was, or once asked for. */
  private handOverUntil: number;

  constructor(private readonly deps: PdfReaderDeps) {
    super();
    this.handOverUntil = deps.offAtWake ? Date.now() + WAKE_WINDOW_MS : 0;
  }

  /** Opens a PDF in the reader, as Marginalia's commands do: the user asked for the reader, so it is never handed over. */
  async open(uri: vscode.Uri, reveal?: RevealTarget): Promise<void> {
    this.handOverUntil = 0;
    if (reveal) this.reveal(uri, reveal);
    await vscode.commands.executeCommand('vscode.openWith', uri, pdfReaderViewType);
  }

  openCustomDocument(uri: vscode.Uri): PdfDocument {
    return new PdfDocument(uri);
  }

  resolveCustomEditor(document: PdfDocument, panel: vscode.WebviewPanel): void {
    const handOver = Date.now() < this.handOverUntil && this.deps.handOver;
    this.handOverUntil = 0;
    if (handOver) {
      handOver(document.uri, panel).catch((error: unknown) => this.deps.log(`Could not open the PDF in VS Code's editor: ${errorText(error)}`));
      return;
    }
    const reveal = this.pendingReveals.get(document.uri.toString());
    this.pendingReveals.delete(document.uri.toString());
    const editor = new PdfEditor(document.uri, panel, this.deps, reveal);
    this.editors.add(editor);
    editor.onDispose(() => this.editors.delete(editor));
  }

  /** The editor the user is looking at. */
  get activeEditor(): PdfEditor | undefined {
    return [...this.editors].find((e) => e.isActive);
  }

  /** The open editors whose highlights live in a paper's note (most recently active first is not known: any order). */
  async editorsOf(paperId: string): Promise<PdfEditor[]> {
    const editors = [...this.editors];
    const homes = await Promise.all(editors.map((e) => e.home));
    return editors.filter((_, i) => homes[i]!.paperId === paperId);
  }

  /** Takes the open editor of a URI to a page or highlight, or remembers it for the editor about to open. */
  reveal(uri: vscode.Uri, target: RevealTarget): void {
    const editor = [...this.editors].find((e) => e.uri.toString() === uri.toString());
    if (editor) editor.reveal(target);
    else this.pendingReveals.set(uri.toString(), target);
  }

  override dispose(): void {
    for (const editor of [...this.editors]) editor.dispose();
    super.dispose();
  }
}

export class PdfEditor extends Disposable {
  private readonly key: string;
  /** Where this PDF's highlights live; known once the library has been read. */
  readonly home: Promise<HighlightHome>;
  /** The home once known: the document never waits for the library to be read. */
  private resolvedHome: HighlightHome | undefined;
  private homePaperId: string | undefined;
  /** The last `load` went without highlights (the library was still being read): they follow `loaded`. */
  private highlightsFollow = false;
  private loaded = false;
  private pendingReveal: RevealTarget | undefined;
  private earlyBytes: Promise<VersionedBytes> | undefined;
  /** The last picture of this file, read while the webview loads; offered once, to the first page. */
  private earlyPicture: Promise<LastPicture | undefined> | undefined;
  /** Numbers the documents sent to the page: a picture is kept only if it shows the latest. */
  private loadId = 0;
  /** The version of the file the latest `load` sent, once known (undefined: it changed while it was read). */
  private loadedVersion: Promise<FileVersion | undefined> = Promise.resolve(undefined);
  /** The PDF asked for a password: no picture of it is kept. */
  private passwordAsked = false;
  private transfer: Transfer | undefined;
  /** pdf.js's worker in a thread of this extension host; undefined when the webview runs its own. */
  private hostWorker: PdfChannel | undefined;
  /** A document went to the thread: if the thread fails, the reader opens it again with its own worker. */
  private sentToHostWorker = false;
  private readonly disposeListeners: (() => void)[] = [];

  constructor(
    readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PdfReaderDeps,
    reveal: RevealTarget | undefined,
  ) {
    super();
    this.key = deps.keyOf(uri);
    this.home = deps.highlights.whenReady().then(() => {
      const home = deps.highlights.homeOf(uri);
      this.homePaperId = home.paperId;
      this.resolvedHome = home;
      return home;
    });
    this.pendingReveal = reveal;
    // Started before the webview's page: the thread has loaded pdf.js by the time the page asks for the document.
    // (`pdfThread` exists only where the extension host can run threads.)
    const inHost = deps.pdfThread !== undefined && pdfWorkerPlace() === 'extensionHost' && transferMode() === 'bytes';
    if (inHost) this.hostWorker = this.openHostWorker();
    // The current channel (a reload of the page replaces it) closes with the editor.
    this._register({ dispose: () => void this.hostWorker?.close() });
    // Read while the webview loads its script; `ready` then finds the bytes waiting.
    if (transferMode() === 'bytes') this.earlyBytes = readVersioned(uri);
    // A failed early read is reported when the webview asks for the file, not as an unhandled rejection.
    this.earlyBytes?.catch(() => undefined);
    this.earlyPicture = keepPdfPictures() ? deps.pictures?.get(uri) : undefined;
    const folder = vscode.Uri.joinPath(uri, '..');
    panel.webview.options = {
      enableScripts: true,
      // The PDF's folder only when pdf.js fetches the file itself.
      localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist'), ...(transferMode() === 'uri' ? [folder] : [])],
    };
    const media = (...segments: string[]) =>
      panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'media', 'pdfjs', ...segments)).toString();
    panel.webview.html = renderWebviewPage({
      webview: panel.webview,
      extensionUri: deps.extensionUri,
      script: 'pdf',
      bootScript: 'pdfBoot',
      // The page starts its own worker at once only when it will need it.
      bootData: inHost ? {} : { 'worker-url': media('pdf.worker.min.mjs.gz') },
      title: uri.path.slice(uri.path.lastIndexOf('/') + 1),
      bootstrap: {
        workerUrl: media('pdf.worker.min.mjs.gz'),
        cMapUrl: media('cmaps/'),
        standardFontDataUrl: media('standard_fonts/'),
        wasmUrl: media('wasm/'),
        workerInHost: inHost,
      },
      // The worker is a blob: module built from the fetched worker source (a webview resource URL never loads as a
      // worker on code-server); pdf.js's JPEG 2000 and JBIG2 decoders are WebAssembly, which needs only
      // 'wasm-unsafe-eval' (not 'unsafe-eval'); fetches go to the extension's own resources.
      extraScriptSrc: ["'wasm-unsafe-eval'"],
      // The worker loads beside the page's own script instead of after it.
      preloadFetches: inHost ? [] : [['media', 'pdfjs', 'pdf.worker.min.mjs.gz']],
      extraCsp: ['worker-src blob:', `connect-src ${panel.webview.cspSource}`],
    });
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (pageSettingKeys.some((key) => event.affectsConfiguration(key))) this.post({ type: 'settings', settings: readerSettings() });
      }),
    );
    this._register(
      deps.highlights.onDidChange((paperId) => {
        if (paperId === this.homePaperId) void this.postHighlights();
      }),
    );
    this.watchFile(folder);
  }

  get isActive(): boolean {
    return this.panel.active;
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  reveal(target: RevealTarget): void {
    this.panel.reveal();
    if (this.loaded) this.post({ type: 'reveal', ...target });
    else this.pendingReveal = target;
  }

  openFind(): void {
    this.post({ type: 'find' });
  }

  private async postHighlights(): Promise<void> {
    const home = await this.home;
    this.post({ type: 'highlights', highlights: this.deps.highlights.list(home), notePath: this.deps.highlights.notePath(home) });
  }

  /** A PDF rebuilt by LaTeX (or replaced) is shown again at the same place. */
  private watchFile(folder: vscode.Uri): void {
    if (this.uri.scheme !== 'file') return;
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name), true, false, true));
    let timer: ReturnType<typeof setTimeout> | undefined;
    // LaTeX writes a PDF in several steps: wait for it to settle.
    this._register(
      watcher.onDidChange(() => {
        clearTimeout(timer);
        timer = setTimeout(() => void this.load(true), 400);
      }),
    );
    this._register({ dispose: () => clearTimeout(timer) });
  }

  /** A channel to the shared pdf.js thread (started with the first reader; already warm for the next). */
  private openHostWorker(): PdfChannel | undefined {
    const channel = this.deps.pdfThread?.open({
      message: (message) => this.post({ type: 'pdfjs', ...message }),
      warning: (reason) => this.deps.log(`PDF reader: pdf.js worker thread: ${reason}`),
      failed: (reason) => {
        const wasLoaded = this.sentToHostWorker;
        this.hostWorker = undefined;
        if (reason === TOO_LARGE) {
          // Opening it again anywhere (the webview's own worker included) would take the same memory.
          this.deps.log(`PDF reader: ${this.uri.toString()} is too large to open: pdf.js needed more memory than it may have`);
          this.post({ type: 'tooLarge' });
          return;
        }
        if (reason === STOPPED_FOR_MEMORY && wasLoaded && !this.isDisposed) {
          // Another reader's PDF ended the thread: this one opens again on a new thread.
          this.deps.log("PDF reader: pdf.js's thread was stopped for another PDF; opening this one again on a new thread");
          this.hostWorker = this.openHostWorker();
          void this.load(true);
          return;
        }
        this.deps.log(`PDF reader: pdf.js's worker thread failed (${reason}); the reader runs pdf.js's worker itself`);
        // A document already opened through the thread is opened again by the reader's own worker.
        if (wasLoaded && !this.isDisposed) void this.load(true);
      },
    });
    return channel;
  }

  /** The thread to open the document in, once it runs; undefined when the webview must run pdf.js's worker. */
  private async readyHostWorker(): Promise<PdfChannel | undefined> {
    const channel = this.hostWorker;
    return channel && (await channel.started) && this.hostWorker === channel ? channel : undefined;
  }

  private post(message: HostToPdf): void {
    if (!this.isDisposed) void this.panel.webview.postMessage(message);
  }

  private async load(keepPosition: boolean): Promise<void> {
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    try {
      const hostWorker = await this.readyHostWorker();
      const loadId = ++this.loadId;
      let source: PdfSource;
      let version: Promise<FileVersion | undefined>;
      if (transferMode() === 'uri') {
        source = { kind: 'url', url: this.panel.webview.asWebviewUri(this.uri).toString() };
        version = versionOf(this.uri);
      } else if (hostWorker) {
        const read = await this.readBytes();
        // A later `load` began meanwhile: its file is the thread's, its document the page's.
        if (loadId !== this.loadId) return;
        const bytes = read.bytes;
        version = read.version;
        // The thread may have failed while the file was read: then the page's own worker gets it.
        if (this.hostWorker === hostWorker) {
          hostWorker.setFile(bytes);
          this.sentToHostWorker = true;
          source = { kind: 'host' };
        } else source = this.startTransfer(bytes);
      } else {
        const read = await this.readBytes();
        source = this.startTransfer(read.bytes);
        version = read.version;
      }
      if (loadId !== this.loadId) return;
      this.loadedVersion = version;
      const home = this.resolvedHome;
      this.highlightsFollow = home === undefined;
      this.post({
        type: 'load',
        loadId,
        source,
        name,
        state: this.deps.states.get(this.key),
        highlights: home ? this.deps.highlights.list(home) : [],
        notePath: home ? this.deps.highlights.notePath(home) : undefined,
        settings: readerSettings(),
        keepPosition,
      });
    } catch (error) {
      // A rebuild in progress can leave the file missing for a moment; the next change event loads it.
      if (keepPosition) return;
      const message = errorText(error);
      this.deps.log(`PDF reader: cannot read ${this.uri.toString()}: ${message}`);
      void vscode.window.showErrorMessage(`Cannot open ${name}: ${message}`);
    }
  }

  /** The whole file when it is small; else its first pieces, the rest kept to answer `requestBytes`. */
  private startTransfer(bytes: Uint8Array): PdfSource {
    this.transfer = undefined;
    if (bytes.length <= WHOLE_FILE_MAX) return { kind: 'bytes', data: bytes };
    const transfer: Transfer = { id: nextTransferId++, bytes, sent: new ByteRanges(bytes.length) };
    this.transfer = transfer;
    return {
      kind: 'ranges',
      transferId: transfer.id,
      length: bytes.length,
      pieces: initialPieces(bytes.length, HEAD_BYTES, TAIL_BYTES).map(([b, e]) => this.piece(transfer, b, e)),
    };
  }

  private piece(transfer: Transfer, begin: number, end: number): { begin: number; data: Uint8Array } {
    transfer.sent.add(begin, end);
    // A copy: VS Code posts the whole buffer under a view, not just the view's bytes.
    return { begin, data: transfer.bytes.slice(begin, end) };
  }

  private sendBytes(transferId: number, begin: number, end: number): void {
    const transfer = this.transfer;
    // An earlier version of the file: its reader is gone.
    if (!transfer || transfer.id !== transferId || begin >= transfer.bytes.length) return;
    const [b, e] = replyRange(begin, end, transfer.bytes.length, MIN_REPLY);
    this.post({ type: 'bytes', transferId, ...this.piece(transfer, b, e) });
    // Every byte has gone out at least once: the webview keeps them, the host need not.
    if (transfer.sent.complete) this.transfer = undefined;
  }

  /** The file's bytes: the early read for the first load, a fresh read afterwards (the file may have changed). */
  private readBytes(): Promise<VersionedBytes> {
    const early = this.earlyBytes;
    this.earlyBytes = undefined;
    return early ?? readVersioned(this.uri);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isPdfMessage(raw)) {
      this.deps.log('PDF reader: ignored an invalid message from the webview');
      return;
    }
    const message: PdfToHost = raw;
    try {
      switch (message.type) {
        case 'ready':
          this.loaded = false;
          // A new page (the webview reloaded, or a retry): the documents of the old one would stay in the thread.
          if (this.sentToHostWorker && this.hostWorker) {
            void this.hostWorker.close();
            this.sentToHostWorker = false;
            this.hostWorker = this.openHostWorker();
          }
          await this.offerPicture();
          await this.load(false);
          return;
        case 'loaded':
          this.loaded = true;
          // After the document, so they are not overwritten by the `load` they raced with; before a reveal.
          if (this.highlightsFollow) await this.postHighlights();
          if (this.pendingReveal) {
            this.post({ type: 'reveal', ...this.pendingReveal });
            this.pendingReveal = undefined;
          }
          return;
        case 'failed':
          this.deps.log(`PDF reader: ${this.uri.toString()} failed to open (${message.reason}): ${message.message}`);
          return;
        case 'viewState':
          await this.rememberState(message.state);
          return;
        case 'needPassword':
          this.passwordAsked = true;
          this.deps.pictures?.forget(this.uri);
          await this.askPassword(message.incorrect);
          return;
        case 'addHighlight':
          await this.addHighlights(message);
          return;
        case 'highlightClicked':
          await this.onHighlightClicked(message.id);
          return;
        case 'documentTitle':
          this.deps.highlights.setDocumentTitle(await this.home, message.title);
          return;
        case 'setHighlightNote':
          await this.setHighlightNote(message.id, message.note);
          return;
        case 'openLink':
          await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
          return;
        case 'exportHighlights':
          await vscode.commands.executeCommand('marginalia.exportHighlights', this.uri);
          return;
        case 'requestBytes':
          this.sendBytes(message.transferId, message.begin, message.end);
          return;
        case 'pdfjs':
          this.hostWorker?.post({ json: message.json, bytes: message.bytes });
          return;
        case 'picture':
          await this.keepPicture(message);
          return;
      }
    } catch (error) {
      showError(error);
    }
  }

  /**
   * The last picture of this file, if it shows where the reader opens: the page shows it while pdf.js opens the
   * document. Not when the editor opens to go somewhere else (a page, a highlight); never held up for long.
   */
  private async offerPicture(): Promise<void> {
    const early = this.earlyPicture;
    this.earlyPicture = undefined;
    if (!early || this.pendingReveal) return;
    const picture = await Promise.race([early, new Promise<undefined>((resolve) => setTimeout(resolve, OFFER_WAIT_MS))]);
    if (picture && sameViewState(picture.state, this.deps.states.get(this.key))) {
      const { image, ...meta } = picture;
      this.post({ type: 'lastPicture', picture: meta, image, settings: readerSettings() });
    }
  }

  /** A picture of the page's latest document, kept with the version of the file that document was read from. */
  private async keepPicture(message: Extract<PdfToHost, { type: 'picture' }>): Promise<void> {
    if (!this.deps.pictures || !keepPdfPictures() || this.passwordAsked || message.loadId !== this.loadId) return;
    const version = await this.loadedVersion;
    if (!version || message.loadId !== this.loadId || this.passwordAsked || !keepPdfPictures()) return;
    this.deps.pictures.put(this.uri, { ...message.picture, image: new Uint8Array(message.image) }, version);
  }

  private async rememberState(state: PdfViewState): Promise<void> {
    await this.deps.states.set(this.key, state);
  }

  private async askPassword(incorrect: boolean): Promise<void> {
    const name = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    const password = await vscode.window.showInputBox({
      title: name,
      prompt: incorrect ? 'That password is not right. Enter the password of this PDF.' : 'This PDF is protected. Enter its password to open it.',
      password: true,
      ignoreFocusOut: true,
    });
    this.post({ type: 'password', password: password ?? null });
  }

  private async addHighlights(message: Extract<PdfToHost, { type: 'addHighlight' }>): Promise<void> {
    const home = await this.home;
    // The edit is made against the highlights the reader showed; changes to the file meanwhile are merged.
    const baseVersion = this.deps.highlights.version(home);
    // Written in the note editor beside the highlight, in the reader.
    const note = message.withNote ? message.note : undefined;
    await this.deps.highlights.add(
      home,
      message.parts.map((part, i) => ({
        page: part.page,
        rects: part.rects,
        colour: message.colour,
        quote: part.quote,
        prefix: part.prefix,
        suffix: part.suffix,
        // A note belongs to the passage; on a selection across pages it goes with the first part.
        note: i === 0 && note?.trim() ? note : undefined,
      })),
      baseVersion,
    );
  }

  private async onHighlightClicked(id: string): Promise<void> {
    const home = await this.home;
    const highlight = this.deps.highlights.get(home, id);
    if (!highlight) return;
    const baseVersion = this.deps.highlights.version(home);
    /** `next`: the action asks something in a quick input of its own (a colour, a note). */
    type Action = vscode.QuickPickItem & { run: () => Thenable<unknown>; next?: true };
    const notePath = this.deps.highlights.notePath(home);
    const actions: Action[] = [
      // Edit Note hands over to the reader's own note editor: this pick closes and the reader takes the focus.
      { label: '$(edit) Edit Note…', description: highlight.note ? trimmed(highlight.note, 60) : undefined, run: () => this.editNote(highlight) },
      {
        label: '$(symbol-color) Change Colour…',
        description: highlight.colourName ?? highlight.colour,
        run: () => this.changeColour(home, highlight, baseVersion),
        next: true,
      },
      { label: '$(copy) Copy Quote', run: () => Promise.resolve(vscode.env.clipboard.writeText(highlight.quote)) },
      ...(notePath ? [{ label: '$(go-to-file) Open Note File', description: notePath, run: () => this.openNoteFile(home, id) }] : []),
      ...(!isPdfPaperId(home.paperId) && !highlight.unsaved
        ? [{ label: '$(book) Show in Paper View', run: () => vscode.commands.executeCommand('marginalia.openPaper', { id: home.paperId, passage: id }) }]
        : []),
      { label: '$(trash) Delete Highlight', run: () => this.deps.highlights.remove(home, highlight.id, baseVersion) },
    ];
    const pick = vscode.window.createQuickPick<Action>();
    pick.title = `Highlight on page ${highlight.page}: “${trimmed(highlight.quote, 60)}”`;
    pick.items = actions;
    try {
      const picked = await new Promise<Action | undefined>((resolve) => {
        pick.onDidAccept(() => resolve(pick.selectedItems[0]));
        pick.onDidHide(() => resolve(undefined));
        pick.show();
      });
      // A next step takes this pick's place while it is still open, so the keyboard stays in the quick input.
      // Closed first, VS Code hands the focus back to the reader, whose webview can take it only after the next
      // step opened (a busy machine), which closes that step at once.
      if (!picked?.next) pick.hide();
      await picked?.run();
    } finally {
      pick.dispose();
    }
  }

  /** The reader opens its note editor beside the highlight; the note comes back as `setHighlightNote`. */
  private editNote(highlight: PdfHighlight): Promise<void> {
    this.post({ type: 'editHighlightNote', id: highlight.id });
    return Promise.resolve();
  }

  private async setHighlightNote(id: string, note: string): Promise<void> {
    const home = await this.home;
    if (!this.deps.highlights.get(home, id)) return;
    await this.deps.highlights.update(home, id, { note }, this.deps.highlights.version(home));
  }

  private async changeColour(home: HighlightHome, highlight: PdfHighlight, baseVersion: string): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      HIGHLIGHT_COLOURS.map((colour) => ({
        label: colour,
        picked: colour === highlight.colour,
        description: colour === (highlight.colourName ?? highlight.colour) ? 'current' : undefined,
      })),
      { title: 'Highlight colour' },
    );
    if (picked) await this.deps.highlights.update(home, highlight.id, { colour: picked.label as HighlightColour }, baseVersion);
  }

  /** Opens the note file beside the reader, at the highlight's section. */
  private async openNoteFile(home: HighlightHome, id: string): Promise<void> {
    const uri = this.deps.highlights.noteUri(home);
    if (!uri) return;
    const document = await vscode.workspace.openTextDocument(uri);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes(`marginalia:note id=${id} `));
    const position = new vscode.Position(Math.max(0, line), 0);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position) });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    for (const listener of this.disposeListeners.splice(0)) listener();
  }
}

/** How long opening a PDF may wait for its last picture to be read (it is usually read long before). */
const OFFER_WAIT_MS = 100;

interface VersionedBytes {
  readonly bytes: Uint8Array;
  /** The version read: its size and time before and after the read, once both are known; undefined if they differ. */
  readonly version: Promise<FileVersion | undefined>;
}

/** The file's bytes, and which version of it they are (found after the read, without holding it up). */
async function readVersioned(uri: vscode.Uri): Promise<VersionedBytes> {
  const [before, bytes] = await Promise.all([versionOf(uri), readPlainBytes(uri)]);
  const version = versionOf(uri).then((after) => (before && after && sameVersion(before, after) ? after : undefined));
  return { bytes, version };
}

async function versionOf(uri: vscode.Uri): Promise<FileVersion | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return { size: stat.size, mtime: stat.mtime };
  } catch {
    return undefined;
  }
}

/**
 * The Node extension host returns a `Buffer`, whose `toJSON` runs before VS Code's message serializer can pick the
 * bytes out as a binary transfer: the webview would get `{type: 'Buffer', data: [...]}` (a JSON array of numbers).
 * A plain `Uint8Array` view over the same memory goes across as binary.
 */
async function readPlainBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function trimmed(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
