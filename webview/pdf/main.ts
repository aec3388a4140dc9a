/**
 * The PDF reader webview. Posts `ready`, opens the document the host sends (`load`), and wires the toolbar,
 * sidebar, find bar and highlights to the continuous-scroll viewer. Its position is kept with `setState` for a
 * reload of this editor and sent to the host for the next one.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { PDFWorker, type PDFDocumentProxy } from 'pdfjs-dist';
import { parseExplicitDestination } from '../../src/core/pdf/destinations';
import { documentTitle, type TextRun } from '../../src/core/pdf/documentTitle';
import { displaySize, userToViewport } from '../../src/core/pdf/geometry';
import type { PageColors } from '../../src/core/pdf/pageTheme';
import type { HostToPdf, PdfHighlight, PdfReaderSettings, PdfToHost, PdfViewState } from '../../src/protocol/pdf';
import { el, readBootstrap, vscodeApi } from '../shared/vscodeApi';
import { FindController } from './find';
import { Highlighter } from './highlights';
import { Refinder } from './refind';
import { installKeyboard } from './keyboard';
import { colorsKey, currentPageColors } from './pageColors';
import type { PageLink } from './pageView';
import { takeOver } from './bootChannel';
import { HostByteSource } from './hostByteSource';
import { HostWorkerPort } from './hostWorkerPort';
import { LastPicture, type Scene } from './lastPicture';
import { HOST_FILE_PLACEHOLDER } from '../../src/core/pdf/workerRelay';
import { classifyOpenError, openDocument, startWorker, type OpenFailure, type PdfInput, type PdfjsAssets } from './pdfjs';
import { Sidebar } from './sidebar';
import { Toolbar } from './toolbar';
import { RenderQueue } from './renderQueue';
import { PdfViewer } from './viewer';
import '../shared/visuallyHidden.css';
import '../shared/highlightColours.css';
import './pdf.css';

/** What this editor keeps across a reload of its webview. */
interface ReaderState {
  readonly view?: PdfViewState;
  readonly sidebar?: { readonly open: boolean; readonly tab: number };
}

/** Milestones of opening a document, in ms since this page started (the benchmark prints them). */
const timings: Record<string, number> = {};
const mark = (name: string) => {
  timings[name] = Math.round(performance.now());
  document.body.dataset.timings = JSON.stringify(timings);
};
mark('script');

const api = vscodeApi<PdfToHost, ReaderState>();
const assets = readBootstrap<PdfjsAssets>();
// Load the worker while the host reads the file, unless the extension host runs it.
if (assets && !assets.workerInHost)
  void startWorker(assets).then(
    () => mark('worker'),
    () => undefined,
  );
/** pdf.js's worker in the extension host, reached through `pdfjs` messages. */
const hostWorker = new HostWorkerPort(
  (message) => api.post({ type: 'pdfjs', ...message }),
  (error) => console.error(`Marginalia PDF reader: a message of pdf.js's could not be passed on: ${error.message}`),
);
let hostPdfWorker: PDFWorker | undefined;
/** pdf.js's worker object for the host's thread: one for the page's life (pdf.js allows one per port). */
function pdfWorkerInHost(): PDFWorker {
  // pdf.js's declarations type these options as null; a port-like object is what it takes.
  const options = { name: 'pdf.js worker (extension host)', port: hostWorker } as unknown as ConstructorParameters<typeof PDFWorker>[0];
  hostPdfWorker ??= new PDFWorker(options);
  return hostPdfWorker;
}

let doc: PDFDocumentProxy | undefined;
let viewer: PdfViewer | undefined;
let settings: PdfReaderSettings = { pageColors: 'auto', keepPictures: true };
let colors: PageColors = currentPageColors(settings.pageColors);
let highlights: readonly PdfHighlight[] = [];
let notePath: string | undefined;
let refinder: Refinder | undefined;
let loadSeq = 0;
/** The file of the current `ranges` load, arriving in pieces. */
let byteSource: HostByteSource | undefined;
let passwordAnswer: ((password: string | null) => void) | undefined;
/** The document asked for a password: no picture of its pages is kept. */
let passwordProtected = false;
/** The host's number for the document on screen (a picture names it). */
let shownLoadId = 0;

