/** Runtime check of the paper view's `openCodeLink` message (see guards.ts): exact keys, sane sizes. */
import type { CodeLinkTarget } from './workspaceLinks';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnly = (v: Obj, keys: readonly string[]) => Object.keys(v).every((k) => keys.includes(k));
// The host checks paths again (inside a workspace folder, no `..`) before opening anything.
// eslint-disable-next-line no-control-regex
const isPath = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 1000 && !/[\u0000-\u001f]/.test(v);

export function isCodeLinkTarget(v: unknown): v is CodeLinkTarget {
  if (!isObj(v)) return false;
  switch (v.kind) {
    case 'note':
      return hasOnly(v, ['kind', 'noteId']) && typeof v.noteId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v.noteId);
    case 'mention':
      return (
        hasOnly(v, ['kind', 'path', 'root', 'line']) &&
        isPath(v.path) &&
        (v.root === undefined || (typeof v.root === 'string' && v.root.length <= 200)) &&
        typeof v.line === 'number' &&
        Number.isInteger(v.line) &&
        v.line >= 1 &&
        v.line <= 10_000_000
      );
    default:
      return false;
  }
}

/** `{ type: 'openCodeLink', target }` and nothing else. */
export function isOpenCodeLinkMessage(v: Obj): boolean {
  return hasOnly(v, ['type', 'target']) && isCodeLinkTarget(v.target);
}
