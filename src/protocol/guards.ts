/**
 * Runtime checks for every message a webview sends. A webview is treated like a client on the network: anything
 * that is not exactly one of the protocol's messages, with sane sizes, is dropped.
 */
import { isNoteMessage } from './noteGuards';
import type { PaperToHost } from './paper';
import type { NewHighlightPart, PdfToHost } from './pdf';
import { isHighlightColour } from '../core/pdf/highlights';
import { isPdfViewState } from '../core/pdf/viewState';
import { isPictureMeta, MAX_PICTURE_BYTES } from '../core/pdf/lastPicture';
import { isSafeWebUrl } from '../core/net/urlSafety';
import { READING_STATUSES } from '../core/notes/noteModel';
import type { Filters, SidebarToHost } from './sidebar';
import { isOpenCodeLinkMessage } from './workspaceLinkGuards';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isOptStr = (v: unknown, max: number) => v === undefined || isStr(v, max);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isDay = (v: unknown) => v === undefined || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
const statuses: readonly string[] = READING_STATUSES;

function isFilters(v: unknown): v is Filters {
  if (!isObj(v)) return false;
  const allowed = new Set(['hasCode', 'from', 'to', 'category', 'status', 'tag']);
  if (Object.keys(v).some((k) => !allowed.has(k))) return false;
  return (
    (v.hasCode === undefined || typeof v.hasCode === 'boolean') &&
    isDay(v.from) &&
    isDay(v.to) &&
    isOptStr(v.category, 100) &&
    (v.status === undefined || (typeof v.status === 'string' && [...statuses, 'in-library', 'not-in-library'].includes(v.status))) &&
    isOptStr(v.tag, 100)
  );
}

export function isSidebarMessage(v: unknown): v is SidebarToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'refresh':
    case 'addSource':
      return true;
    case 'query':
      return (
        isInt(v.seq, 0, Number.MAX_SAFE_INTEGER) &&
        isStr(v.text, 1000) &&
        isFilters(v.filters) &&
        (v.sort === 'relevance' || v.sort === 'date' || v.sort === 'upvotes' || v.sort === 'workspace') &&
        isInt(v.count, 0, 1000)
      );
    case 'rows':
      return isInt(v.seq, 0, Number.MAX_SAFE_INTEGER) && isInt(v.start, 0, 10_000_000) && isInt(v.count, 0, 1000);
    case 'ping':
      return isInt(v.seq, 0, Number.MAX_SAFE_INTEGER);
    case 'open':
      return isStr(v.id, 300) && (v.toSide === undefined || typeof v.toSide === 'boolean') && (v.pinned === undefined || typeof v.pinned === 'boolean');
    case 'selectSource':
      return isStr(v.id, 100);
    default:
      return false;
  }
}

/**
 * Only web links leave the editor: no `command:`, `file:`, `javascript:` or other schemes from a webview, and no URL
 * that hides what it is (invisible formatting characters, a user name before the host).
 */
export function isWebUrl(v: unknown): v is string {
  return isStr(v, 2000) && isSafeWebUrl(v);
}

export function isPaperMessage(v: unknown): v is PaperToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'retry':
    case 'retryCitations':
    case 'copyBibtex':
    case 'openPdf':
    case 'openNote':
    case 'moveToLatestVersion':
      return true;
    case 'openLink':
    case 'cloneRepo':
      return isWebUrl(v.url);
    case 'openRepo':
      return isWebUrl(v.url) && (v.target === 'browser' || v.target === 'github.dev' || v.target === 'vscode.dev');
    case 'setStatus':
      return v.status === null || (typeof v.status === 'string' && statuses.includes(v.status));
    case 'setTags':
      return Array.isArray(v.tags) && v.tags.length <= 50 && v.tags.every((t) => isStr(t, 60) && t.trim().length > 0 && !/[\n\r]/.test(t));
    case 'openPaper':
      return isStr(v.id, 300) && (v.passage === undefined || (typeof v.passage === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v.passage)));
    case 'editNote':
    case 'requestTrust':
      return isNoteMessage(v);
    case 'openCodeLink':
      return isOpenCodeLinkMessage(v);
    case 'openPdfHighlight':
      return isStr(v.noteId, 64) && /^[A-Za-z0-9_-]+$/.test(v.noteId);
    default:
      return false;
  }
}

