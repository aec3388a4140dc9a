/**
 * One entry point for bibliography files: BibTeX/BibLaTeX, CSL-JSON and Better BibTeX JSON, recognised by content.
 * Throws FeedError (the same error type as feeds, so callers show one kind of message) when the input is neither.
 */
import { FeedError } from '../feeds/feedError';
import { describeText } from '../feeds/textKind';
import type { FeedParseResult, Paper, SkippedEntry } from '../paper';
import type { LibraryParseOptions, LibraryParseResult } from './libraryEntry';
import { parseBibtexLibrary } from './bibtexLibrary';
import { parseLibraryJson } from './cslJson';

/** Whether `text` is a bibliography this module reads (cheap: looks at the start only). */
export function looksLikeLibrary(text: string): boolean {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (describeText(body.slice(0, 65_536)) === 'a BibTeX file') return true;
  return /^\[\s*\{[\s\S]{0,2000}"type"\s*:/.test(body) || /^\{\s*"config"\s*:/.test(body);
}

export async function parseLibrary(text: string, options: LibraryParseOptions = {}): Promise<LibraryParseResult> {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('[') || body.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw new FeedError('malformed', `The library looks like JSON but is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`);
    }
    const result = parseLibraryJson(value);
    if (!result)
      throw new FeedError(
        'unrecognised-format',
        'Expected a CSL-JSON library (an array of items with a "type") or a Better BibTeX JSON export.',
        'JSON that is not a library',
      );
    return result;
  }
  if (describeText(body.slice(0, 65_536)) !== 'a BibTeX file') {
    throw new FeedError(
      'unrecognised-format',
      'Expected a BibTeX or BibLaTeX file (entries such as @article{key, …}) or a CSL-JSON library.',
      'not a bibliography',
    );
  }
  return parseBibtexLibrary(body, options);
}

/** A library as a feed for the Papers view: one paper per entry, the first of entries that are the same paper. */
export function libraryToFeed(result: LibraryParseResult): FeedParseResult {
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [...result.skipped];
  const seen = new Map<string, string>();
  result.entries.forEach((entry, index) => {
    const first = seen.get(entry.paper.id);
    if (first !== undefined) {
      skipped.push({ index, reason: `${entry.key ?? entry.paper.id}: the same paper as ${first}` });
      return;
    }
    seen.set(entry.paper.id, entry.key ?? entry.paper.id);
    papers.push(entry.paper);
  });
  return { format: 'library', papers, skipped };
}
