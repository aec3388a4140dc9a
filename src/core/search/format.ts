/**
 * The saved form of a search index: versioned, and fingerprinted with everything that shapes the index, so a host
 * that finds a stale or foreign file rebuilds instead of answering queries from a mismatched index.
 */
import { SEARCH_FIELDS } from './indexablePaper';
import { ABSTRACT_STOP_WORDS, BOILERPLATE_WORDS, FUNCTION_WORDS } from './stopWords';
import { TOKENIZER_VERSION } from './tokenizer';
import { stableHash } from '../text/stableHash';

export const INDEX_FORMAT = 'marginalia-search-index';
/** Bump on any change to the layout below. */
export const INDEX_FORMAT_VERSION = 4;
/** Bump when the rules that pick "more like this" terms change. */
const SIGNATURE_VERSION = 2;

export interface SerializedPaperIndex {
  readonly format: typeof INDEX_FORMAT;
  readonly version: number;
  /** Hash of the fields, tokenizer, stop words and signature rules the index was built with. */
  readonly fingerprint: string;
  readonly fields: readonly string[];
  readonly documentCount: number;
  readonly averageFieldLength: readonly number[];
  /**
   * Paper ids, one per line, in chunks of `linesPerChunk` lines; a paper's position is its short id in the
   * postings. Chunks rather than one string: no step of saving or loading (or of posting the result from a worker)
   * handles a string of tens of megabytes at once.
   */
  readonly ids: readonly string[];
  /** Lines per chunk in `ids`, `signatures` and `terms`. */
  readonly linesPerChunk: number;
  /** Per paper, as varints: field lengths + 1 (0: field absent), date `YYYYMMDD`, has code, category count, categories. */
  readonly docs: string;
  /** Category names by interned id. */
  readonly categories: readonly string[];
  /** Per paper, its "more like this" terms with weights (`term:weight …`), one per line, chunked as `ids`. */
  readonly signatures: readonly string[];
  readonly termCount: number;
  /** Terms, sorted (as `<` sorts strings), space-separated, in chunks of `linesPerChunk` terms, in the order of `postings`. */
  readonly terms: readonly string[];
  /**
   * Per term, a record of varints: a bit mask of the fields it occurs in; per field, the number of papers; then per
   * field, per paper, (gap from the previous short id − 1) × 2 + (term frequency > 1), followed by term frequency − 2
   * when it is. Records are concatenated into chunks of about a megabyte (`SaveOptions`); none is split.
   */
  readonly postings: readonly string[];
  /** Per term, as varints: the length of its record, so that a term is decoded only when first used. */
  readonly spans: string;
}

/** How the saved form is cut into chunks. */
export interface SaveOptions {
  /** Ids, signatures and terms per chunk. Default 1024. */
  readonly linesPerChunk?: number;
  /** Characters per postings chunk (a record longer than this gets a chunk of its own). Default 2^20. */
  readonly postingsChunkChars?: number;
}

export type IndexFormatProblem = 'not-an-index' | 'version' | 'fingerprint' | 'malformed';

/** A saved index that cannot be used; the host should rebuild the index from the papers. */
export class IndexFormatError extends Error {
  constructor(
    readonly problem: IndexFormatProblem,
    message: string,
  ) {
    super(`${message} Rebuild the search index from the papers.`);
    this.name = 'IndexFormatError';
  }
}

/** Fingerprint of the options that shape an index; a saved index with another one is rejected. */
export const INDEX_FINGERPRINT = stableHash(
  JSON.stringify({
    fields: SEARCH_FIELDS,
    tokenizer: TOKENIZER_VERSION,
    abstractStopWords: [...ABSTRACT_STOP_WORDS].sort(),
    signature: SIGNATURE_VERSION,
    functionWords: [...FUNCTION_WORDS].sort(),
    boilerplateWords: [...BOILERPLATE_WORDS].sort(),
  }),
);

/** Checks the envelope of a saved index; throws `IndexFormatError` with the reason otherwise. */
export function checkEnvelope(value: unknown): SerializedPaperIndex {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== INDEX_FORMAT) {
    throw new IndexFormatError('not-an-index', `Not a Marginalia search index (expected "format": "${INDEX_FORMAT}").`);
  }
  const v = value as Partial<SerializedPaperIndex>;
  if (v.version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(
      'version',
      `Saved search index has format version ${String(v.version)}; this version of Marginalia reads version ${INDEX_FORMAT_VERSION}.`,
    );
  }
  if (v.fingerprint !== INDEX_FINGERPRINT) {
    throw new IndexFormatError(
      'fingerprint',
      `Saved search index was built with other options (fingerprint ${String(v.fingerprint)}, expected ${INDEX_FINGERPRINT}).`,
    );
  }
  const fieldsOk = Array.isArray(v.fields) && v.fields.length === SEARCH_FIELDS.length && v.fields.every((f, i) => f === SEARCH_FIELDS[i]);
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((x) => typeof x === 'string');
  const ok =
    fieldsOk &&
    Number.isSafeInteger(v.documentCount) &&
    Number.isSafeInteger(v.termCount) &&
    Number.isSafeInteger(v.linesPerChunk) &&
    (v.linesPerChunk ?? 0) > 0 &&
    Array.isArray(v.averageFieldLength) &&
    strings(v.ids) &&
    strings(v.signatures) &&
    strings(v.terms) &&
    strings(v.postings) &&
    strings(v.categories) &&
    typeof v.docs === 'string' &&
    typeof v.spans === 'string';
  if (!ok) throw new IndexFormatError('malformed', 'Saved search index is damaged (missing or inconsistent parts).');
  return v as SerializedPaperIndex;
}
