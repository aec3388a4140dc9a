/**
 * Runtime checks for every message a webview sends. A webview is treated like a client on the network: anything
 * that is not exactly one of the protocol's messages, with sane sizes, is dropped.
 */
import type { PaperToHost } from './paper';
import type { Filters, SidebarToHost } from './sidebar';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isOptStr = (v: unknown, max: number) => v === undefined || isStr(v, max);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isDay = (v: unknown) => v === undefined || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
const statuses = ['to-read', 'reading', 'read'];

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
      return isInt(v.seq, 0, Number.MAX_SAFE_INTEGER) && isStr(v.text, 1000) && isFilters(v.filters) && (v.sort === 'relevance' || v.sort === 'date' || v.sort === 'upvotes') && isInt(v.count, 0, 1000);
    case 'rows':
      return isInt(v.seq, 0, Number.MAX_SAFE_INTEGER) && isInt(v.start, 0, 10_000_000) && isInt(v.count, 0, 1000);
    case 'open':
      return isStr(v.id, 300) && (v.toSide === undefined || typeof v.toSide === 'boolean');
    case 'selectSource':
      return isStr(v.id, 100);
    default:
      return false;
  }
}

/** Only web links leave the editor: no `command:`, `file:`, `javascript:` or other schemes from a webview. */
export function isWebUrl(v: unknown): v is string {
  if (!isStr(v, 2000)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function isPaperMessage(v: unknown): v is PaperToHost {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'copyBibtex':
    case 'openPdf':
    case 'openNote':
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
      return isStr(v.id, 300);
    default:
      return false;
  }
}
