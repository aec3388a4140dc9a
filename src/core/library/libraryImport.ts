/**
 * Importing a library into the notes folder: each entry becomes a paper note whose front matter carries the
 * entry's citation key, ids, authors, year, venue, keywords (as tags) and file links. An entry matching a note
 * already there (by arXiv id, DOI or citation key) is merged into it: fields the note lacks are added, tags and
 * files are joined, and a field whose value differs is a conflict, left as the note has it unless the user says
 * otherwise. Pure: the host reads the notes and writes the results.
 */
import type { FrontMatterValue } from '../notes/frontMatter';
import type { NoteDocument } from '../notes/noteFile';
import type { Paper } from '../paper';
import type { LibraryEntry } from './libraryEntry';

/** What the importer needs to know of a note already in the library. */
export interface ExistingNote {
  readonly paperId: string;
  /** The front matter as data (`{}` when it has none or it is invalid). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Why the note cannot be changed (invalid front matter), if it cannot. */
  readonly problem?: string;
}

export type MatchedBy = 'arXiv id' | 'DOI' | 'citation key' | 'id';

export interface FieldConflict {
  readonly field: string;
  /** The note's value, as text. */
  readonly note: string;
  /** The library's value, as text. */
  readonly library: string;
}

export type ImportAction =
  | { readonly kind: 'add'; readonly entry: LibraryEntry; readonly paper: Paper; readonly fields: readonly (readonly [string, FrontMatterValue])[] }
  | {
      readonly kind: 'merge';
      readonly entry: LibraryEntry;
      /** The entry's paper under the id of the note it matched. */
      readonly paper: Paper;
      readonly matchedBy: MatchedBy;
      readonly fields: readonly (readonly [string, FrontMatterValue])[];
      readonly conflicts: readonly FieldConflict[];
      /**
       * The note's citation key when the library calls the paper otherwise: kept whatever the user chooses, since
       * documents cite the paper by it and the kept bibliography file follows it.
       */
      readonly keptKey?: FieldConflict;
    }
  | { readonly kind: 'skip'; readonly entry: LibraryEntry; readonly reason: string };

/** The front matter an entry gives its note, beyond what every new note has (id, title, url, status, tags). */
export function entryFields(entry: LibraryEntry): [string, FrontMatterValue][] {
  const p = entry.paper;
  const fields: [string, FrontMatterValue][] = [];
  if (entry.key) fields.push(['key', entry.key]);
  if (p.arxivId && p.arxivId !== p.id) fields.push(['arxiv', p.arxivId]);
  if (p.doi) fields.push(['doi', p.doi]);
  if (p.authors.length > 0) fields.push(['authors', p.authors.map((a) => a.name)]);
  if (p.year ?? p.published) fields.push(['year', p.year ?? p.published!.slice(0, 4)]);
  if (p.venue) fields.push(['venue', p.venue]);
  if (entry.keywords.length > 0) fields.push(['tags', [...entry.keywords]]);
  if (entry.files.length > 0) fields.push(['files', [...entry.files]]);
  if (entry.url && entry.url !== p.links.abs) fields.push(['link', entry.url]);
  return fields;
}

const norm = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'number' ? String(v) : undefined);
const asText = (v: unknown): string =>
  Array.isArray(v) ? v.map(asText).join(', ') : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
/** Fields joined rather than replaced: nothing of the note's is lost. */
const JOINED = new Set(['tags', 'files']);

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => norm(x) === norm(b[i]) || asText(x) === asText(b[i]));
  return norm(a) !== undefined ? norm(a) === norm(b) : asText(a) === asText(b);
}