const body = document.body;
const saveState = (change: Partial<ReaderState>) => api.setState({ ...(api.getState() ?? {}), ...change });

const viewerEl = el('div', { className: 'viewer', attrs: { tabindex: '0', role: 'document', 'aria-label': 'PDF document' } });
// The document is the page's main landmark; the toolbar is its banner and the sidebar a complementary landmark.
const wrap = el('main', { className: 'viewer-wrap' }, viewerEl);
const heading = el('h1', { className: 'visually-hidden', text: 'PDF reader' });
const message = el('div', { className: 'message', attrs: { role: 'alert', hidden: '' } });

const find = new FindController();
const highlighter = new Highlighter(wrap, viewerEl, {
  create: (parts, colour, note) => api.post({ type: 'addHighlight', parts, colour, withNote: note !== undefined, ...(note !== undefined ? { note } : {}) }),
  clicked: (id) => api.post({ type: 'highlightClicked', id }),
  saveNote: (id, note) => api.post({ type: 'setHighlightNote', id, note }),
});

/** One render at a time for the pages and the thumbnails alike (thumbnails after the pages). */
const queue = new RenderQueue();
const sidebar = new Sidebar(queue, {
  goToDest: (dest) => void goToDest(dest),
  goToPage: (page) => viewer?.goToPage(page),
  openUrl: (url) => api.post({ type: 'openLink', url }),
  revealHighlight: (id) => void highlighter.reveal(id),
  tabChanged: (tab) => saveState({ sidebar: { open: sidebar.isOpen, tab } }),
});

const toolbar = new Toolbar({
  toggleSidebar: () => {
    sidebar.toggle();
    toolbar.sidebarButton.checked = sidebar.isOpen;
    saveState({ sidebar: { open: sidebar.isOpen, tab: api.getState()?.sidebar?.tab ?? 0 } });
  },
  goToPage: (page) => viewer?.goToPage(page),
  setZoom: (setting) => viewer?.setZoom(setting),
  zoomIn: () => viewer?.zoomIn(),
  zoomOut: () => viewer?.zoomOut(),
  find: () => find.open(selectedText()),
  exportHighlights: () => api.post({ type: 'exportHighlights' }),
});

/** The last visit's picture of the window, shown until the pages are painted; new pictures as the reader settles. */
const lastPicture = new LastPicture(wrap, viewerEl, {
  shown: () => {
    mark('picture');
    body.dataset.pictureMs = String(Math.round(performance.now()));
  },
  taken: (loadId, picture, image) => {
    body.dataset.picturesTaken = String((Number(body.dataset.picturesTaken) || 0) + 1);
    api.post({ type: 'picture', loadId, picture, image });
  },
});
/** What the reader shows now, for a picture of it. */
function sceneNow(): Scene | undefined {
  const current = viewer;
  if (!current || passwordProtected || !settings.keepPictures || body.dataset.state !== 'ready') return undefined;
  return { loadId: shownLoadId, state: current.state, colors: colorsKey(colors), whenPainted: () => current.whenVisiblePainted() };
}

wrap.append(find.bar, message);
body.append(el('header', { className: 'reader-header' }, heading, toolbar.element), el('div', { className: 'main' }, sidebar.element, wrap));
body.dataset.state = 'loading';
const savedSidebar = api.getState()?.sidebar;
if (savedSidebar?.open) {
  sidebar.toggle(true);
  toolbar.sidebarButton.checked = true;
  sidebar.selectTab(savedSidebar.tab);
}

function selectedText(): string | undefined {
  const text = document.getSelection()?.toString().replace(/\s+/g, ' ').trim();
  return text && text.length < 200 ? text : undefined;
}