/** The longest note a webview may send for a highlight. */
const MAX_NOTE_CHARS = 100_000;
const isNum = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
/** A box as fractions of the page (a little slack for text that runs into the margin's edge). */
const isPageRect = (v: unknown) =>
  isObj(v) && isNum(v.x, -0.1, 1.1) && isNum(v.y, -0.1, 1.1) && isNum(v.width, 0, 1.2) && isNum(v.height, 0, 1.2) && Object.keys(v).length === 4;

function isHighlightPart(v: unknown): v is NewHighlightPart {
  return (
    isObj(v) &&
    isInt(v.page, 1, 100_000) &&
    Array.isArray(v.rects) &&
    v.rects.length >= 1 &&
    v.rects.length <= 500 &&
    v.rects.every(isPageRect) &&
    isStr(v.quote, 20_000) &&
    isOptStr(v.prefix, 200) &&
    isOptStr(v.suffix, 200)
  );
}

/** Larger than any PDF the reader opens (the download cache refuses more than 200 MB). */
const MAX_PDF_BYTES = 2 ** 32;
/** The page's side of pdf.js's messages is requests and small answers; its bytes travel in one buffer. */
const MAX_PDFJS_JSON = 16 * 1024 * 1024;

export function isPdfMessage(v: unknown): v is PdfToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'exportHighlights':
      return true;
    case 'loaded':
      return isInt(v.pages, 0, 100_000);
    case 'documentTitle':
      return isStr(v.title, 300) && v.title.trim().length > 0;
    case 'failed':
      return (v.reason === 'invalid' || v.reason === 'password' || v.reason === 'unknown') && isStr(v.message, 2000);
    case 'viewState':
      return isPdfViewState(v.state);
    case 'needPassword':
      return typeof v.incorrect === 'boolean';
    case 'addHighlight':
      return (
        Array.isArray(v.parts) &&
        v.parts.length >= 1 &&
        v.parts.length <= 50 &&
        v.parts.every(isHighlightPart) &&
        isHighlightColour(v.colour) &&
        typeof v.withNote === 'boolean' &&
        (v.note === undefined || isStr(v.note, MAX_NOTE_CHARS))
      );
    case 'setHighlightNote':
      return isStr(v.id, 100) && /^[A-Za-z0-9_-]+$/.test(v.id) && isStr(v.note, MAX_NOTE_CHARS);
    case 'highlightClicked':
      return isStr(v.id, 100) && /^[A-Za-z0-9_-]+$/.test(v.id);
    case 'openLink':
      return isWebUrl(v.url);
    case 'requestBytes':
      return isInt(v.transferId, 0, Number.MAX_SAFE_INTEGER) && isInt(v.begin, 0, MAX_PDF_BYTES) && isInt(v.end, 1, MAX_PDF_BYTES) && v.begin < v.end;
    case 'picture':
      return (
        isInt(v.loadId, 1, Number.MAX_SAFE_INTEGER) &&
        isPictureMeta(v.picture) &&
        v.image instanceof ArrayBuffer &&
        v.image.byteLength > 0 &&
        v.image.byteLength <= MAX_PICTURE_BYTES
      );
    case 'pdfjs':
      // pdf.js's own requests (a page, its text, a font or CMap fetched for the worker): checked by pdf.js's worker.
      return isStr(v.json, MAX_PDFJS_JSON) && (v.bytes === undefined || v.bytes instanceof ArrayBuffer);
    default:
      return false;
  }
}
