/**
 * Zoom of the PDF reader. A zoom of 1 is "100 %": a PDF point (1/72 in) shown as 96/72 CSS pixels, the size the
 * page has on paper at the CSS reference resolution, as in other PDF viewers.
 */

/** A fixed zoom factor, or a mode recomputed from the window size. */
export type ZoomSetting = number | 'page-width' | 'page-fit';

/** CSS pixels per PDF point at 100 %. */
export const CSS_PER_POINT = 96 / 72;
export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;

/** The steps "zoom in" and "zoom out" move between, like other viewers' presets. */
export const ZOOM_STEPS: readonly number[] = [0.1, 0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8];

export function clampZoom(zoom: number): number {
  if (!Number.isFinite(zoom)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The available room and the page to fit in it (the page in PDF points, as displayed, i.e. after rotation). */
export interface FitInput {
  readonly containerWidth: number;
  readonly containerHeight: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** Space kept around the page on each side, in CSS pixels. */
  readonly margin: number;
}

/** The zoom factor a setting means for the current window and page. */
export function resolveZoom(setting: ZoomSetting, fit: FitInput): number {
  if (typeof setting === 'number') return clampZoom(setting);
  const width = Math.max(1, fit.containerWidth - 2 * fit.margin) / (fit.pageWidth * CSS_PER_POINT);
  if (setting === 'page-width') return clampZoom(width);
  const height = Math.max(1, fit.containerHeight - 2 * fit.margin) / (fit.pageHeight * CSS_PER_POINT);
  return clampZoom(Math.min(width, height));
}

/** The next preset above the current zoom (a little tolerance so 99.9 % does not step to 100 %). */
export function zoomIn(current: number): number {
  return ZOOM_STEPS.find((step) => step > current * 1.01) ?? MAX_ZOOM;
}

export function zoomOut(current: number): number {
  for (let i = ZOOM_STEPS.length - 1; i >= 0; i--) if (ZOOM_STEPS[i]! < current / 1.01) return ZOOM_STEPS[i]!;
  return MIN_ZOOM;
}

/** `1.5` → `150%`. */
export function formatZoom(zoom: number): string {
  return `${Math.round(zoom * 100)}%`;
}

/** What a user typed in the zoom box: `150`, `150%`, `1.5x`, `fit width`, `page`. Undefined when unreadable. */
export function parseZoom(input: string): ZoomSetting | undefined {
  const text = input.trim().toLowerCase();
  if (/^(fit )?(page )?width$|^page-width$/.test(text)) return 'page-width';
  if (/^(fit )?(whole )?page$|^page-fit$|^fit$/.test(text)) return 'page-fit';
  const percent = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
  if (percent) return clampZoom(Number(percent[1]) / 100);
  const factor = /^(\d+(?:\.\d+)?)\s*x$/.exec(text);
  if (factor) return clampZoom(Number(factor[1]));
  return undefined;
}

/** Zoom settings that crossed a process boundary: anything but a sane number or a known mode is refused. */
export function isZoomSetting(value: unknown): value is ZoomSetting {
  return value === 'page-width' || value === 'page-fit' || (typeof value === 'number' && Number.isFinite(value) && value >= MIN_ZOOM && value <= MAX_ZOOM);
}