function showMessage(kind: OpenFailure | undefined, detail = ''): void {
  if (!kind) {
    message.hidden = true;
    message.replaceChildren();
    return;
  }
  const titles: Record<OpenFailure, string> = {
    invalid: 'This file is not a PDF, or it is damaged',
    password: 'This PDF is protected by a password',
    unknown: 'The PDF could not be opened',
    'too-large': 'This PDF is too large to open',
  };
  const icon = kind === 'password' ? 'lock' : 'error';
  const help =
    kind === 'invalid'
      ? 'Its content does not have the structure of a PDF document. A download that was cut short, or a web page saved with a .pdf name, looks like this.'
      : kind === 'password'
        ? 'Marginalia needs its password to show it.'
        : kind === 'too-large'
          ? 'Reading it needs more memory than the reader may take (a small file can unpack to gigabytes). Other PDFs are not affected.'
          : '';
  const retry = kind === 'password' ? el('vscode-button', { text: 'Enter Password…' }) : null;
  retry?.addEventListener('click', () => api.post({ type: 'ready' }));
  const parts: (HTMLElement | null)[] = [
    el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
    el('h2', { text: titles[kind] }),
    help ? el('p', { text: help }) : null,
    detail ? el('p', { className: 'detail', text: detail }) : null,
    retry,
  ];
  message.replaceChildren(...parts.filter((p): p is HTMLElement => p !== null));
  message.hidden = false;
}

async function goToDest(dest: string | unknown[]): Promise<void> {
  if (!doc || !viewer) return;
  const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
  const parsed = parseExplicitDestination(explicit);
  if (!parsed) return;
  let index = -1;
  if (typeof parsed.page === 'number') index = parsed.page;
  else if (parsed.page && typeof parsed.page === 'object') index = await doc.getPageIndex(parsed.page as { num: number; gen: number }).catch(() => -1);
  const view = viewer.pages[index];
  if (!view) return;
  await view.page();
  let offset = 0;
  if (parsed.top !== undefined && view.geometry) {
    const [, y] = userToViewport(view.geometry, 1, parsed.left ?? view.geometry.view[0], parsed.top);
    offset = Math.min(1, Math.max(0, (y - 12) / displaySize(view.geometry).height));
  }
  viewer.goToPage(index + 1, offset);
}

function followLink(link: PageLink): void {
  if (link.kind === 'url') api.post({ type: 'openLink', url: link.url });
  else void goToDest(link.dest);
}

/** Shows the highlights where they are in this document (found again by their quotes when it changed). */
async function showHighlights(): Promise<void> {
  body.dataset.highlights = String(highlights.length);
  highlighter.setHighlights(highlights);
  sidebar.setHighlights(highlights, (h) => highlighter.placement(h), notePath);
  const current = refinder;
  const list = highlights;
  if (!current) return;
  const placements = await current.place(list);
  if (current !== refinder || list !== highlights) return;
  highlighter.setPlacements(placements);
  sidebar.setHighlights(highlights, (h) => highlighter.placement(h), notePath);
  body.dataset.placed = [...placements.values()].map((p) => p.state).join(' ');
}

function applyColors(): void {
  colors = currentPageColors(settings.pageColors);
  body.dataset.pageColors = colors.kind;
  viewer?.setColors(colors);
  sidebar.setColors(colors, colorsKey(colors));
  // The pages are painted again in the new colours: the picture for next time too.
  if (viewer) lastPicture.settled(sceneNow);
}

