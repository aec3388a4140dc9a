/**
 * arXiv references in source files, line by line: what the editor's hovers and links and the workspace search
 * need. A cheap test skips the vast majority of lines before the full pattern of `findArxivReferences` runs, and
 * very long lines (minified code, data) are not scanned at all.
 */
import { findArxivReferences, type ArxivReference } from '../arxivId';

/** A reference with the (0-based) line it is on; `start`/`end` are columns in that line. */
export interface LineReference extends ArxivReference {
  readonly line: number;
}

export interface ScanOptions {
  /** Lines longer than this are skipped. Default 4000. */
  readonly maxLineLength?: number;
  /** Stop after this many references. Default 5000. */
  readonly maxReferences?: number;
}

/** Every reference holds `YYMM.NNNN` (new style) or `/NNNNNNN` (old style); a line without either has none. */
const QUICK = /\d{4}\.\d{4}|\/\d{7}/;

/** Whether a line may hold a reference (false means it certainly does not). */
export function mayHoldReference(line: string): boolean {
  return QUICK.test(line);
}

/** References in one line of text. */
export function referencesInLine(line: string, maxLineLength = 4000): ArxivReference[] {
  if (line.length > maxLineLength || !QUICK.test(line)) return [];
  return findArxivReferences(line);
}

/** The reference under a (0-based) column of a line, if any; the column just after its end counts too. */
export function referenceAt(line: string, column: number, maxLineLength = 4000): ArxivReference | undefined {
  return referencesInLine(line, maxLineLength).find((r) => column >= r.start && column <= r.end);
}

/** Every reference in a text, with line and columns. Lines split on `\n` (a `\r` before it is never matched). */
export function referencesByLine(text: string, options: ScanOptions = {}): LineReference[] {
  const maxLineLength = options.maxLineLength ?? 4000;
  const maxReferences = options.maxReferences ?? 5000;
  const found: LineReference[] = [];
  let line = 0;
  let from = 0;
  while (from <= text.length && found.length < maxReferences) {
    const newline = text.indexOf('\n', from);
    const to = newline === -1 ? text.length : newline;
    if (to - from <= maxLineLength) {
      const content = text.slice(from, to);
      if (QUICK.test(content)) {
        for (const ref of findArxivReferences(content)) {
          found.push({ ...ref, line });
          if (found.length >= maxReferences) break;
        }
      }
    }
    if (newline === -1) break;
    from = newline + 1;
    line++;
  }
  return found;
}
