/**
 * Path safety for note files: a note file name or id may come from a feed, a webview message or a
 * file someone committed, and must never lead a write outside the notes folder.
 *
 * Pure string logic over POSIX-style, workspace-relative paths (the host joins the result to a
 * workspace folder URI). We do not try to normalise a hostile path into a safe one: anything that is
 * not plainly a list of ordinary names is refused. That covers `..` in any spelling (`%2e%2e`,
 * fullwidth `．．`, `‥`), absolute and drive paths (`/x`, `C:\x`, `\\server`), backslashes, NUL and
 * other control or invisible characters (RTL overrides, zero-width joiners), Windows device names and
 * trailing dots or spaces (which Windows strips, so `x.md.` would be written as `x.md`), and names
 * starting with a dot (`.git`, `.vscode`: a notes folder at the workspace root must not plant tasks).
 */

export type NotePathResult = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export interface NotePathOptions {
  /** Allowed file name endings, compared case-insensitively; empty allows any. Default `['.md']`. */
  readonly extensions?: readonly string[];
}

const MAX_SEGMENT = 200;
const MAX_PATH = 1000;

/** Letters, marks and digits of any script, and a few plain punctuation marks. Nothing else. */
const SEGMENT_CHARS = /^[\p{L}\p{M}\p{N} ._()+,@'-]+$/u;

const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

/** Why a single path segment is unsafe, or undefined when it is a plain name. */
function segmentProblem(segment: string, allowLeadingDot: boolean): string | undefined {
  if (segment === '') return 'empty path segment (a leading, trailing or doubled /)';
  if (segment === '.' || segment === '..') return `'${segment}' segments are not allowed`;
  if (segment.length > MAX_SEGMENT) return 'a name is too long';
  if (!SEGMENT_CHARS.test(segment)) return `'${describe(segment)}' contains a character not allowed in note names`;
  // Compatibility forms must not turn into separators or dots after normalisation by some layer.
  const folded = segment.normalize('NFKC');
  if (folded !== segment && (/[/\\:]/.test(folded) || folded.includes('..') || !SEGMENT_CHARS.test(folded))) {
    return `'${describe(segment)}' changes meaning under Unicode normalisation`;
  }
  for (const form of [segment, folded]) {
    if (/^\s|[\s.]$/.test(form)) return 'names may not start with a space or end with a dot or a space';
    if (form.startsWith('.') && !allowLeadingDot) return 'names may not start with a dot';
  }
  if (RESERVED.test((folded.split('.')[0] ?? '').trimEnd())) return `'${segment}' is a reserved device name on Windows`;
  if (folded.toLowerCase() === '.git') return "'.git' is not allowed";
  return undefined;
}

/** A hostile name, shown safely in a message: control and invisible characters as `\u{…}`. */
function describe(text: string): string {
  return [...text.slice(0, 80)].map((c) => (/[\p{C}\p{Z}]/u.test(c) && c !== ' ' ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join('');
}

function splitChecked(path: string, allowLeadingDot: boolean, what: string): string[] | string {
  if (path.length > MAX_PATH) return `${what} is too long`;
  if (path.includes('\\')) return `${what} contains a backslash`;
  if (path.startsWith('/')) return `${what} must be relative`;
  if (/^[A-Za-z]:/.test(path)) return `${what} must not name a drive`;
  const segments = path.split('/');
  for (const s of segments) {
    const problem = segmentProblem(s, allowLeadingDot);
    if (problem) return `${what}: ${problem}`;
  }
  return segments;
}

/**
 * Joins a requested relative note name (`2312.00752-mamba.md`, or `sub/x.md`) to the notes folder
 * (workspace-relative, `papers` or `notes/papers`; `''` or `.` for the workspace root), or says why not.
 * The folder may have dot-folders (`.notes`); the requested name may not.
 */
export function resolveNotePath(folder: string, requested: string, options: NotePathOptions = {}): NotePathResult {
  const base = folder === '.' ? '' : folder.replace(/\/+$/, '');
  let folderSegments: string[] = [];
  if (base !== '') {
    const checked = splitChecked(base, true, 'the notes folder');
    if (typeof checked === 'string') return { ok: false, reason: checked };
    folderSegments = checked;
  }
  const checked = splitChecked(requested, false, 'the note name');
  if (typeof checked === 'string') return { ok: false, reason: checked };
  const extensions = options.extensions ?? ['.md'];
  const last = checked[checked.length - 1]!.toLowerCase();
  if (extensions.length > 0 && !extensions.some((e) => last.endsWith(e.toLowerCase()) && last.length > e.length)) {
    return { ok: false, reason: `the note name must end with ${extensions.join(' or ')}` };
  }
  return { ok: true, path: [...folderSegments, ...checked].join('/') };
}

/**
 * Checks a file the library is about to write: `filePath` (a URI path, `/`-separated, already decoded) must lie
 * in the notes folder `notesRelative` of the workspace folder at `folderPath`, under a name `resolveNotePath`
 * accepts. Returns the path relative to the workspace folder. Compared by exact string prefix, so `/w/papers2/x.md`
 * is not inside `/w/papers`, and `..` cannot sneak in (resolveNotePath refuses it in the remainder).
 */
export function containedNotePath(folderPath: string, notesRelative: string, filePath: string, options: NotePathOptions = {}): NotePathResult {
  const folder = folderPath.replace(/\/+$/, '');
  const notes = notesRelative === '.' ? '' : notesRelative.replace(/\/+$/, '');
  const root = notes === '' ? folder : `${folder}/${notes}`;
  if (!filePath.startsWith(`${root}/`)) return { ok: false, reason: `${filePath} is not in the notes folder ${root}` };
  return resolveNotePath(notes, filePath.slice(root.length + 1), options);
}