async function load(msg: Extract<HostToPdf, { type: 'load' }>): Promise<void> {
  const seq = ++loadSeq;
  mark('load');
  const start = msg.keepPosition && viewer ? viewer.state : (api.getState()?.view ?? msg.state);
  // Opening somewhere else than the picture shows (the host sent another position, a reload kept its own).
  lastPicture.keepOnlyAt(start ?? { page: 1, offset: 0, zoom: 'page-width' });
  settings = msg.settings;
  highlights = msg.highlights;
  notePath = msg.notePath;
  body.dataset.name = msg.name;
  heading.textContent = msg.name;
  body.dataset.source = msg.source.kind;
  colors = currentPageColors(settings.pageColors);
  body.dataset.pageColors = colors.kind;
  showMessage(undefined);
  body.dataset.state = 'loading';
  lastPicture.cancel(viewer !== undefined);
  passwordProtected = false;
  let opened: PDFDocumentProxy;
  try {
    if (!assets) throw new Error('the reader is missing its pdf.js assets');
    opened = await openDocument(documentInput(msg.source), assets, (incorrect) => {
      passwordProtected = true;
      lastPicture.hide();
      api.post({ type: 'needPassword', incorrect });
      return new Promise((resolve) => (passwordAnswer = resolve));
    });
  } catch (error) {
    if (seq !== loadSeq) return;
    const failure = classifyOpenError(error);
    lastPicture.hide();
    lastPicture.cancel();
    viewer?.destroy();
    viewer = undefined;
    find.setViewer(undefined);
    highlighter.setViewer(undefined);
    showMessage(failure.reason, failure.reason === 'password' ? '' : failure.message);
    body.dataset.state = 'error';
    body.dataset.error = failure.reason;
    api.post({ type: 'failed', reason: failure.reason, message: failure.message.slice(0, 2000) });
    return;
  }
  if (seq !== loadSeq) {
    void opened.destroy();
    return;
  }
  mark('opened');
  shownLoadId = msg.loadId;
  const old = doc;
  viewer?.destroy();
  doc = opened;
  void old?.destroy();
  const started = performance.now();
  viewer = new PdfViewer(viewerEl, opened, queue, {
    pageChanged: (page, total) => {
      if (viewer) lastPicture.keepOnlyAt(viewer.state);
      toolbar.setPage(page, total);
      sidebar.setActivePage(page);
      body.dataset.page = String(page);
    },
    zoomChanged: (setting, zoom) => {
      if (viewer) lastPicture.keepOnlyAt(viewer.state);
      toolbar.setZoom(setting, zoom);
      body.dataset.zoom = String(Math.round(zoom * 100));
    },
    stateChanged: (state) => {
      saveState({ view: state });
      api.post({ type: 'viewState', state });
      lastPicture.settled(sceneNow);
    },
    textLayerReady: (view) => {
      find.pageReady(view);
      highlighter.drawPage(view);
    },
    firstPageRendered: () => {
      mark('firstPage');
      // The rest of the file, now that the reader sees a page: later pages then need no round trip to the host.
      byteSource?.fillRest();
      performance.mark('marginalia-pdf-first-page');
      body.dataset.firstPageMs = String(Math.round(performance.now()));
      body.dataset.firstPageAfterOpenMs = String(Math.round(performance.now() - started));
    },
    followLink,
  });
  await viewer.init({ colors, state: start });
  // The last visit's picture goes once the pages under it are painted; then one of this visit is taken.
  const painting = viewer;
  void painting.whenVisiblePainted().then(() => {
    if (viewer !== painting) return;
    lastPicture.hide();
    lastPicture.settled(sceneNow);
  });
  toolbar.setPage(viewer.page, viewer.pageCount);
  body.dataset.page = String(viewer.page);
  body.dataset.pages = String(opened.numPages);
  body.dataset.state = 'ready';
  delete body.dataset.error;
  find.setViewer(viewer);
  highlighter.setViewer(viewer);
  refinder = new Refinder(opened);
  highlighter.setPlacements(new Map());
  void showHighlights();
  const first = await opened.getPage(1);
  const size = displaySize({ view: first.view as [number, number, number, number], rotation: first.rotate });
  void sidebar.setDocument(opened, colors, colorsKey(colors), size.width / size.height);
  api.post({ type: 'loaded', pages: opened.numPages });
  if (!msg.keepPosition) viewerEl.focus();
  void sendDocumentTitle(opened, first);
}