/** Plans the import of `entries` against the notes already there. */
export function planImport(entries: readonly LibraryEntry[], existing: readonly ExistingNote[]): ImportAction[] {
  const byId = new Map<string, ExistingNote>();
  const byDoi = new Map<string, ExistingNote>();
  const byKey = new Map<string, ExistingNote>();
  for (const note of existing) {
    byId.set(note.paperId, note);
    const arxiv = typeof note.data['arxiv'] === 'string' ? note.data['arxiv'] : undefined;
    if (arxiv) byId.set(arxiv, note);
    const doi = norm(note.data['doi']);
    if (doi) byDoi.set(doi, note);
    const key = typeof note.data['key'] === 'string' ? note.data['key'] : undefined;
    if (key) byKey.set(key, note);
  }
  const actions: ImportAction[] = [];
  const claimed = new Map<string, string>();
  for (const entry of entries) {
    const p = entry.paper;
    const label = entry.key ?? p.id;
    let match: [ExistingNote, MatchedBy] | undefined;
    const arxivNote = p.arxivId ? byId.get(p.arxivId) : undefined;
    const doiNote = p.doi ? byDoi.get(p.doi.toLowerCase()) : undefined;
    const keyNote = entry.key ? byKey.get(entry.key) : undefined;
    if (arxivNote) match = [arxivNote, 'arXiv id'];
    else if (doiNote) match = [doiNote, 'DOI'];
    else if (keyNote) match = [keyNote, 'citation key'];
    else if (byId.get(p.id)) match = [byId.get(p.id)!, 'id'];
    const target = match ? match[0].paperId : p.id;
    const earlier = claimed.get(target);
    if (earlier !== undefined) {
      actions.push({ kind: 'skip', entry, reason: `${label} is the same paper as ${earlier}, imported just before` });
      continue;
    }
    claimed.set(target, label);
    const fields = entryFields(entry);
    if (!match) {
      actions.push({ kind: 'add', entry, paper: p, fields });
      continue;
    }
    const [note, matchedBy] = match;
    if (note.problem) {
      actions.push({
        kind: 'skip',
        entry,
        reason: `${label} matches the note of ${note.paperId} by ${matchedBy}, whose front matter cannot be read (${note.problem})`,
      });
      continue;
    }
    const add: [string, FrontMatterValue][] = [];
    const conflicts: FieldConflict[] = [];
    let keptKey: FieldConflict | undefined;
    const candidates: [string, FrontMatterValue][] = [...fields, ['title', p.title]];
    for (const [field, value] of candidates) {
      const mine = note.data[field];
      if (mine === undefined || mine === null || (Array.isArray(mine) && mine.length === 0) || mine === '') add.push([field, value]);
      else if (JOINED.has(field) && Array.isArray(value)) {
        const have = Array.isArray(mine) ? mine.map(asText) : [asText(mine)];
        const extra = value.map(asText).filter((v) => !have.some((h) => h.toLowerCase() === v.toLowerCase()));
        if (extra.length > 0) add.push([field, [...have, ...extra]]);
      } else if (field === 'key' && asText(mine) !== asText(value)) keptKey = { field, note: asText(mine), library: asText(value) };
      else if (field !== 'key' && !sameValue(mine, value)) conflicts.push({ field, note: asText(mine), library: asText(value) });
    }
    if (add.length === 0 && conflicts.length === 0) {
      actions.push({
        kind: 'skip',
        entry,
        reason: `${label}: the note of ${note.paperId} (matched by ${matchedBy}) already has all of it${keptKey ? `, under its own key ${keptKey.note}` : ''}`,
      });
      continue;
    }
    actions.push({ kind: 'merge', entry, paper: { ...p, id: note.paperId }, matchedBy, fields: add, conflicts, ...(keptKey ? { keptKey } : {}) });
  }
  return actions;
}

/** Writes an action's fields (and, when the user chose so, the library's side of its conflicts) into a note. */
export function applyImport(doc: NoteDocument, action: Exclude<ImportAction, { kind: 'skip' }>, takeLibraryValues = false): NoteDocument {
  let next = doc;
  for (const [field, value] of action.fields) {
    if (field === 'tags' && Array.isArray(value)) {
      const have = next.meta.tags;
      const extra = (value as string[]).filter((t) => !have.some((h) => h.toLowerCase() === t.toLowerCase()));
      if (extra.length > 0 || action.kind === 'merge') next = next.setTags([...have, ...extra]);
    } else next = next.setField(field, value);
  }
  if (action.kind === 'merge' && takeLibraryValues) {
    const all = new Map([...entryFields(action.entry), ['title', action.entry.paper.title] as [string, FrontMatterValue]]);
    for (const c of action.conflicts) {
      const value = all.get(c.field);
      if (value !== undefined) next = next.setField(c.field, value);
    }
  }
  return next;
}

export interface ImportSummary {
  readonly added: number;
  readonly merged: number;
  readonly skipped: number;
  readonly conflicts: number;
  /** One line per entry that was merged with conflicts kept or skipped, for the log. */
  readonly details: readonly string[];
}

export function summarizeImport(actions: readonly ImportAction[], conflictsTaken: boolean): ImportSummary {
  const details: string[] = [];
  let conflicts = 0;
  for (const a of actions) {
    const label = a.entry.key ?? a.entry.paper.id;
    if (a.kind === 'skip') details.push(`skipped ${a.reason}`);
    else if (a.kind === 'merge') {
      conflicts += a.conflicts.length;
      const changes = a.fields.map(([f]) => f).join(', ');
      details.push(
        `merged ${label} into ${a.paper.id} (by ${a.matchedBy})${changes ? `: added ${changes}` : ''}${
          a.conflicts.length
            ? `; ${conflictsTaken ? 'replaced' : 'kept the note’s'} ${a.conflicts.map((c) => `${c.field} ("${c.note.slice(0, 60)}" vs "${c.library.slice(0, 60)}")`).join(', ')}`
            : ''
        }${a.keptKey ? `; kept the note’s key ${a.keptKey.note} (cited by it)` : ''}`,
      );
    } else details.push(`added ${label} as ${a.paper.id}`);
  }
  return {
    added: actions.filter((a) => a.kind === 'add').length,
    merged: actions.filter((a) => a.kind === 'merge').length,
    skipped: actions.filter((a) => a.kind === 'skip').length,
    conflicts,
    details,
  };
}
