/**
 * Messages between the host and the Papers sidebar webview. Both sides `import type` this file only.
 * The webview starts the handshake with `ready`; the host answers with `state`.
 */

/** A paper as the sidebar list shows it: only what a row needs, so 100k rows stay cheap to send. */
export interface PaperRow {
  readonly id: string;
  readonly title: string;
  readonly authors: string;
  readonly date?: string;
  readonly hasCode: boolean;
  readonly upvotes?: number;
}

/** Host → webview. */
export type HostToSidebar =
  /** Everything the view shows; replayed whenever the view becomes visible again. */
  | { readonly type: 'state'; readonly sourceLabel: string; readonly rows: readonly PaperRow[]; readonly total: number; readonly query: string }
  /** The feed is loading. */
  | { readonly type: 'loading'; readonly sourceLabel: string }
  /** Loading the feed failed; the message is for the user. */
  | { readonly type: 'error'; readonly message: string };

/** Webview → host. */
export type SidebarToHost =
  /** The webview has attached its listener and wants the state. */
  | { readonly type: 'ready' }
  /** The search box changed. */
  | { readonly type: 'search'; readonly query: string }
  /** The user opened a paper. */
  | { readonly type: 'open'; readonly id: string }
  /** The user asked to load the feed again. */
  | { readonly type: 'retry' };
