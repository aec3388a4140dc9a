/**
 * Coordinates on a PDF page. Highlights are stored in PDF user space (points, origin at the bottom left of the
 * page's view box, y up) so they do not depend on zoom, screen or rotation; the reader shows them in "viewport"
 * space (CSS pixels at a scale, origin top left, y down, page rotation applied). This is the same mapping pdf.js's
 * `PageViewport` makes; the unit tests check the two agree.
 */

/** `[x0, y0, x1, y1]`: a page's view box (pdf.js `page.view`). */
export type ViewBox = readonly [number, number, number, number];

export interface PageGeometry {
  readonly view: ViewBox;
  /** The page's own rotation (`/Rotate`), a multiple of 90. */
  readonly rotation: number;
}

/** A rectangle in PDF user space: `[x1, y1, x2, y2]` with x1 ≤ x2 and y1 ≤ y2. */
export type UserRect = readonly [number, number, number, number];

/** A rectangle in viewport space (top-left origin). */
export interface BoxRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

function normRotation(rotation: number): 0 | 90 | 180 | 270 {
  const r = (((Math.round(rotation / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}

/** The page's displayed size in points (width and height swap at 90 and 270 degrees). */
export function displaySize(geometry: PageGeometry): { width: number; height: number } {
  const [x0, y0, x1, y1] = geometry.view;
  const w = Math.abs(x1 - x0);
  const h = Math.abs(y1 - y0);
  const r = normRotation(geometry.rotation);
  return r === 90 || r === 270 ? { width: h, height: w } : { width: w, height: h };
}

/** A point from user space to viewport space at `scale`. */
export function userToViewport(geometry: PageGeometry, scale: number, x: number, y: number): [number, number] {
  const [x0, y0, x1, y1] = geometry.view;
  switch (normRotation(geometry.rotation)) {
    case 0:
      return [(x - x0) * scale, (y1 - y) * scale];
    case 90:
      return [(y - y0) * scale, (x - x0) * scale];
    case 180:
      return [(x1 - x) * scale, (y - y0) * scale];
    case 270:
      return [(y1 - y) * scale, (x1 - x) * scale];
  }
}

/** The inverse of `userToViewport`. */
export function viewportToUser(geometry: PageGeometry, scale: number, vx: number, vy: number): [number, number] {
  const [x0, y0, x1, y1] = geometry.view;
  const u = vx / scale;
  const v = vy / scale;
  switch (normRotation(geometry.rotation)) {
    case 0:
      return [x0 + u, y1 - v];
    case 90:
      return [x0 + v, y0 + u];
    case 180:
      return [x1 - u, y0 + v];
    case 270:
      return [x1 - v, y1 - u];
  }
}

export function userRectToViewport(geometry: PageGeometry, scale: number, rect: UserRect): BoxRect {
  const [ax, ay] = userToViewport(geometry, scale, rect[0], rect[1]);
  const [bx, by] = userToViewport(geometry, scale, rect[2], rect[3]);
  return { left: Math.min(ax, bx), top: Math.min(ay, by), width: Math.abs(bx - ax), height: Math.abs(by - ay) };
}

export function viewportRectToUser(geometry: PageGeometry, scale: number, box: BoxRect): UserRect {
  const [ax, ay] = viewportToUser(geometry, scale, box.left, box.top);
  const [bx, by] = viewportToUser(geometry, scale, box.left + box.width, box.top + box.height);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/** A user-space rectangle as percentages of the displayed page, for boxes that follow zoom without recomputing. */
export function userRectToPercent(geometry: PageGeometry, rect: UserRect): BoxRect {
  const size = displaySize(geometry);
  const box = userRectToViewport(geometry, 1, rect);
  return {
    left: (100 * box.left) / size.width,
    top: (100 * box.top) / size.height,
    width: (100 * box.width) / size.width,
    height: (100 * box.height) / size.height,
  };
}

/**
 * A user-space rectangle as fractions (0–1) of the displayed page, origin top left: the form the paper's Markdown
 * note stores (`PdfRect` in `src/core/notes/noteModel.ts`), which survives a re-typeset page of another size.
 */
export function userRectToFractions(geometry: PageGeometry, rect: UserRect): { x: number; y: number; width: number; height: number } {
  const p = userRectToPercent(geometry, rect);
  return { x: p.left / 100, y: p.top / 100, width: p.width / 100, height: p.height / 100 };
}

export function fractionsToUserRect(geometry: PageGeometry, f: { x: number; y: number; width: number; height: number }): UserRect {
  const size = displaySize(geometry);
  return viewportRectToUser(geometry, 1, { left: f.x * size.width, top: f.y * size.height, width: f.width * size.width, height: f.height * size.height });
}

/**
 * Joins the boxes a text selection gives (one per text run, often overlapping or split mid-word) into one box per
 * line: boxes that overlap vertically by at least half the smaller height and touch horizontally (a gap under
 * `gapRatio` of the line height) become their union. Empty and hairline boxes are dropped. Viewport space.
 */
export function mergeLineRects(boxes: readonly BoxRect[], gapRatio = 0.6): BoxRect[] {
  const live = boxes.filter((b) => b.width >= 0.5 && b.height >= 0.5 && Number.isFinite(b.left + b.top + b.width + b.height));
  const sorted = [...live].sort((a, b) => a.top + a.height / 2 - (b.top + b.height / 2) || a.left - b.left);
  const out: { left: number; top: number; right: number; bottom: number }[] = [];
  for (const b of sorted) {
    const r = { left: b.left, top: b.top, right: b.left + b.width, bottom: b.top + b.height };
    const line = out.find((o) => {
      const overlap = Math.min(o.bottom, r.bottom) - Math.max(o.top, r.top);
      const minHeight = Math.min(o.bottom - o.top, r.bottom - r.top);
      if (overlap < minHeight / 2) return false;
      const gap = Math.max(r.left - o.right, o.left - r.right);
      return gap <= gapRatio * Math.max(o.bottom - o.top, r.bottom - r.top);
    });
    if (line) {
      line.left = Math.min(line.left, r.left);
      line.top = Math.min(line.top, r.top);
      line.right = Math.max(line.right, r.right);
      line.bottom = Math.max(line.bottom, r.bottom);
    } else out.push(r);
  }
  return out.map((o) => ({ left: o.left, top: o.top, width: o.right - o.left, height: o.bottom - o.top }));
}

/** Whether a viewport point lies in a box, with a little slack for thin lines. */
export function boxContains(box: BoxRect, x: number, y: number, slack = 0): boolean {
  return x >= box.left - slack && x <= box.left + box.width + slack && y >= box.top - slack && y <= box.top + box.height + slack;
}
