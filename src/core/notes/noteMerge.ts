/**
 * Three-way merge of note files, so an edit made against an older version of a file (the paper view was showing
 * it when someone ran `git pull`, or edited it in a text editor) never overwrites what changed in between.
 *
 * The unit of merging is what the format gives meaning to, not lines:
 * - notes, by id: a note changed on one side only takes that side's version; added notes are inserted after the
 *   note that precedes them on their side; removed notes are removed if the other side left them alone;
 * - front matter, by key (and `tags`/`repos` as sets: additions and removals from both sides are combined);
 * - everything else (the free text outside notes) as one piece: if both sides changed it, that is a conflict.
 * A note changed on both sides (differently), or removed on one side and changed on the other, is a conflict; so is
 * a front matter key set to different values. The caller then asks the user; `keepBoth` is a resolution that loses
 * no text when every conflict is about notes (the other side's version is kept as a copy with a new id).
 *
 * Every merge is checked by reading the result back: if any note or the free text did not come out as intended
 * (an odd layout defeated the splice), the merge reports a conflict instead of writing something unexpected.
 */
import { isValidNoteId } from './noteBody';
import { blankTail, NoteDocument, parseNote, type Eol, type FrontMatterValue } from './noteFile';
import type { NewNote } from './noteModel';

export type ChangeKind = 'edited' | 'deleted' | 'added';

export type MergeConflict =
  /** A note both sides changed (or added with the same id), or one removed and the other changed. */
  | { readonly kind: 'note'; readonly id: string; readonly heading: string; readonly ours: ChangeKind; readonly theirs: ChangeKind }
  /** A front matter key set to different values (or the front matter could not be read on some side). */
  | { readonly kind: 'field'; readonly key: string }
  /** The text outside notes changed on both sides. */
  | { readonly kind: 'text' }
  /** One side deleted the file, the other changed it. */
  | { readonly kind: 'file'; readonly deletedBy: 'ours' | 'theirs' }
  /** The merged text did not read back as intended; nothing was merged. */
  | { readonly kind: 'unsafe'; readonly detail: string };

export type MergeResult =
  /** `text` undefined: the file should not exist (it was deleted, and the other side made no change). */
  | { readonly status: 'clean'; readonly text: string | undefined }
  | {
      readonly status: 'conflict';
      readonly conflicts: readonly MergeConflict[];
      /** Both sides' notes kept (the other version as a copy with a new id), when every conflict allows it. */
      readonly keepBoth?: string;
    };

interface NotePiece {
  readonly kind: 'note';
  readonly id: string;
  /** The section without its trailing blank lines. */
  content: string;
  /** Blank lines after the section, up to the next section or heading. */
  trailing: string;
}

interface FreePiece {
  readonly kind: 'free';
  text: string;
}

type Piece = NotePiece | FreePiece;

interface Split {
  readonly doc: NoteDocument;
  readonly eol: Eol;
  /** BOM and front matter, exactly as in the file. */
  readonly head: string;
  readonly pieces: Piece[];
  readonly notes: ReadonlyMap<string, NotePiece>;
  /** Note ids in file order. */
  readonly order: readonly string[];
  readonly skeleton: string;
}

const nl = (text: string): string => text.replace(/\r\n?/g, '\n');
const text = (p: Piece): string => (p.kind === 'note' ? p.content + p.trailing : p.text);
/** What counts as "the same note": its section, line breaks normalised, without the final line break. */
const noteKey = (p: NotePiece): string => nl(p.content).replace(/\n$/, '');

/** The free text of a file, normalised for comparing: line breaks as `\n`, blank line runs as one. */
function skeletonOf(pieces: readonly Piece[]): string {
  return pieces
    .filter((p): p is FreePiece => p.kind === 'free')
    .map((p) =>
      nl(p.text)
        .replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n\n')
        .trim(),
    )
    .filter((t) => t !== '')
    .join('\n\n');
}

