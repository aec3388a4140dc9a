import type { ZoomSetting } from './zoom';

/** Where in a document the reader is. */
export interface PdfViewState {
  /** 1-based. */
  readonly page: number;
  /** How far down the page the top of the window is, 0–1. */
  readonly offset: number;
  readonly zoom: ZoomSetting;
}
