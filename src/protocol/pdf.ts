/**
 * Messages between the host and the PDF reader (a custom editor webview, one per open editor of a PDF).
 * Both sides `import type` this file.
 *
 * The webview posts `ready` (from a tiny boot script, before its main bundle has loaded); the host answers with
 * `load` (the file's bytes or a URL, the remembered position, the highlights and the settings). A message posted
 * before `ready` is lost (seen on code-server 4.139), so the host only reads the file early and sends it on `ready`.
 * The webview reports its position with `viewState` as the reader scrolls and zooms; the host keeps it so the next
 * editor of the same PDF opens where the reader left off.
 */
import type { HighlightColour, PdfHighlight, PdfRect } from '../core/pdf/highlights';
import type { PictureMeta } from '../core/pdf/lastPicture';
import type { PageColorSetting } from '../core/pdf/pageTheme';
import type { PdfViewState } from '../core/pdf/viewState';
import type { ZoomSetting } from '../core/pdf/zoom';

export type { HighlightColour, PdfHighlight, PdfRect, PageColorSetting, PdfViewState, ZoomSetting };

export interface PdfReaderSettings {
  readonly pageColors: PageColorSetting;
  /** Whether the reader keeps a picture of where it settles, to show the next time the PDF opens there. */
  readonly keepPictures: boolean;
}

/** A piece of the file: `data` holds its bytes from offset `begin`. */
export interface BytePiece {
  readonly begin: number;
  readonly data: Uint8Array;
}

/**
 * The PDF itself: all its bytes (a small file), its bytes in pieces (a larger one: the first pieces come with
 * `load`, pdf.js asks for the ranges it needs with `requestBytes`, the rest follows in the background), or a webview
 * resource URL. Pieces come from any file system VS Code can read.
 */
export type PdfSource =
  | { readonly kind: 'bytes'; readonly data: Uint8Array }
  | {
      readonly kind: 'ranges';
      /** Tells the pieces of this transfer from those of an earlier version of the file. */
      readonly transferId: number;
      readonly length: number;
      /** The start of the file first (pdf.js reads the header from it), then its end (the cross-reference table). */
      readonly pieces: readonly BytePiece[];
    }
  | { readonly kind: 'url'; readonly url: string }
  /** The extension host runs pdf.js's worker and has the file: the webview opens it through `pdfjs` messages. */
  | { readonly kind: 'host' };

/** A message of pdf.js's between its worker in the extension host and the webview (see core/pdf/messageCodec.ts). */
export interface PdfjsMessage {
  readonly type: 'pdfjs';
  readonly json: string;
  readonly bytes?: ArrayBuffer;
  /** From the host only: `bytes` are deflated (see core/pdf/messageCodec.ts). */
  readonly deflated?: true;
}

/** One highlight to create, on one page (a selection across pages gives one part per page). */
export interface NewHighlightPart {
  /** 1-based. */
  readonly page: number;
  /** Boxes as fractions (0–1) of the displayed page, origin top left. */
  readonly rects: readonly PdfRect[];
  readonly quote: string;
  readonly prefix?: string;
  readonly suffix?: string;
}

/** Host → webview. */
export type HostToPdf =
  /** The document to show, where to start, its highlights; sent again when the file changes on disk. */
  | {
      readonly type: 'load';
      /** Numbers this document among those sent to the page: a `picture` names the one it shows. */
      readonly loadId: number;
      readonly source: PdfSource;
      readonly name: string;
      readonly state?: PdfViewState;
      readonly highlights: readonly PdfHighlight[];
      /** The note file the highlights are kept in, workspace-relative, once it exists. */
      readonly notePath?: string;
      readonly settings: PdfReaderSettings;
      /** Keep the current position instead of `state` (a reload of a changed file). */
      readonly keepPosition?: boolean;
    }
  /** The settings changed. */
  | { readonly type: 'settings'; readonly settings: PdfReaderSettings }
  /** The document's highlights changed (created here, in another editor, or deleted). */
  | { readonly type: 'highlights'; readonly highlights: readonly PdfHighlight[]; readonly notePath?: string }
  /** Scroll to a page (1-based) or to a highlight and flash it. */
  | { readonly type: 'reveal'; readonly page?: number; readonly highlightId?: string }
  /** The password the user typed, or null when they cancelled. */
  | { readonly type: 'password'; readonly password: string | null }
  /** Open the find bar (the Ctrl+F keybinding when focus is outside the webview's document). */
  | { readonly type: 'find' }
  /** pdf.js needed more memory for this PDF than it may have: it was stopped, and the PDF is not shown. */
  | { readonly type: 'tooLarge' }
  /** Open the note editor beside a highlight ("Edit Note…"); the webview answers with `setHighlightNote`. */
  | { readonly type: 'editHighlightNote'; readonly id: string }
  /** Bytes of a `ranges` transfer, asked for or sent ahead. */
  | { readonly type: 'bytes'; readonly transferId: number; readonly begin: number; readonly data: Uint8Array }
  /** Before `load`, on opening: the reader's last picture of this file at the position it opens at (a WebP). */
  | { readonly type: 'lastPicture'; readonly picture: PictureMeta; readonly image: Uint8Array; readonly settings: PdfReaderSettings }
  | PdfjsMessage;

/** Webview → host. */
export type PdfToHost =
  | { readonly type: 'ready' }
  /** The document opened: its page count, for the title and the tests. */
  | { readonly type: 'loaded'; readonly pages: number }
  /** The document's own title (its metadata, else the first page's largest text), when it has one. */
  | { readonly type: 'documentTitle'; readonly title: string }
  /** The document could not be opened; the view shows the reason too. */
  | { readonly type: 'failed'; readonly reason: 'invalid' | 'password' | 'unknown'; readonly message: string }
  /** The reader's position, sent when it settles after scrolling or zooming. */
  | { readonly type: 'viewState'; readonly state: PdfViewState }
  /** The document is encrypted: ask for its password (again, when `incorrect`). */
  | { readonly type: 'needPassword'; readonly incorrect: boolean }
  /** Create highlights from the current selection; `note`, when `withNote`, is what the user wrote beside it. */
  | {
      readonly type: 'addHighlight';
      readonly parts: readonly NewHighlightPart[];
      readonly colour: HighlightColour;
      readonly withNote: boolean;
      readonly note?: string;
    }
  /** The note of a highlight, written in the note editor beside it. */
  | { readonly type: 'setHighlightNote'; readonly id: string; readonly note: string }
  /** A highlight was clicked: the host offers what to do with it. */
  | { readonly type: 'highlightClicked'; readonly id: string }
  /** A web link in the PDF or its outline was clicked. */
  | { readonly type: 'openLink'; readonly url: string }
  /** The toolbar's Export Highlights button. */
  | { readonly type: 'exportHighlights' }
  /** Bytes [begin, end) of a `ranges` transfer are needed (the host may send more). */
  | { readonly type: 'requestBytes'; readonly transferId: number; readonly begin: number; readonly end: number }
  /** A picture of the window, taken when the reader settled with every page in view painted (a WebP). */
  | { readonly type: 'picture'; readonly loadId: number; readonly picture: PictureMeta; readonly image: ArrayBuffer }
  | PdfjsMessage;