function split(source: string): Split {
  const doc = parseNote(source);
  const ranges = doc.sectionRanges;
  const counts = new Map<string, number>();
  for (const r of ranges) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  const pieces: Piece[] = [];
  const notes = new Map<string, NotePiece>();
  let at = doc.bodyStart;
  const free = (end: number) => {
    if (end <= at) return;
    const last = pieces[pieces.length - 1];
    if (last?.kind === 'free') last.text += source.slice(at, end);
    else pieces.push({ kind: 'free', text: source.slice(at, end) });
    at = end;
  };
  for (const r of ranges) {
    // Notes without a usable id, or with an id used twice, cannot be told apart: they are free text here.
    if (!isValidNoteId(r.id) || counts.get(r.id) !== 1) continue;
    free(r.start);
    const piece: NotePiece = { kind: 'note', id: r.id, content: source.slice(r.start, r.contentEnd), trailing: source.slice(r.contentEnd, r.end) };
    pieces.push(piece);
    notes.set(r.id, piece);
    at = r.end;
  }
  free(source.length);
  return { doc, eol: doc.eol, head: source.slice(0, doc.bodyStart), pieces, notes, order: [...notes.keys()], skeleton: skeletonOf(pieces) };
}

const withEol = (value: string, eol: Eol): string => nl(value).replace(/\n/g, eol);

/** The value of a front matter key for comparing: JSON, or undefined when the key is absent. */
function fieldValue(s: Split, key: string): string | undefined {
  const data = s.doc.frontMatter?.data;
  return data && Object.prototype.hasOwnProperty.call(data, key) ? JSON.stringify(data[key]) : undefined;
}

const SET_KEYS = new Set(['tags', 'repos']);

