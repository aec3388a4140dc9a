import { isZoomSetting, type ZoomSetting } from './zoom';

/** Where in a document the reader is. */
export interface PdfViewState {
  /** 1-based. */
  readonly page: number;
  /** How far down the page the top of the window is, 0–1. */
  readonly offset: number;
  readonly zoom: ZoomSetting;
}

/** Whether a value (from a webview, or a file) is a well-formed position. */
export function isPdfViewState(v: unknown): v is PdfViewState {
  if (typeof v !== 'object' || v === null) return false;
  const { page, offset, zoom } = v as Record<string, unknown>;
  return (
    typeof page === 'number' &&
    Number.isInteger(page) &&
    page >= 1 &&
    page <= 100_000 &&
    typeof offset === 'number' &&
    Number.isFinite(offset) &&
    offset >= 0 &&
    offset <= 1 &&
    isZoomSetting(zoom)
  );
}
