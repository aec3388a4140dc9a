/**
 * Page colours of the reader. The page is rendered as printed, then everything except its raster images is passed
 * through one colour matrix (an SVG `feColorMatrix`), and the images are put back untouched: figures and photos keep
 * their colours while paper and ink take the theme's.
 *
 * - `dark`: lightness is inverted with hue kept (an inversion followed by a 180° hue rotation), then scaled into the
 *   theme's range, so white paper becomes the editor background, black ink the editor foreground, and a red
 *   curve in a vector plot stays red.
 * - `sepia`: no inversion; white becomes the sepia paper, black a dark brown.
 *
 * (pdf.js's own `pageColors` option was tried first: in 5.x it maps the whole canvas, images included, to a
 * grey ramp between the two colours, which flattens figures.)
 */

export type PageColorSetting = 'auto' | 'original' | 'dark' | 'sepia';

/** What the webview's body classes say about the VS Code theme. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export type Rgb = readonly [number, number, number];

/** What to do with a page: nothing, or a mapping between two colours. */
export type PageColors = { readonly kind: 'original' } | { readonly kind: 'dark' | 'sepia'; readonly background: Rgb; readonly foreground: Rgb };

export const SEPIA_BACKGROUND: Rgb = [0xf4, 0xec, 0xd8];
export const SEPIA_FOREGROUND: Rgb = [0x5b, 0x46, 0x36];
const DEFAULT_DARK_BACKGROUND: Rgb = [0x1e, 0x1e, 0x1e];
const DEFAULT_DARK_FOREGROUND: Rgb = [0xd4, 0xd4, 0xd4];

/** Reads `#rgb`, `#rrggbb`, `#rrggbbaa` and `rgb()/rgba()` as computed styles give them. */
export function parseCssColor(value: string | undefined): Rgb | undefined {
  const text = value?.trim().toLowerCase();
  if (!text) return undefined;
  let m = /^#([0-9a-f]{3})$/.exec(text);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1]![i]! + m![1]![i]!, 16)) as unknown as Rgb;
  m = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(text);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1]!.slice(i, i + 2), 16)) as unknown as Rgb;
  m = /^rgba?\(\s*(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)/.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])].map((n) => Math.min(255, Math.max(0, Math.round(n)))) as unknown as Rgb;
  return undefined;
}

/** Relative luminance (WCAG), 0 for black to 1 for white. */
export function luminance(rgb: Rgb): number {
  const lin = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/**
 * The page colours for a setting and theme. With `auto`, light themes keep the page as printed, dark and
 * high-contrast dark themes take the editor's background and foreground (pure black and white in high contrast).
 */
export function choosePageColors(setting: PageColorSetting, theme: ThemeKind, editor: { background?: Rgb; foreground?: Rgb }): PageColors {
  if (setting === 'original') return { kind: 'original' };
  if (setting === 'sepia') return { kind: 'sepia', background: SEPIA_BACKGROUND, foreground: SEPIA_FOREGROUND };
  const dark = setting === 'dark' || theme === 'dark' || theme === 'high-contrast';
  if (!dark) return { kind: 'original' };
  if (theme === 'high-contrast') return { kind: 'dark', background: [0, 0, 0], foreground: [255, 255, 255] };
  // A forced dark mode under a light theme uses neutral dark colours; a dark theme's own colours otherwise.
  const usable = theme === 'dark' && editor.background && editor.foreground && luminance(editor.background) < luminance(editor.foreground);
  return {
    kind: 'dark',
    background: usable ? editor.background! : DEFAULT_DARK_BACKGROUND,
    foreground: usable ? editor.foreground! : DEFAULT_DARK_FOREGROUND,
  };
}

/** CSS `hue-rotate(180deg)` as a matrix (Filter Effects spec), rows R, G, B. */
const HUE_180 = [
  [-0.574, 1.43, 0.144],
  [0.426, 0.43, 0.144],
  [0.426, 1.43, -0.856],
] as const;

/** The 4×5 `feColorMatrix` values (row-major, colours in 0–1) for a page colour mapping; undefined for `original`. */
export function pageColorMatrix(colors: PageColors): number[] | undefined {
  if (colors.kind === 'original') return undefined;
  const bg = colors.background.map((c) => c / 255);
  const fg = colors.foreground.map((c) => c / 255);
  const rows: number[][] = [];
  for (let c = 0; c < 3; c++) {
    if (colors.kind === 'dark') {
      // out = bg + (fg - bg)·(1 − H·x) = fg − (fg − bg)·H·x, since each row of H sums to 1.
      const d = fg[c]! - bg[c]!;
      rows.push([-d * HUE_180[c]![0], -d * HUE_180[c]![1], -d * HUE_180[c]![2], 0, fg[c]!]);
    } else {
      // out = fg + (bg − fg)·x: white paper → bg, black ink → fg, no channel mixing.
      const d = bg[c]! - fg[c]!;
      const row = [0, 0, 0, 0, fg[c]!];
      row[c] = d;
      rows.push(row);
    }
  }
  rows.push([0, 0, 0, 1, 0]);
  return rows.flat().map((v) => Math.round(v * 10000) / 10000);
}

/** Applies a matrix to one colour (0–255), as the filter would: for tests and for the page placeholder colour. */
export function applyColorMatrix(matrix: readonly number[], rgb: Rgb): Rgb {
  const x = rgb.map((c) => c / 255);
  const out = [0, 1, 2].map((r) => {
    const v = matrix[r * 5]! * x[0]! + matrix[r * 5 + 1]! * x[1]! + matrix[r * 5 + 2]! * x[2]! + matrix[r * 5 + 4]!;
    return Math.min(255, Math.max(0, Math.round(v * 255)));
  });
  return out as unknown as Rgb;
}

export function rgbToCss(rgb: Rgb): string {
  return `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]})`;
}

/**
 * Raster image areas from pdf.js's `imageCoordinates` (per image three corners of a parallelogram, as fractions
 * of the canvas: p0, p1, p2 with p3 = p1 + p2 − p0) as whole-pixel boxes on a canvas of the given size. Images
 * smaller than `minArea` pixels (rules, bullets) are skipped; they read better recoloured.
 */
export function imageBoxes(
  coords: ArrayLike<number> | null | undefined,
  width: number,
  height: number,
  minArea = 400,
): { x: number; y: number; w: number; h: number }[] {
  const boxes: { x: number; y: number; w: number; h: number }[] = [];
  if (!coords) return boxes;
  for (let i = 0; i + 5 < coords.length; i += 6) {
    const xs = [coords[i]!, coords[i + 2]!, coords[i + 4]!, coords[i + 2]! + coords[i + 4]! - coords[i]!].map((v) => v * width);
    const ys = [coords[i + 1]!, coords[i + 3]!, coords[i + 5]!, coords[i + 3]! + coords[i + 5]! - coords[i + 1]!].map((v) => v * height);
    // The fractions carry float noise (0.6 × 1000 = 600.0000000000001): round to the pixel it was meant to be.
    const x0 = Math.max(0, Math.floor(Math.min(...xs) + 1e-6));
    const y0 = Math.max(0, Math.floor(Math.min(...ys) + 1e-6));
    const x1 = Math.min(width, Math.ceil(Math.max(...xs) - 1e-6));
    const y1 = Math.min(height, Math.ceil(Math.max(...ys) - 1e-6));
    if (x1 - x0 > 0 && y1 - y0 > 0 && (x1 - x0) * (y1 - y0) >= minArea) boxes.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
  }
  return boxes;
}
