/**
 * What a bibliography file holds, as Marginalia reads it: one `LibraryEntry` per entry, with its citation key kept
 * and a `Paper` for everything that shows, searches and makes notes. Plain data, so it crosses to workers and
 * webviews unchanged. Produced by `parseBibtexLibrary` (BibTeX and BibLaTeX) and `parseCslJson` (CSL-JSON and
 * Better BibTeX JSON); `parseLibrary` picks one by content.
 */
import type { Paper, SkippedEntry } from '../paper';

export type LibraryFormat = 'bibtex' | 'csl-json' | 'bbt-json';

export interface LibraryEntry {
  /** The citation key as written (`vaswani2017attention`); absent only when the file gave none (CSL without id). */
  readonly key?: string;
  /** The entry type as written, lower case (`article`, `misc`, `online`; CSL `article-journal`). */
  readonly type: string;
  /** The paper: id is the arXiv id when one was found, else `title:…` (see `titleId`). `source` is `library`. */
  readonly paper: Paper;
  /** Keywords or tags, as the reference manager had them. */
  readonly keywords: readonly string[];
  /** Attached files (paths or URLs) from `file` fields (Zotero, Mendeley, JabRef syntaxes). */
  readonly files: readonly string[];
  /** The entry's URL when it is not already one of the paper's links. */
  readonly url?: string;
  /** Where in the entry the arXiv id was found (`eprint`, `journal`, `volume`, `doi`, `url`…), when one was. */
  readonly arxivIdFrom?: string;
}

export interface LibraryParseResult {
  readonly format: LibraryFormat;
  readonly entries: LibraryEntry[];
  /** Entries that could not be read, and why (index: position among the file's entries). */
  readonly skipped: SkippedEntry[];
}

/** Progress and cancellation for the long parses (a library of many thousand entries). */
export interface LibraryParseOptions {
  readonly signal?: AbortSignal;
  /** Entries read so far, of about how many. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Gives the thread back between chunks (the host passes a `setImmediate`-like wait); default: a resolved promise. */
  readonly yieldControl?: () => Promise<void>;
}
