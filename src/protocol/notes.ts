/**
 * The notes part of the paper view's protocol: what the host sends about a paper's note file, and the changes the
 * view asks for. `paper.ts` carries these in `PaperViewState.notes` and the `editNote` / `noteEdited` messages.
 */
import type { NoteKind, TextQuoteSelector } from '../core/notes/noteModel';
import type { HighlightColour } from '../core/pdf/highlights';

/** A note as the paper view shows it. */
export interface NoteView {
  readonly id: string;
  readonly kind: NoteKind;
  readonly heading: string;
  /** The note itself, Markdown. */
  readonly text: string;
  readonly quote?: TextQuoteSelector;
  /** Where a quote note's passage is in the abstract now (offsets into `paper.abstract`). */
  readonly anchor?: { readonly start: number; readonly end: number; readonly how: 'exact' | 'normalised' | 'approximate' };
  /** A quote note on the abstract whose passage could not be found in this version: flagged, never dropped. */
  readonly orphaned?: boolean;
  /** Where a PDF or code note points, for display (`p. 5`, `model.py:12-30`). */
  readonly where?: string;
  /** For a highlight in the PDF: its page and colour (the file's own name for a colour the reader does not know). */
  readonly pdf?: { readonly page: number; readonly colour: HighlightColour; readonly colourName?: string };
  readonly created?: string;
  readonly updated?: string;
}

export interface PaperNotes {
  /** Version of the note file the notes were read from (`''` when there is no file); edits send it back. */
  readonly version: string;
  /** Workspace-relative path of the note file, when there is one. */
  readonly path?: string;
  readonly notes: readonly NoteView[];
  /** The file's own Markdown outside notes and front matter (the title, free text written by hand). */
  readonly freeText: string;
  /** What Marginalia read around in the file (broken front matter, damaged anchors), for the user to fix. */
  readonly problems: readonly string[];
}

/** A change the paper view asks for. Quotes are on the abstract. */
export type NoteChange =
  | { readonly op: 'add'; readonly kind: 'general'; readonly text: string; readonly heading?: string }
  /** A quote without prefix and suffix is looked up in the abstract (a passage typed rather than selected). */
  | { readonly op: 'add'; readonly kind: 'quote'; readonly text: string; readonly quote: TextQuoteSelector; readonly heading?: string }
  | { readonly op: 'update'; readonly id: string; readonly text: string; readonly heading?: string }
  | { readonly op: 'remove'; readonly id: string };
