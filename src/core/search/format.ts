/**
 * The saved form of a search index: versioned, and fingerprinted with everything that shapes the index, so a host
 * that finds a stale or foreign file rebuilds instead of answering queries from a mismatched index.
 */
import { SEARCH_FIELDS } from './indexablePaper';
import { ABSTRACT_STOP_WORDS, BOILERPLATE_WORDS, FUNCTION_WORDS } from './stopWords';
import { TOKENIZER_VERSION } from './tokenizer';

export const INDEX_FORMAT = 'marginalia-search-index';
/** Bump on any change to the layout below. */
export const INDEX_FORMAT_VERSION = 2;
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
   * Paper ids, one per line; a paper's line number is its short id in the postings. One string rather than an
   * array: it crosses from a worker and through JSON.parse as one block, and is split while loading in slices.
   */
  readonly ids: string;
  /** Per paper, as varints: field lengths + 1 (0: field absent), date `YYYYMMDD`, has code, category count, categories. */
  readonly docs: string;
  /** Category names by interned id. */
  readonly categories: readonly string[];
  /** Per paper, one per line, its "more like this" terms with weights (`term:weight …`). */
  readonly signatures: string;
  /** Terms, space-separated, in the order of `postings`. */
  readonly terms: string;
  /**
   * Per term, as varints: a bit mask of the fields it occurs in; per field, the number of papers; then per field,
   * per paper, (gap from the previous short id − 1) × 2 + (term frequency > 1), followed by term frequency − 2 when
   * it is.
   */
  readonly postings: string;
  /** Per term, as varints: the length of its record in `postings`, so a term is decoded only when first used. */
  readonly spans: string;
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

/** FNV-1a, 32 bits: a cheap, stable content hash (not for security). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Fingerprint of the options that shape an index; a saved index with another one is rejected. */
export const INDEX_FINGERPRINT = fnv1a(
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
    throw new IndexFormatError('version', `Saved search index has format version ${String(v.version)}; this version of Marginalia reads version ${INDEX_FORMAT_VERSION}.`);
  }
  if (v.fingerprint !== INDEX_FINGERPRINT) {
    throw new IndexFormatError('fingerprint', `Saved search index was built with other options (fingerprint ${String(v.fingerprint)}, expected ${INDEX_FINGERPRINT}).`);
  }
  const fieldsOk = Array.isArray(v.fields) && v.fields.length === SEARCH_FIELDS.length && v.fields.every((f, i) => f === SEARCH_FIELDS[i]);
  const ok =
    fieldsOk &&
    typeof v.documentCount === 'number' &&
    Array.isArray(v.averageFieldLength) &&
    Number.isSafeInteger(v.documentCount) &&
    typeof v.ids === 'string' &&
    typeof v.signatures === 'string' &&
    Array.isArray(v.categories) &&
    typeof v.docs === 'string' &&
    typeof v.terms === 'string' &&
    typeof v.postings === 'string' &&
    typeof v.spans === 'string';
  if (!ok) throw new IndexFormatError('malformed', 'Saved search index is damaged (missing or inconsistent parts).');
  return v as SerializedPaperIndex;
}
