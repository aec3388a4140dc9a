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
  ) {
    super(message);
  }
}
