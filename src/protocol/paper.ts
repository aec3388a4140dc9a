/**
 * Messages between the host and a paper view (one webview panel per paper). Both sides `import type` this file.
 * The webview posts `ready`; the host answers with `paper` and sends it again whenever the paper's library entry
 * or related papers change.
 */
import type { CitationsState } from '../core/citations/citationsState';
import type { Paper } from '../core/paper';
import type { NoteChange, PaperNotes } from './notes';
import type { LibraryStatus } from './sidebar';
import type { CodeLinkTarget, WorkspaceLinks } from './workspaceLinks';

export type { NoteChange, NoteView, PaperNotes } from './notes';
export type { CitationPart, CitationsState } from '../core/citations/citationsState';
export type { CitationRow, CitationSection, CitationTarget } from '../core/citations/citationRows';
export type { HfLinkedRepo, HfLinkedRepos } from '../core/citations/hfLinkedRepos';
export type { CodeLinkState, CodeLinkTarget, CodeLinkView, MentionView, WorkspaceLinks } from './workspaceLinks';

export interface LibraryEntry {
  readonly status?: LibraryStatus;
  readonly tags: readonly string[];
  /** Workspace-relative path of the paper's note file, when it exists. */
  readonly notePath?: string;
}

export interface RelatedPaper {
  readonly id: string;
  readonly title: string;
  readonly authors: string;
  readonly date?: string;
}

/** The state a paper view shows: the paper itself, its library entry, related papers. */
export interface PaperViewState {
  readonly paper: Paper;
  readonly library: LibraryEntry;
  readonly related: readonly RelatedPaper[];
  /** Whether the workspace is trusted and has a folder, so writing notes is possible. */
  readonly canWrite: boolean;
  /** Why writing is not possible, for the user. */
  readonly cannotWriteReason?: string;
  /** A newer arXiv version than the one the note says was read (or the workspace cites): the title's badge. */
  readonly newerVersion?: NewerVersionView;
  /** The paper's notes, read from its note file (empty when it has none). */
  readonly notes?: PaperNotes;
  /** "In this workspace": linked code ranges and files mentioning the paper (updated by `workspaceLinks`). */
  readonly workspaceLinks?: WorkspaceLinks;
}

/** A newer version of the paper than the one read or cited, as the paper view's badge shows it. */
export interface NewerVersionView {
  /** "v1 → v3" */
  readonly badge: string;
  /** "v3 is out (2024-05-31); you read v1" */
  readonly line: string;
  /** What changed: dates and arXiv's comment on the latest version (plain text, from arXiv). */
  readonly changed: string;
  readonly latest: number;
}

/** A paper view for an id that could not be opened: what went wrong, where to look instead, and Retry. */
export interface MissingPaperState {
  /** The arXiv id as asked for. */
  readonly id: string;
  /** `not-found`: arXiv has no such paper; `unreachable`: arXiv could not be asked (offline?). */
  readonly reason: 'not-found' | 'unreachable';
  /** What went wrong, in a sentence for the user. */
  readonly message: string;
  /** The paper's arXiv page and PDF (https://arxiv.org/abs/ID, /pdf/ID). */
  readonly absUrl: string;
  readonly pdfUrl: string;
  /** Whether a Retry is under way. */
  readonly retrying: boolean;
}

export type RepoTarget = 'browser' | 'github.dev' | 'vscode.dev';

/** Host → webview. */
export type HostToPaper =
  | { readonly type: 'paper'; readonly state: PaperViewState }
  /** The paper could not be found or arXiv not reached: shown instead of a paper, with Retry (`retry`). */
  | { readonly type: 'missing'; readonly state: MissingPaperState }
  /** A short confirmation or error to show in the view (BibTeX copied, clone failed). */
  | { readonly type: 'toast'; readonly kind: 'info' | 'error'; readonly text: string }
  /** The outcome of an `editNote`: `ok` once written (or merged); otherwise the view keeps the draft. */
  | { readonly type: 'noteEdited'; readonly requestId: number; readonly ok: boolean; readonly id?: string; readonly message?: string }
  /** Scroll to a note and show it (a command link named a passage). */
  | { readonly type: 'revealNote'; readonly noteId: string }
  /** "In this workspace" changed (the search found files, linked code was edited): replaces that section only. */
  | { readonly type: 'workspaceLinks'; readonly links: WorkspaceLinks }
  /** "Add Note" from the keyboard (a command): a note on the selected passage, or a general note without one. */
  | { readonly type: 'addNote' }
  /**
   * References, citing papers and Hugging Face links, fetched once the paper is opened; sent again as parts load.
   * Absent `state`: the section is off (setting) or the paper has no arXiv id.
   */
  | { readonly type: 'citations'; readonly state?: CitationsState };

/** Webview → host. */
export type PaperToHost =
  | { readonly type: 'ready' }
  /** Look the missing paper up again (a view in the `missing` state). */
  | { readonly type: 'retry' }
  /** Open an external link of the paper (arXiv, PDF, HF page, project page, DOI). */
  | { readonly type: 'openLink'; readonly url: string }
  | { readonly type: 'openRepo'; readonly url: string; readonly target: RepoTarget }
  | { readonly type: 'cloneRepo'; readonly url: string }
  | { readonly type: 'copyBibtex' }
  | { readonly type: 'openPdf' }
  | { readonly type: 'setStatus'; readonly status: LibraryStatus | null }
  | { readonly type: 'setTags'; readonly tags: readonly string[] }
  | { readonly type: 'openNote' }
  /** Move the workspace's citations, the note's version and the highlights to the latest version. */
  | { readonly type: 'moveToLatestVersion' }
  /** Open a paper (a related paper, or a link in a note), optionally at one of its notes (`passage`, a note id). */
  | { readonly type: 'openPaper'; readonly id: string; readonly passage?: string }
  /** Add, change or remove a note; `baseVersion` is the note file version the change was made against. */
  | { readonly type: 'editNote'; readonly requestId: number; readonly baseVersion: string; readonly change: NoteChange }
  /** The user wants to write notes in a Restricted Mode workspace: offer to trust it. */
  | { readonly type: 'requestTrust' }
  /** Open a linked code range (found again in the current code) or a file that mentions the paper. */
  | { readonly type: 'openCodeLink'; readonly target: CodeLinkTarget }
  /** Open the PDF at one of the paper's highlights (a `pdf` note). */
  | { readonly type: 'openPdfHighlight'; readonly noteId: string }
  /** Fetch references, citing papers and Hugging Face links again (the Retry of that section). */
  | { readonly type: 'retryCitations' };
