/** What went wrong with a whole feed. Messages are written for the user and say what was expected. */
export type FeedErrorKind =
  /** The bytes are not any format Marginalia reads. */
  | 'unrecognised-format'
  /** The format was recognised but the document is broken (bad JSON, bad XML, wrong shape). */
  | 'malformed'
  /** The service answered with an error of its own (arXiv error feed). */
  | 'service-error';

export class FeedError extends Error {
  override readonly name = 'FeedError';
  constructor(
    readonly kind: FeedErrorKind,
    message: string,
    /** For `unrecognised-format`: what the input is instead, in a few words ("a BibTeX file"). */
    readonly got?: string,
  ) {
    super(message);
  }
}

/** The formats Marginalia reads, for messages that fit a sidebar. */
export const READABLE_FORMATS = 'Hugging Face JSON, arXiv Atom and RSS, and Daily Papers pages';

/**
 * One short sentence for a file that is not a feed, naming the file once: "Not a feed: refs.bib is a BibTeX file;
 * Marginalia reads Hugging Face JSON, arXiv Atom and Daily Papers pages."
 */
export function notAFeedMessage(fileName: string, error: FeedError): string {
  if (error.kind === 'service-error') return error.message;
  const what = error.kind === 'malformed' ? 'a broken file' : (error.got ?? 'not a format it knows');
  return `Not a feed: ${fileName} is ${what}; Marginalia reads ${READABLE_FORMATS}.`;
}
