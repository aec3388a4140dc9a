/**
 * The title of a PDF, for the note of a paper Marginalia cannot look up (offline): the document's own Title when it
 * looks like one, else the largest text near the top of the first page (how a reader finds a paper's title).
 */

/** A run of text on the first page: its string, its font size and its distance from the top (PDF units). */
export interface TextRun {
  readonly text: string;
  readonly size: number;
  readonly fromTop: number;
}

/** Titles that tools put in a PDF's metadata and that say nothing about the paper. */
const placeholder = /^(untitled|title|document\d*|paper|arxiv|microsoft word\b.*|.*\.(docx?|pdf|tex|dvi|ps|rtf))$/i;

export function usableMetadataTitle(title: string | undefined): string | undefined {
  const clean = title?.replace(/\s+/g, ' ').trim();
  if (!clean || clean.length < 4 || clean.length > 300 || placeholder.test(clean) || !/[A-Za-z]{3}/.test(clean)) return undefined;
  return clean;
}

/** The largest text in the top half of the first page, its runs joined in reading order. */
export function titleFromFirstPage(runs: readonly TextRun[], pageHeight: number): string | undefined {
  const candidates = runs.filter((r) => r.text.trim() && r.fromTop <= pageHeight / 2 && r.size > 0);
  if (candidates.length === 0) return undefined;
  const largest = Math.max(...candidates.map((r) => r.size));
  const title = candidates
    .filter((r) => r.size >= largest * 0.95)
    .sort((a, b) => a.fromTop - b.fromTop)
    .map((r) => r.text.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return usableMetadataTitle(title);
}

export function documentTitle(metadataTitle: string | undefined, runs: readonly TextRun[], pageHeight: number): string | undefined {
  return usableMetadataTitle(metadataTitle) ?? titleFromFirstPage(runs, pageHeight);
}
