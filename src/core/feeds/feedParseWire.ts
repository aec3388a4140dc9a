/**
 * Parsing a feed in another thread: what goes there (the bytes and the hint) and what comes back (the papers, or
 * the `FeedError` rebuilt with its kind and words, so the user sees the same message wherever it was parsed).
 */
import { FeedError, type FeedErrorKind } from './feedError';
import { parseFeed, type FeedHint } from './parseFeed';
import type { FeedParseResult } from '../paper';

export interface FeedParseRequest {
  readonly bytes: Uint8Array;
  readonly hint: FeedHint;
}

export type FeedParseOutcome =
  | { readonly ok: true; readonly result: FeedParseResult }
  | { readonly ok: false; readonly kind: FeedErrorKind; readonly message: string; readonly got?: string };

/** Parses in the thread that receives the request; never throws. */
export function parseFeedRequest(request: FeedParseRequest): FeedParseOutcome {
  try {
    return { ok: true, result: parseFeed(request.bytes, request.hint) };
  } catch (error) {
    // parseFeed throws FeedError only; anything else is reported as a broken feed, as parseFeed itself does.
    if (error instanceof FeedError) return { ok: false, kind: error.kind, message: error.message, ...(error.got ? { got: error.got } : {}) };
    return { ok: false, kind: 'malformed', message: `The feed could not be read (${String(error)}).` };
  }
}

/** The papers of an outcome, or its error thrown as the `FeedError` it was. */
export function feedParseResult(outcome: FeedParseOutcome): FeedParseResult {
  if (outcome.ok) return outcome.result;
  throw new FeedError(outcome.kind, outcome.message, outcome.got);
}