/** The PDF's own title (metadata, else the first page's largest text) for the note of a paper not looked up. */
async function sendDocumentTitle(doc: PDFDocumentProxy, first: Awaited<ReturnType<PDFDocumentProxy['getPage']>>): Promise<void> {
  try {
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    const content = await first.getTextContent();
    const top = first.view[3] ?? 792;
    const runs: TextRun[] = [];
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      runs.push({ text: item.str, size: Math.hypot(item.transform[2] as number, item.transform[3] as number), fromTop: top - (item.transform[5] as number) });
    }
    const title = documentTitle(typeof info?.Title === 'string' ? info.Title : undefined, runs, top - (first.view[1] ?? 0));
    if (title && doc === viewer?.doc) api.post({ type: 'documentTitle', title });
  } catch {
    // No title: the note keeps the arXiv id or file name.
  }
}

function documentInput(source: Extract<HostToPdf, { type: 'load' }>['source']): PdfInput {
  byteSource?.abort();
  byteSource = undefined;
  if (source.kind === 'bytes') return { data: source.data };
  if (source.kind === 'url') return { url: source.url };
  if (source.kind === 'host') return { data: HOST_FILE_PLACEHOLDER.slice(), worker: pdfWorkerInHost() };
  const transferId = source.transferId;
  byteSource = new HostByteSource(transferId, source.length, source.pieces, (begin, end) => api.post({ type: 'requestBytes', transferId, begin, end }));
  return { range: byteSource };
}

function onMessage(msg: HostToPdf | undefined): void {
  switch (msg?.type) {
    case 'bytes':
      if (byteSource?.transferId !== msg.transferId) return;
      byteSource.receive(msg.begin, msg.data);
      if (byteSource.complete && timings.fileComplete === undefined) mark('fileComplete');
      return;
    case 'pdfjs':
      hostWorker.receive(msg);
      return;
    case 'load':
      void load(msg);
      return;
    case 'settings':
      settings = msg.settings;
      applyColors();
      return;
    case 'highlights':
      highlights = msg.highlights;
      notePath = msg.notePath;
      void showHighlights();
      return;
    case 'reveal':
      if (msg.highlightId) {
        const id = msg.highlightId;
        void highlighter.reveal(id).then(() => (body.dataset.revealed = id));
      } else if (msg.page) viewer?.goToPage(msg.page);
      return;
    case 'password':
      passwordAnswer?.(msg.password);
      passwordAnswer = undefined;
      return;
    case 'find':
      find.openFromCommand(selectedText());
      return;
    case 'lastPicture':
      // Only while the first document of this page is still on its way.
      if (loadSeq === 0)
        lastPicture.show(msg.picture, msg.image, colorsKey(currentPageColors(msg.settings.pageColors)), api.getState()?.view ?? msg.picture.state);
      return;
    case 'tooLarge':
      loadSeq++;
      lastPicture.hide();
      lastPicture.cancel();
      viewer?.destroy();
      viewer = undefined;
      find.setViewer(undefined);
      highlighter.setViewer(undefined);
      showMessage('too-large');
      body.dataset.state = 'error';
      body.dataset.error = 'too-large';
      return;
    case 'editHighlightNote':
      void highlighter.editNote(msg.id);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostToPdf>) => onMessage(event.data));

// VS Code switches themes by changing the body's classes.
new MutationObserver(() => applyColors()).observe(body, { attributes: true, attributeFilter: ['class'] });

installKeyboard({
  viewer: () => viewer,
  scroller: viewerEl,
  find,
  highlighter,
  selectedText,
});

// Tests and the benchmark wait on this instead of guessing with timeouts; not in the production build.
if (__TEST_HOOKS__) {
  (globalThis as { marginaliaPdfReader?: unknown }).marginaliaPdfReader = {
    whenIdle: () => viewer?.whenIdle() ?? Promise.resolve(),
    whenVisiblePainted: () => viewer?.whenVisiblePainted() ?? Promise.resolve(),
    state: () => viewer?.state,
    goToPage: (page: number) => viewer?.goToPage(page),
    showHighlights: () => showHighlights(),
  };
}

// The boot script has usually said `ready` already, and kept what the host sent since.
for (const early of takeOver(() => api.post({ type: 'ready' }))) onMessage(early as HostToPdf);
mark('ready');
