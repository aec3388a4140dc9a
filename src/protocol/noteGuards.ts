/** Runtime checks for the notes messages a paper view sends (see `guards.ts` for why every message is checked). */
import type { PaperToHost } from './paper';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isOneLine = (v: unknown, max: number): v is string => isStr(v, max) && !/[\r\n]/.test(v);
/** Note ids as the file format allows them; anything else could not name a note and is refused here already. */
const isNoteId = (v: unknown): v is string => isStr(v, 64) && /^[A-Za-z0-9_-]{1,64}$/.test(v) && !v.includes('--');
const isVersion = (v: unknown): v is string => isStr(v, 40) && /^(?:[0-9a-f]{16}-[0-9a-f]{1,12})?$/.test(v);
const hasOnly = (v: Obj, keys: readonly string[]) => Object.keys(v).every((k) => keys.includes(k));

const MAX_TEXT = 100_000;

function isQuote(v: unknown): boolean {
  return (
    isObj(v) &&
    hasOnly(v, ['exact', 'prefix', 'suffix']) &&
    isStr(v.exact, 5000) &&
    v.exact.trim() !== '' &&
    (v.prefix === undefined || isStr(v.prefix, 200)) &&
    (v.suffix === undefined || isStr(v.suffix, 200))
  );
}

function isNoteChange(v: unknown): boolean {
  if (!isObj(v)) return false;
  const heading = v.heading === undefined || isOneLine(v.heading, 300);
  switch (v.op) {
    case 'add':
      if (!heading || !isStr(v.text, MAX_TEXT)) return false;
      if (v.kind === 'general') return hasOnly(v, ['op', 'kind', 'text', 'heading']);
      return v.kind === 'quote' && hasOnly(v, ['op', 'kind', 'text', 'heading', 'quote']) && isQuote(v.quote);
    case 'update':
      return hasOnly(v, ['op', 'id', 'text', 'heading']) && isNoteId(v.id) && isStr(v.text, MAX_TEXT) && heading;
    case 'remove':
      return hasOnly(v, ['op', 'id']) && isNoteId(v.id);
    default:
      return false;
  }
}

/** Whether a message is one of the notes messages of the paper view's protocol. */
export function isNoteMessage(v: unknown): v is Extract<PaperToHost, { type: 'editNote' | 'requestTrust' }> {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'editNote':
      return Number.isSafeInteger(v.requestId) && (v.requestId as number) >= 0 && isVersion(v.baseVersion) && isNoteChange(v.change);
    case 'requestTrust':
      return true;
    default:
      return false;
  }
}
