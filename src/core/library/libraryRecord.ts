/**
 * The step shared by every bibliography reader: a record with plain-text fields becomes a `LibraryEntry` with a
 * `Paper`. Text is cleaned of what LaTeX and the parsers leave behind (`<i>…</i>` rich text, `\emph{…}` typed as
 * text in Zotero, `\_` in URLs, case-protecting braces), and the arXiv id is looked for in every usual place.
 */
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl } from '../arxivId';
import { Mutable, collapseWhitespace, httpUrl, titleId, unwrapParagraphs } from '../feeds/feedText';
import { boundPaperText } from '../feeds/paperBounds';
import type { Paper } from '../paper';
import { decodeLatexAccents } from '../text/latexText';
import { findArxivIdInFields } from './arxivIdInFields';
import type { LibraryEntry } from './libraryEntry';

export interface LibraryRecord {
  readonly key?: string;
  readonly type: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly abstract?: string;
  readonly year?: string;
  /** A full date when known (`2019-06-04`). */
  readonly date?: string;
  readonly venue?: string;
  readonly doi?: string;
  readonly url?: string;
  readonly keywords: readonly string[];
  readonly files: readonly string[];
  readonly categories?: readonly string[];
  /** Every field as text, lower-case names, for finding the arXiv id. */
  readonly fields: Readonly<Record<string, string | undefined>>;
}

// Rich-text markup @retorquere/bibtex-parser and CSL processors produce; other `<` stay (`$x<y$` becomes `x<y`).
const MARKUP = /<\/?(?:i|b|em|strong|sup|sub|sc|span|nc|br)(?:\s[^<>]*)?\/?>/gi;
const TEXT_COMMANDS = /\\(?:emph|textit|textbf|textsc|texttt|textrm|textsf|textup|textmd|mathrm|mathit|mathbf|underline|mbox|text|url|hbox)\s*\{([^{}]*)\}/g;

/** A field's text without LaTeX or markup residue, on one line. */
export function libraryText(value: string | undefined): string {
  return collapseWhitespace(cleanLatex(value ?? ''));
}

/** An abstract's text without residue, paragraphs kept. */
export function libraryParagraphs(value: string | undefined): string {
  return unwrapParagraphs(cleanLatex(value ?? '').replace(/\n\s*\n/g, '\n\n'));
}

function cleanLatex(value: string): string {
  let text = value.replace(MARKUP, '');
  if (text.includes('\\') || text.includes('{')) {
    text = decodeLatexAccents(text.replace(/\\textbackslash\s*(?:\{\})?/g, '\\').replace(/\\([{}])/g, '$1'));
    for (let guard = 0; guard < 5 && TEXT_COMMANDS.test(text); guard++) text = text.replace(TEXT_COMMANDS, '$1');
    text = text
      .replace(/\\([&%$#_])/g, '$1')
      .replace(/\\(?:textendash|textemdash)\s*(?:\{\})?/g, (m) => (m.includes('em') ? '—' : '–'))
      .replace(/\\(?:ldots|dots)\s*(?:\{\})?/g, '…')
      .replace(/~/g, ' ')
      .replace(/\\\\/g, ' ')
      // Braces that only protected case (`{GPT}-4`, `{{Deep Learning}}`); math keeps its own.
      .replace(/(?<!\\[A-Za-z]*)\{([^{}$]*)\}/g, '$1')
      .replace(/(?<!\\[A-Za-z]*)\{([^{}$]*)\}/g, '$1');
  }
  return text;
}

/** A DOI as its bare `10.…/…` form (resolver URLs and `doi:` prefixes dropped, `\_` unescaped), or undefined. */
export function bareDoi(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const doi = value
    .trim()
    .replace(/\\([_%&#])/g, '$1')
    .replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

/** The entry, or the reason it was skipped. */
export function recordToEntry(record: LibraryRecord): LibraryEntry | string {
  const title = libraryText(record.title);
  const arxiv = findArxivIdInFields(record.fields);
  if (!title && !arxiv) return `${record.key ?? 'an entry'}: no title`;
  const doi = bareDoi(record.doi);
  const url = record.url ? httpUrl(record.url.replace(/\\([_%&#~])/g, '$1')) : undefined;
  const abstract = libraryParagraphs(record.abstract);
  // An arXiv preprint's "venue" is arXiv itself: not a venue worth showing.
  const venue = record.venue && !/^(?:arxiv\b|corr$|arxiv\.org)/i.test(libraryText(record.venue)) ? libraryText(record.venue) : undefined;
  const paper: Mutable<Paper> = {
    id: arxiv ? arxiv.id : titleId(title),
    title: title || arxiv!.id,
    authors: record.authors.map((name) => ({ name: libraryText(name) })).filter((a) => a.name.length > 0),
    abstract,
    categories: (record.categories ?? []).filter((c) => /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/.test(c)),
    links: {
      ...(arxiv ? { abs: arxivAbsUrl(arxiv.id), pdf: arxivPdfUrl(arxiv.id), hfPage: hfPaperUrl(arxiv.id) } : {}),
      ...(doi ? { doi: `https://doi.org/${doi}` } : {}),
    },
    repos: [],
    source: 'library',
  };
  if (arxiv) paper.arxivId = arxiv.id;
  if (arxiv?.version !== undefined) paper.version = arxiv.version;
  if (doi) paper.doi = doi;
  if (record.year && /^-?\d{1,4}$/.test(record.year.trim())) paper.year = record.year.trim();
  if (record.date && /^\d{4}-\d{2}-\d{2}$/.test(record.date)) paper.published = record.date;
  if (venue) paper.venue = venue;
  if (paper.categories[0]) paper.primaryCategory = paper.categories[0];
  const entry: Mutable<LibraryEntry> = {
    type: record.type.toLowerCase(),
    paper: boundPaperText(paper),
    keywords: [...new Set(record.keywords.map(libraryText).filter((k) => k.length > 0))],
    files: record.files,
  };
  if (record.key) entry.key = record.key;
  if (url && url !== paper.links.abs && url !== paper.links.doi) entry.url = url;
  if (arxiv) entry.arxivIdFrom = arxiv.from;
  return entry;
}

/**
 * Paths in a `file` field: Better BibTeX's `a.pdf;b.pdf`, Mendeley's `:/path/a.pdf:pdf`, JabRef's
 * `Description:path/a.pdf:PDF` (with `\:` and `\;` escapes in any of them).
 */
export function parseFileField(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  const parts = value
    .split(/(?<!\\);/)
    .map((p) => p.trim())
    .filter(Boolean);
  const files: string[] = [];
  for (const part of parts) {
    const pieces = part.split(/(?<!\\):/);
    let path = part;
    // `desc:path:type`; a Windows drive (`C:\…`) is part of the path.
    if (pieces.length >= 3 && /^[\w/+.-]{0,40}$/.test(pieces[pieces.length - 1]!)) {
      path = pieces.slice(1, -1).join(':');
    }
    path = path.replace(/\\([:;\\])/g, '$1').trim();
    if (path && !files.includes(path)) files.push(path);
  }
  return files;
}
