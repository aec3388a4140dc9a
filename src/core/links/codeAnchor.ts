/**
 * Code anchors made from an editor selection, and read back from hand-editable note files.
 */
import type { LineRange } from '../notes/noteModel';

/** An editor position, 0-based (as VS Code counts). */
export interface Position0 {
  readonly line: number;
  readonly character: number;
}

/**
 * The 1-based, inclusive lines a selection covers. A selection that ends at the very start of a line (the usual
 * result of selecting whole lines) does not cover that line.
 */
export function selectionLines(start: Position0, end: Position0): LineRange {
  const [a, b] = start.line < end.line || (start.line === end.line && start.character <= end.character) ? [start, end] : [end, start];
  const last = b.line > a.line && b.character === 0 ? b.line - 1 : b.line;
  return { start: a.line + 1, end: last + 1 };
}

/** The text of whole lines (1-based, inclusive) of a document's lines, joined with `\n`, trailing blanks dropped. */
export function snippetOf(lines: readonly string[], range: LineRange): string {
  // trimEnd drops the same blanks as `\s+$` did, without re-reading a long run of them from each position.
  return lines
    .slice(range.start - 1, range.end)
    .join('\n')
    .trimEnd();
}

/**
 * Whether a code path read from a note may be opened: relative, POSIX, inside its workspace folder. Code paths
 * may start with a dot (`.github/workflows/ci.yml`) but may never climb out (`..`), be absolute or name a drive.
 */
export function isSafeCodePath(path: string): boolean {
  if (path === '' || path.length > 1000 || path.includes('\\') || path.startsWith('/') || /^[A-Za-z]:/.test(path)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return false;
  // Full-width dots and slashes fold to `.` and `/` in some layers: check the folded form too.
  return [path, path.normalize('NFKC')].every((form) => !form.includes('\\') && form.split('/').every((s) => s !== '' && s !== '.' && s !== '..'));
}

/** `model.py:12-20` (one line: `model.py:12`), with the workspace folder in front in a multi-root workspace. */
export function codeLocationLabel(path: string, lines: LineRange | undefined, root?: string): string {
  const where = root ? `${root}/${path}` : path;
  if (!lines) return where;
  return lines.start === lines.end ? `${where}:${lines.start}` : `${where}:${lines.start}-${lines.end}`;
}
