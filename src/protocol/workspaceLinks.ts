/**
 * "In this workspace" of the paper view: the code ranges linked to the paper in its note, found again in the
 * current code, and the files that mention the paper's arXiv id. Part of the paper view's protocol (paper.ts).
 */
import type { LineRange } from '../core/notes/noteModel';

/**
 * How a linked range was found in the current code: `same` text at the recorded lines, `moved` (same text, other
 * lines), `changed` (similar text), `lost` (flagged, kept in the note), `missing` (the file is not there).
 */
export type CodeLinkState = 'same' | 'moved' | 'changed' | 'lost' | 'missing';

/** A code range linked to the paper ("Link Selection to Paper"), as found now. */
export interface CodeLinkView {
  /** The note that holds the link. */
  readonly noteId: string;
  /** Path relative to its workspace folder (POSIX). */
  readonly path: string;
  /** The workspace folder's name in a multi-root workspace. */
  readonly root?: string;
  /** The lines the link was made on. */
  readonly recorded: LineRange;
  /** Where the code is now; absent when lost or missing. */
  readonly current?: LineRange;
  readonly state: CodeLinkState;
  /** The first non-blank line of the linked snippet, for a one-line preview. */
  readonly preview: string;
  /** The note's own text, first line, if it has some. */
  readonly comment?: string;
}

/** A file that mentions the paper's arXiv id. */
export interface MentionView {
  readonly path: string;
  readonly root?: string;
  /** 1-based line of the first mention. */
  readonly line: number;
  /** Mentions in the file. */
  readonly count: number;
  /** The line of the first mention, trimmed and shortened. */
  readonly text: string;
}

export interface WorkspaceLinks {
  readonly codeLinks: readonly CodeLinkView[];
  readonly mentions: readonly MentionView[];
  /** True while the workspace is still being searched for mentions (the list may grow). */
  readonly searching: boolean;
  /** Why the search did not cover everything (too many files), for a hint. */
  readonly limited?: string;
}

/** What `openCodeLink` asks for: a linked range by its note, or a mention by file and line. */
export type CodeLinkTarget =
  { readonly kind: 'note'; readonly noteId: string } | { readonly kind: 'mention'; readonly path: string; readonly root?: string; readonly line: number };
