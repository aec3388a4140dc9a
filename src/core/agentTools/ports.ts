/**
 * What the agent tools need from where they run: the extension (src/host/agentTools) or the command line's MCP server
 * (src/cli/mcpServer.ts). Small on purpose: each side adapts the services it already has.
 */
import type { NoteDocument } from '../notes/noteFile';
import type { Paper } from '../paper';

/** Papers Marginalia has at hand. Neither method may reach the network. */
export interface AgentPaperSource {
  /** Papers matching a query, best first, from what is loaded already; `searched` names it for the model. */
  search(query: string, limit: number): Promise<{ readonly papers: readonly Paper[]; readonly searched: string }>;
  /** A paper by id from what is loaded or kept (feeds, recent papers, earlier look-ups), or undefined. */
  find(id: string): Promise<Paper | undefined>;
}

/** One paper's note file. */
export interface AgentNoteFile {
  readonly paperId: string;
  /** Workspace-relative path, for the model and the user. */
  readonly path: string;
  readonly doc: NoteDocument;
}

/** The notes folder. */
export interface AgentNotesStore {
  list(): Promise<readonly AgentNoteFile[]>;
  get(paperId: string): Promise<AgentNoteFile | undefined>;
  /** Whether notes may be written here (trust, a folder), and why not. */
  writable(): { readonly ok: true } | { readonly ok: false; readonly reason: string };
  /** Where a paper's note is or will be (workspace-relative), for the confirmation. */
  target(paper: Paper): Promise<string>;
  /**
   * Applies `change` to the paper's note file (a new file when it has none) and writes it, only inside the notes
   * folder; resolves with the file as written.
   */
  edit(paper: Paper, change: (doc: NoteDocument) => NoteDocument): Promise<AgentNoteFile>;
}

/** A file of the workspace citing a paper by arXiv id. */
export interface AgentCitation {
  readonly arxivId: string;
  /** Workspace-relative path (with the folder's name in front in a multi-root workspace). */
  readonly path: string;
  /** 1-based line of the first mention in the file. */
  readonly line: number;
  /** Mentions in the file. */
  readonly count: number;
  /** The line's text, trimmed. */
  readonly text: string;
}

/** The workspace's code: read only. */
export interface AgentWorkspace {
  /** Every file citing an arXiv id; `limited` says when not every file was searched. */
  citations(): Promise<{ readonly citations: readonly AgentCitation[]; readonly limited?: string }>;
  /**
   * A workspace file's current text (an open editor's, unsaved changes included), by a relative path and, in a
   * multi-root workspace, its folder's name; undefined when it is not in the workspace or cannot be read.
   */
  readText(path: string, root?: string): Promise<string | undefined>;
}

export interface AgentToolDeps {
  readonly papers: AgentPaperSource;
  readonly notes: AgentNotesStore;
  readonly workspace: AgentWorkspace;
  /** The current time, for a note's `created`. */
  readonly now?: () => Date;
}
