/**
 * What the paper view's "References", "Cited by" and "On Hugging Face" show, part by part: each loads on its own
 * (Semantic Scholar and Hugging Face answer separately), so one can be ready while another is loading or failed.
 * Pure: the host loads, this turns outcomes into states the webview renders as text.
 */
import { parseArxivId } from '../arxivId';
import type { LoadedCitations } from './citationClient';
import { type CitationSection, type KnownPapers, citationSection } from './citationRows';
import type { HfLinkedRepos } from './hfLinkedRepos';
import type { LoadedHfLinks } from './hfPaperClient';
import { CitationError } from './semanticScholar';

export type CitationPart<T> =
  | { readonly status: 'loading' }
  | {
      readonly status: 'ready';
      readonly data: T;
      /** When it was fetched (ms since epoch). */
      readonly fetchedAt: number;
      /** An older copy, shown because fetching failed: what failed, for the user. */
      readonly stale?: string;
    }
  /** `offline`: the service could not be reached; `not-found`: it does not know the paper. */
  | { readonly status: 'failed'; readonly reason: 'offline' | 'not-found' | 'error'; readonly message: string };

export interface CitationsState {
  /** What the paper cites. */
  readonly references: CitationPart<CitationSection>;
  /** What cites it. */
  readonly citations: CitationPart<CitationSection>;
  /** Models, datasets and Spaces its Hugging Face page links. */
  readonly hf: CitationPart<HfLinkedRepos>;
}

export const loadingCitations: CitationsState = { references: { status: 'loading' }, citations: { status: 'loading' }, hf: { status: 'loading' } };

/** A failure as a part: the message is the error's own sentence. */
export function failedPart(error: unknown): CitationPart<never> {
  const failure = error instanceof CitationError ? error : new CitationError('service-error', error instanceof Error ? error.message : String(error));
  const reason = failure.kind === 'offline' ? 'offline' : failure.kind === 'not-found' ? 'not-found' : 'error';
  return { status: 'failed', reason, message: failure.message };
}

/** One direction's loaded page, marked against what the user has. */
export function citationPart(loaded: LoadedCitations, known: KnownPapers): CitationPart<CitationSection> {
  return {
    status: 'ready',
    data: citationSection(loaded.page, known),
    fetchedAt: loaded.fetchedAt,
    ...(loaded.staleBecause && { stale: loaded.staleBecause.message }),
  };
}

export function hfPart(loaded: LoadedHfLinks): CitationPart<HfLinkedRepos> {
  return { status: 'ready', data: loaded.links, fetchedAt: loaded.fetchedAt, ...(loaded.staleBecause && { stale: loaded.staleBecause.message }) };
}

/** A settled promise as a part. */
export async function settlePart<T, R>(task: Promise<T>, toPart: (value: T) => CitationPart<R>): Promise<CitationPart<R>> {
  try {
    return toPart(await task);
  } catch (error) {
    return failedPart(error);
  }
}

/**
 * The canonical arXiv ids (no version) among ids and URLs: a note's front matter `id` or `url`, an id found in code.
 * Anything that is not an arXiv id is left out.
 */
export function arxivIdsOf(values: Iterable<string | undefined>): Set<string> {
  const ids = new Set<string>();
  for (const value of values) {
    const parsed = value ? parseArxivId(value) : undefined;
    if (parsed) ids.add(parsed.id);
  }
  return ids;
}
