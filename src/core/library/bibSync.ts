/**
 * Keeping a `.bib` file in step with the library without ever losing what a person wrote in it.
 *
 * - Every entry in the file stays, whether Marginalia wrote it or not, and whether its paper is still in the library.
 * - A library paper gets one entry, found again by its key (a note's own `key`, an imported one), by the key
 *   Marginalia gave it before, or by its arXiv id or DOI; else a new entry is appended with a new stable key.
 * - Marginalia owns only the fields it writes (title, author, year, eprint…) and changes one only while the file
 *   still holds what Marginalia last wrote there (`BibBase`): a value edited by hand, a field deleted by hand, a field
 *   added by hand and every field of an entry Marginalia did not write are kept. That is a three-way merge per field,
 *   with the last written values as the base.
 *
 * Edits are splices of single values, so everything else in the file (comments, layout, order) stays byte for byte.
 */
import { bibtexEprint, citationKey, disambiguateKeys, paperToBibtex } from '../bibtex';
import type { Paper } from '../paper';
import { readBibliography, type BibEntry } from './bibRead';

/** What Marginalia last wrote in one entry: the paper it is for, and each field's value. */
export interface BibBaseEntry {
  readonly id: string;
  /** By lower-case field name. */
  readonly fields: Readonly<Record<string, string>>;
}

/** What Marginalia last wrote in a file, by citation key. Empty for a file it never wrote. */
export type BibBase = Readonly<Record<string, BibBaseEntry>>;

/** A library paper to keep in the file. */
export interface BibPaper {
  readonly paper: Paper;
  /** The key the paper's note asks for (an imported key); kept as is when BibTeX can read it. */
  readonly key?: string;
}

export interface BibSyncResult {
  /** The new text of the file (the same string when nothing changed). */
  readonly text: string;
  /** The base to give the next sync of this file. */
  readonly base: BibBase;
  /** Each paper's key in the file, by paper id. */
  readonly keys: ReadonlyMap<string, string>;
  /** Keys of the entries appended. */
  readonly added: readonly string[];
  /** Keys of the entries where a field was changed or added. */
  readonly updated: readonly string[];
}

const VALID_KEY = /^[A-Za-z0-9_:.+/-]+$/;

/** Whether BibTeX reads this back as a key (no comma, brace, space or `%`). */
export function isValidCitationKey(key: string | undefined): key is string {
  return key !== undefined && key.length <= 200 && VALID_KEY.test(key);
}

/** The fields Marginalia writes for a paper, by lower-case name, in the order it writes them. */
export function ownedFields(paper: Paper): Map<string, { name: string; value: string }> {
  const [entry] = readBibliography(paperToBibtex(paper, { key: 'k' }));
  return new Map((entry?.fields ?? []).map((f) => [f.name.toLowerCase(), { name: f.name, value: f.value }]));
}

function normalisedDoi(value: string | undefined): string | undefined {
  const doi = value
    ?.trim()
    .replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '')
    .toLowerCase();
  return doi || undefined;
}

function fieldValue(entry: BibEntry, name: string): string | undefined {
  return entry.fields.find((f) => f.name.toLowerCase() === name)?.value;
}

/** Where to find an entry again: by key, by the paper Marginalia wrote it for, by eprint and by DOI. */
interface EntryIndex {
  readonly byKey: Map<string, BibEntry>;
  readonly writtenFor: Map<string, string[]>;
  readonly byEprint: Map<string, BibEntry[]>;
  readonly byDoi: Map<string, BibEntry[]>;
}

function indexEntries(entries: readonly BibEntry[], base: BibBase): EntryIndex {
  const byKey = new Map<string, BibEntry>();
  const byEprint = new Map<string, BibEntry[]>();
  const byDoi = new Map<string, BibEntry[]>();
  const push = (map: Map<string, BibEntry[]>, key: string | undefined, e: BibEntry) => {
    if (key) map.set(key, [...(map.get(key) ?? []), e]);
  };
  for (const e of entries) {
    if (!byKey.has(e.key)) byKey.set(e.key, e);
    push(byEprint, fieldValue(e, 'eprint')?.trim().replace(/v\d+$/, ''), e);
    push(byDoi, normalisedDoi(fieldValue(e, 'doi')), e);
  }
  const writtenFor = new Map<string, string[]>();
  for (const [key, written] of Object.entries(base)) writtenFor.set(written.id, [...(writtenFor.get(written.id) ?? []), key]);
  return { byKey, writtenFor, byEprint, byDoi };
}

/** The entry that already stands for a paper, if any (not one given to another paper). */
function findEntry(item: BibPaper, index: EntryIndex, taken: Set<string>): BibEntry | undefined {
  const free = (e: BibEntry | undefined) => (e && !taken.has(e.key) ? e : undefined);
  const own = isValidCitationKey(item.key) ? free(index.byKey.get(item.key)) : undefined;
  if (own) return own;
  for (const key of index.writtenFor.get(item.paper.id) ?? []) {
    const found = free(index.byKey.get(key));
    if (found) return found;
  }
  const eprint = bibtexEprint(item.paper);
  const doi = normalisedDoi(item.paper.doi);
  return (
    (eprint !== undefined ? index.byEprint.get(eprint)?.find((e) => !taken.has(e.key)) : undefined) ??
    (doi !== undefined ? index.byDoi.get(doi)?.find((e) => !taken.has(e.key)) : undefined)
  );
}