function asStringList(json: string | undefined): string[] | undefined {
  if (json === undefined) return [];
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

interface Side {
  readonly name: 'ours' | 'theirs';
  readonly split: Split;
}

/**
 * Merges `ours` and `theirs`, both derived from `base`. `undefined` is a file that does not exist (never
 * created, or deleted). Pure; never throws.
 */
export function mergeNoteFiles(base: string | undefined, ours: string | undefined, theirs: string | undefined): MergeResult {
  if (ours === theirs) return { status: 'clean', text: ours };
  if (base === theirs) return { status: 'clean', text: ours };
  if (base === ours) return { status: 'clean', text: theirs };
  if (theirs === undefined) return { status: 'conflict', conflicts: [{ kind: 'file', deletedBy: 'theirs' }], keepBoth: ours };
  if (ours === undefined) return { status: 'conflict', conflicts: [{ kind: 'file', deletedBy: 'ours' }], keepBoth: theirs };
  try {
    return mergeTexts(split(base ?? ''), { name: 'ours', split: split(ours) }, { name: 'theirs', split: split(theirs) });
  } catch (error) {
    return { status: 'conflict', conflicts: [{ kind: 'unsafe', detail: error instanceof Error ? error.message : String(error) }] };
  }
}

function mergeTexts(base: Split, ours: Side, theirs: Side): MergeResult {
  const conflicts: MergeConflict[] = [];
  // The side whose free text changed is the host: the other side's changes are carried over onto it.
  let host = theirs;
  let other = ours;
  if (ours.split.skeleton !== base.skeleton) {
    if (theirs.split.skeleton === base.skeleton) [host, other] = [ours, theirs];
    else if (theirs.split.skeleton !== ours.split.skeleton) conflicts.push({ kind: 'text' });
  }
  const eol = host.split.eol;
  const pieces: Piece[] = host.split.pieces.map((p) => ({ ...p }));
  const find = (id: string) => pieces.findIndex((p) => p.kind === 'note' && p.id === id);
  /** What every note must read back as: id → normalised section. */
  const expected = new Map<string, string>([...host.split.notes].map(([id, p]) => [id, noteKey(p)]));
  const copies: { id: string; from: Split }[] = [];
  const change = (side: Split, id: string): ChangeKind => (!base.notes.has(id) ? 'added' : side.notes.has(id) ? 'edited' : 'deleted');
  const noteConflict = (id: string) => {
    const heading = ours.split.doc.getNote(id)?.heading || theirs.split.doc.getNote(id)?.heading || base.doc.getNote(id)?.heading || id;
    conflicts.push({ kind: 'note', id, heading, ours: change(ours.split, id), theirs: change(theirs.split, id) });
  };

  const ids = [...new Set([...other.split.order, ...base.order])];
  for (const id of ids) {
    const b = base.notes.get(id);
    const o = other.split.notes.get(id);
    const index = find(id);
    const h = index === -1 ? undefined : (pieces[index] as NotePiece);
    const same = (x: NotePiece | undefined, y: NotePiece | undefined) => x !== undefined && y !== undefined && noteKey(x) === noteKey(y);
    if (b && o) {
      if (same(b, o)) continue;
      if (!h) {
        // Deleted on the host's side, edited on the other: keep-both restores the edited note.
        noteConflict(id);
        copies.push({ id, from: other.split });
      } else if (same(h, b)) {
        h.content = withEol(o.content, eol);
        if (!/\n$/.test(h.content) && h.trailing !== '') h.content += eol;
        expected.set(id, noteKey(o));
      } else if (!same(h, o)) {
        noteConflict(id);
        copies.push({ id, from: other.split });
      }
    } else if (b && !o) {
      if (!h) continue;
      if (same(h, b)) {
        removePiece(pieces, index, eol);
        expected.delete(id);
      } else {
        // Deleted on the other side, edited on the host's: keep-both keeps the edit, which is already there.
        noteConflict(id);
      }
    } else if (o) {
      if (!h) {
        insertPiece(pieces, other.split, id, withEol(o.content, eol), eol);
        expected.set(id, noteKey(o));
      } else if (!same(h, o)) {
        noteConflict(id);
        copies.push({ id, from: other.split });
      }
    }
  }

  // Front matter: raw when only one side changed it, key by key when both did.
  let head = host.split.head;
  const fieldEdits: [string, FrontMatterValue | undefined][] = [];
  if (nl(other.split.head) !== nl(base.head) && nl(host.split.head) !== nl(other.split.head)) {
    if (nl(host.split.head) === nl(base.head)) head = withEol(other.split.head, eol);
    else if (base.doc.error || host.split.doc.error || other.split.doc.error) conflicts.push({ kind: 'field', key: '(front matter)' });
    else {
      const keys = new Set([base, host.split, other.split].flatMap((s) => Object.keys(s.doc.frontMatter?.data ?? {})));
      for (const key of keys) {
        const b = fieldValue(base, key);
        const o = fieldValue(other.split, key);
        const h = fieldValue(host.split, key);
        if (o === b || o === h) continue;
        if (h === b) {
          fieldEdits.push([key, o === undefined ? undefined : (JSON.parse(o) as FrontMatterValue)]);
          continue;
        }
        const lists = SET_KEYS.has(key) ? [asStringList(b), asStringList(o), asStringList(h)] : [];
        if (lists.length === 3 && lists.every((l) => l !== undefined)) {
          const [bl, ol, hl] = lists as [string[], string[], string[]];
          const removed = new Set([...bl.filter((v) => !ol.includes(v)), ...bl.filter((v) => !hl.includes(v))]);
          const merged = [...new Set([...hl, ...ol])].filter((v) => !removed.has(v));
          fieldEdits.push([key, merged]);
          continue;
        }
        conflicts.push({ kind: 'field', key });
      }
    }
  }

  const blocking = conflicts.filter((c) => c.kind !== 'note');
  const assemble = (): string => head + pieces.map(text).join('');
  let merged: NoteDocument;
  try {
    merged = parseNote(assemble());
    for (const [key, value] of fieldEdits) merged = merged.setField(key, value);
  } catch (error) {
    return { status: 'conflict', conflicts: [...conflicts, { kind: 'unsafe', detail: error instanceof Error ? error.message : String(error) }] };
  }
  const problem = verify(merged, expected, host.split.skeleton);
  if (problem) return { status: 'conflict', conflicts: [...conflicts, { kind: 'unsafe', detail: problem }] };
  if (conflicts.length === 0) return { status: 'clean', text: merged.serialize() };
  if (blocking.length > 0) return { status: 'conflict', conflicts };
  return { status: 'conflict', conflicts, keepBoth: withCopies(merged, copies) };
}

/** Reads the merge back: every note as intended, no other note, the free text as on the host's side. */
function verify(merged: NoteDocument, expected: ReadonlyMap<string, string>, skeleton: string): string | undefined {
  const s = split(merged.serialize());
  for (const [id, key] of expected) {
    const piece = s.notes.get(id);
    if (!piece) return `note ${id} went missing`;
    if (noteKey(piece) !== key) return `note ${id} did not come out as intended`;
  }
  for (const id of s.notes.keys()) if (!expected.has(id)) return `note ${id} appeared unexpectedly`;
  if (s.skeleton !== skeleton) return 'the text outside notes did not come out as intended';
  return undefined;
}

/** Adds the other side's version of each conflicting note as a copy with a new id, so no text is lost. */
function withCopies(merged: NoteDocument, copies: readonly { id: string; from: Split }[]): string | undefined {
  let doc = merged;
  try {
    for (const { id, from } of copies) {
      const note = from.doc.getNote(id);
      if (!note) continue;
      const taken = new Set(doc.notes.map((n) => n.id));
      const stem = id.replace(/-+$/, '').slice(0, 56) || 'note';
      let n = 2;
      while (taken.has(`${stem}-${n}`)) n++;
      const copy: NewNote = {
        id: `${stem}-${n}`,
        kind: note.kind,
        heading: `${note.heading || 'Note'} (other version)`,
        text: note.text,
        ...(note.quote ? { quote: note.quote } : {}),
        ...(note.source !== undefined ? { source: note.source } : {}),
        ...(note.pdf ? { pdf: note.pdf } : {}),
        ...(note.code ? { code: note.code } : {}),
        ...(note.created !== undefined ? { created: note.created } : {}),
        ...(note.updated !== undefined ? { updated: note.updated } : {}),
      };
      doc = doc.addNote(copy);
    }
    return doc.serialize();
  } catch {
    return undefined;
  }
}

/** Makes the text before an insertion end with a blank line (or be empty), so the new section starts cleanly. */
function endWithBlankLine(piece: Piece | undefined, eol: Eol): void {
  if (!piece) return;
  if (piece.kind === 'note') {
    if (piece.trailing === '' && !/\n$/.test(piece.content)) piece.content += eol;
    if (!/\n[ \t]*\r?\n/.test(piece.content.slice(-2) + piece.trailing) && !/^[ \t]*\r?\n/.test(piece.trailing)) piece.trailing += eol;
    return;
  }
  if (piece.text === '') return;
  if (!/\n$/.test(piece.text)) piece.text += eol;
  if (!/\n[ \t]*\r?\n$/.test(piece.text)) piece.text += eol;
}

function removePiece(pieces: Piece[], index: number, eol: Eol): void {
  pieces.splice(index, 1);
  if (index === pieces.length && index > 0) {
    // The last section went: do not leave a trail of blank lines behind.
    const last = pieces[index - 1]!;
    if (last.kind === 'note') {
      last.trailing = '';
      if (!/\n$/.test(last.content)) last.content += eol;
    } else {
      const tail = blankTail(last.text);
      if (tail) last.text = last.text.slice(0, tail.start) + eol;
    }
  }
}

/** Inserts a note after the note that precedes it on its side (else before the one that follows, else at the end). */
function insertPiece(pieces: Piece[], from: Split, id: string, content: string, eol: Eol): void {
  const position = from.order.indexOf(id);
  const index = (noteId: string) => pieces.findIndex((p) => p.kind === 'note' && p.id === noteId);
  let at = pieces.length;
  for (let k = position - 1; k >= 0; k--) {
    const i = index(from.order[k]!);
    if (i !== -1) {
      at = i + 1;
      break;
    }
  }
  if (at === pieces.length && position >= 0) {
    for (let k = position + 1; k < from.order.length; k++) {
      const i = index(from.order[k]!);
      if (i !== -1) {
        at = i;
        break;
      }
    }
  }
  endWithBlankLine(pieces[at - 1], eol);
  const piece: NotePiece = { kind: 'note', id, content: /\n$/.test(content) ? content : content + eol, trailing: at < pieces.length ? eol : '' };
  pieces.splice(at, 0, piece);
}
