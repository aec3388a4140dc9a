/**
 * Page colours in the webview: which mapping the theme asks for, the SVG filter that performs it, and its
 * application to a rendered page with the raster images put back as they were (see src/core/pdf/pageTheme.ts).
 */
import {
  applyColorMatrix,
  choosePageColors,
  imageBoxes,
  pageColorMatrix,
  parseCssColor,
  rgbToCss,
  type PageColorSetting,
  type PageColors,
  type ThemeKind,
} from '../../src/core/pdf/pageTheme';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FILTER_ID = 'marginalia-page-colors';

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  if (body.classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (body.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (body.classList.contains('vscode-dark')) return 'dark';
  return 'light';
}

export function currentPageColors(setting: PageColorSetting): PageColors {
  const style = getComputedStyle(document.documentElement);
  return choosePageColors(setting, themeKind(), {
    background: parseCssColor(style.getPropertyValue('--vscode-editor-background')),
    foreground: parseCssColor(style.getPropertyValue('--vscode-editor-foreground')),
  });
}

/** A string that changes whenever the mapping does, to know when rendered pages are stale. */
export function colorsKey(colors: PageColors): string {
  return colors.kind === 'original' ? 'original' : `${colors.kind}:${colors.background.join(',')}:${colors.foreground.join(',')}`;
}

/** The colour an unrendered page shows: white paper as it will look once mapped. */
export function paperColor(colors: PageColors): string {
  const matrix = pageColorMatrix(colors);
  return matrix ? rgbToCss(applyColorMatrix(matrix, [255, 255, 255])) : '#ffffff';
}

let filterElement: SVGFEColorMatrixElement | undefined;

/** Puts (or updates) the one filter in the document; returns its CSS reference, or undefined for `original`. */
function ensureFilter(colors: PageColors): string | undefined {
  const matrix = pageColorMatrix(colors);
  if (!matrix) return undefined;
  if (!filterElement) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'filter-defs');
    svg.setAttribute('aria-hidden', 'true');
    const filter = document.createElementNS(SVG_NS, 'filter');
    filter.setAttribute('id', FILTER_ID);
    // sRGB: the matrix is worked out on the colours as stored, not on linear light.
    filter.setAttribute('color-interpolation-filters', 'sRGB');
    filterElement = document.createElementNS(SVG_NS, 'feColorMatrix');
    filterElement.setAttribute('type', 'matrix');
    filter.append(filterElement);
    svg.append(filter);
    document.body.append(svg);
  }
  filterElement.setAttribute('values', matrix.join(' '));
  return `url(#${FILTER_ID})`;
}

/**
 * Maps a rendered page's colours in place. `imageCoordinates` is pdf.js's record of where raster images were drawn
 * (render with `recordImages: true`); those areas are copied back from the original rendering.
 */
export function applyPageColors(canvas: HTMLCanvasElement, colors: PageColors, imageCoordinates: ArrayLike<number> | null | undefined): void {
  const filter = ensureFilter(colors);
  if (!filter) return;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const boxes = imageBoxes(imageCoordinates, canvas.width, canvas.height);
  let original: HTMLCanvasElement | undefined;
  if (boxes.length > 0) {
    original = document.createElement('canvas');
    original.width = canvas.width;
    original.height = canvas.height;
    original.getContext('2d')?.drawImage(canvas, 0, 0);
  }
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  // The page is opaque, so drawing the filtered page over itself replaces every pixel.
  ctx.filter = filter;
  ctx.drawImage(original ?? canvas, 0, 0);
  ctx.filter = 'none';
  if (original) {
    for (const b of boxes) ctx.drawImage(original, b.x, b.y, b.w, b.h, b.x, b.y, b.w, b.h);
    // Free the copy now rather than when the garbage collector gets to it.
    original.width = original.height = 0;
  }
  ctx.restore();
}