interface Splice {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Brings `text` (a `.bib` file, `''` for none) in step with `papers`, given what Marginalia wrote last time
 * (`base`). Pure; the caller writes `result.text` when it differs.
 */
export function syncBibliography(text: string, papers: readonly BibPaper[], base: BibBase = {}, options: { readonly keysOnly?: boolean } = {}): BibSyncResult {
  const entries = readBibliography(text);
  const index = indexEntries(entries, base);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const nextBase: Record<string, BibBaseEntry> = { ...base };
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  const splices: Splice[] = [];
  const updated: string[] = [];
  const fresh: BibPaper[] = [];
  const seen = new Set<string>();

  for (const item of papers) {
    if (seen.has(item.paper.id)) continue;
    seen.add(item.paper.id);
    const entry = findEntry(item, index, taken);
    if (!entry) {
      fresh.push(item);
      continue;
    }
    taken.add(entry.key);
    keys.set(item.paper.id, entry.key);
    // Which key each paper has is all a completion needs: the entries' fields are not looked at.
    if (options.keysOnly) continue;
    const written = base[entry.key]?.id === item.paper.id ? base[entry.key]!.fields : {};
    const kept: Record<string, string> = { ...written };
    const ours = ownedFields(item.paper);
    const missing: { name: string; value: string }[] = [];
    let changed = false;
    for (const [lower, field] of ours) {
      const inFile = entry.fields.find((f) => f.name.toLowerCase() === lower);
      const last = written[lower];
      if (inFile) {
        // Ours only while the file holds what we wrote: a hand edit, or a value we never wrote, stays.
        if (last !== undefined && inFile.value === last) {
          kept[lower] = field.value;
          if (inFile.value !== field.value) {
            splices.push({ at: inFile.valueStart, end: inFile.end, text: `{${field.value}}` });
            changed = true;
          }
        }
      } else if (last === undefined) {
        // Never written here: added. (A field we wrote that is gone was deleted by hand: it stays deleted.)
        missing.push(field);
        kept[lower] = field.value;
      }
    }
    if (missing.length > 0) {
      splices.push(insertFields(text, entry, missing, eol));
      changed = true;
    }
    nextBase[entry.key] = { id: item.paper.id, fields: kept };
    if (changed) updated.push(entry.key);
  }

  // New entries: the paper's own key when it is free, else the usual key made unique in the file.
  const used = new Set(entries.map((e) => e.key));
  const wanted = fresh.map((item) => (isValidCitationKey(item.key) && !used.has(item.key) ? item.key : undefined));
  const generated = disambiguateKeys([...used, ...fresh.map((item, i) => wanted[i] ?? citationKey(item.paper))]).slice(used.size);
  const added: string[] = [];
  const appended: string[] = [];
  fresh.forEach((item, i) => {
    const key = generated[i]!;
    keys.set(item.paper.id, key);
    added.push(key);
    if (options.keysOnly) return;
    appended.push(paperToBibtex(item.paper, { key }));
    nextBase[key] = { id: item.paper.id, fields: Object.fromEntries([...ownedFields(item.paper)].map(([lower, f]) => [lower, f.value])) };
  });

  let out = text;
  for (const s of splices.sort((a, b) => b.at - a.at)) out = out.slice(0, s.at) + s.text + out.slice(s.end);
  if (appended.length > 0) {
    const separator = out.length === 0 ? '' : out.endsWith(`${eol}${eol}`) ? '' : out.endsWith(eol) ? eol : `${eol}${eol}`;
    out += separator + appended.map((e) => e.replace(/\n/g, eol)).join(eol);
  }
  return { text: out, base: nextBase, keys, added, updated };
}

/** One splice that adds fields after an entry's last field, in the entry's own layout. */
function insertFields(text: string, entry: BibEntry, fields: readonly { name: string; value: string }[], eol: string): Splice {
  const first = entry.fields[0];
  const indent = first ? /[ \t]*$/.exec(text.slice(text.lastIndexOf('\n', first.start - 1) + 1, first.start))![0] : '  ';
  const equals = first ? text.slice(first.nameEnd, first.valueStart) : '=';
  const last = entry.fields[entry.fields.length - 1];
  const lines = fields.map((f) => `${indent}${f.name}${equals}{${f.value}}`);
  if (!last) {
    // No fields yet: after the key's comma (or the key), before the closing brace.
    const comma = text.slice(entry.start, entry.bodyStart).trimEnd().endsWith(',') ? '' : ',';
    return { at: entry.bodyStart, end: entry.bodyStart, text: `${comma}${eol}${lines.join(`,${eol}`)},${eol}` };
  }
  return { at: last.end, end: last.end, text: `,${eol}${lines.join(`,${eol}`)}` };
}
