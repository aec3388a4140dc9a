/**
 * A library paper for citing: what a feed or a lookup knows of it, with what its note's front matter says on top.
 * The front matter is the user's record, so its title wins; fields that only imported notes carry (`key`, `authors`,
 * `year`, `doi`, `venue`) fill what no feed told.
 */
import { arxivAbsUrl, parseArxivId } from '../arxivId';
import type { Note, NoteMeta } from '../notes/noteModel';
import type { Author, Paper } from '../paper';
import { isValidCitationKey } from './bibSync';

/** Front matter names a note may give its citation key under (the first one set wins). */
const KEY_FIELDS = ['key', 'citekey', 'citationKey', 'citation-key', 'citation_key', 'bibtex_key'];

/** The citation key a note's front matter asks for, when it names a usable one. */
export function noteCitationKey(data: Readonly<Record<string, unknown>>): string | undefined {
  for (const name of KEY_FIELDS) {
    const value = data[name];
    if (typeof value === 'string' && isValidCitationKey(value.trim())) return value.trim();
  }
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** `{ name }`, CSL's `{ given, family }` or `{ literal }`, or `{ first, last }`, as one display name. */
function personName(a: Record<string, unknown>): string {
  const text = (key: string) => (typeof a[key] === 'string' ? (a[key] as string).trim() : '');
  if (text('name') || text('literal')) return text('name') || text('literal');
  return [text('given') || text('first'), text('family') || text('last')].filter(Boolean).join(' ');
}

function authorsOf(value: unknown): Author[] {
  // The lookbehind starts a separator only where a run of blanks starts: tried from inside a long run, `\s+and` re-read
  // the rest of the run from each position (the split never resumes inside a run, so nothing else changes).
  if (typeof value === 'string')
    return value
      .split(/(?<!\s)\s+and\s+|;/)
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => ({ name }));
  if (!Array.isArray(value)) return [];
  return value
    .map((a) => (typeof a === 'string' ? a : typeof a === 'object' && a !== null ? personName(a as Record<string, unknown>) : ''))
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

/**
 * The paper a note stands for. `known` is the paper from a feed or an arXiv lookup when one was seen; without it the
 * paper is rebuilt from the front matter alone.
 */
export function libraryPaper(id: string, meta: NoteMeta, data: Readonly<Record<string, unknown>>, known?: Paper): Paper {
  const arxiv = parseArxivId(meta.id ?? '') ?? (meta.url ? parseArxivId(meta.url) : undefined);
  const base: Paper = known ?? {
    id,
    arxivId: arxiv?.id,
    version: arxiv?.version,
    title: id,
    authors: [],
    abstract: '',
    categories: [],
    links: arxiv ? { abs: arxivAbsUrl(arxiv.id) } : meta.url && /^https?:\/\//i.test(meta.url) ? { abs: meta.url } : {},
    repos: [],
    source: 'library',
  };
  const authors = base.authors.length > 0 ? base.authors : authorsOf(data.authors ?? data.author);
  const year = stringOf(data.year) ?? /^(\d{4})/.exec(stringOf(data.published) ?? stringOf(data.date) ?? '')?.[1];
  const doi = base.doi ?? stringOf(data.doi);
  const venue = base.venue ?? stringOf(data.venue) ?? stringOf(data.journal) ?? stringOf(data.booktitle);
  const abstract = base.abstract || stringOf(data.abstract) || '';
  return {
    ...base,
    id,
    title: meta.title?.trim() || base.title,
    authors,
    abstract,
    ...(base.year === undefined && year !== undefined && /^\d{4}$/.test(year) ? { year } : {}),
    ...(doi !== undefined ? { doi } : {}),
    ...(venue !== undefined ? { venue } : {}),
  };
}

/** What the user wrote about a paper, for search: each note's heading and text, each PDF highlight's quote. Not code links. */
export function writtenNotes(notes: readonly Note[]): string[] {
  return notes
    .filter((n) => n.kind !== 'code')
    .map((n) => [n.kind === 'pdf' ? n.quote?.exact : undefined, n.kind === 'general' ? n.heading : undefined, n.text].filter((t) => t?.trim()).join(' — '))
    .filter((t) => t.trim() !== '');
}

/** One library paper for the "My library" source: the paper as cited, with its notes to search. */
export function libraryFeedPaper(id: string, meta: NoteMeta, data: Readonly<Record<string, unknown>>, notes: readonly Note[], known?: Paper): Paper {
  const paper = libraryPaper(id, meta, data, known);
  const written = writtenNotes(notes);
  return { ...paper, libraryNotes: written.length > 0 ? written : undefined };
}
