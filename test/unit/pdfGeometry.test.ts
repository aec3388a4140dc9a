/** Zoom and layout maths, page coordinates (checked against pdf.js's own viewport), page colours, destinations. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseExplicitDestination } from '../../src/core/pdf/destinations';
import {
  displaySize,
  fractionsToUserRect,
  mergeLineRects,
  userRectToFractions,
  userRectToPercent,
  userRectToViewport,
  userToViewport,
  viewportRectToUser,
  viewportToUser,
  type PageGeometry,
} from '../../src/core/pdf/geometry';
import { PageLayout, pageBox } from '../../src/core/pdf/pageLayout';
import {
  applyColorMatrix,
  choosePageColors,
  imageBoxes,
  luminance,
  pageColorMatrix,
  parseCssColor,
  SEPIA_BACKGROUND,
  SEPIA_FOREGROUND,
} from '../../src/core/pdf/pageTheme';
import { CSS_PER_POINT, formatZoom, isZoomSetting, parseZoom, resolveZoom, zoomIn, zoomOut } from '../../src/core/pdf/zoom';
import { fixturesDir } from '../support/fixtureServer';

const letter = { width: 612, height: 792 };
const near = (a: number, b: number, eps = 1e-6) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

describe('zoom', () => {
  it('fits the page width or the whole page in the window, with margins', () => {
    const fit = { containerWidth: 1000, containerHeight: 700, pageWidth: 612, pageHeight: 792, margin: 12 };
    near(resolveZoom('page-width', fit), 976 / (612 * CSS_PER_POINT));
    near(resolveZoom('page-fit', fit), 676 / (792 * CSS_PER_POINT));
    assert.equal(resolveZoom(1.5, fit), 1.5);
    assert.equal(resolveZoom(100, fit), 8, 'clamped to the maximum');
    assert.equal(resolveZoom('page-width', { ...fit, containerWidth: 0 }), 0.1, 'a hidden window does not give zero');
  });

  it('steps through presets in and out, never past the limits', () => {
    assert.equal(zoomIn(1), 1.1);
    assert.equal(zoomIn(1.05), 1.1);
    assert.equal(zoomOut(1), 0.9);
    assert.equal(zoomOut(1.37), 1.25);
    assert.equal(zoomIn(8), 8);
    assert.equal(zoomOut(0.1), 0.1);
  });

  it('reads what people type in the zoom box and formats percentages', () => {
    assert.equal(parseZoom('150%'), 1.5);
    assert.equal(parseZoom(' 75 '), 0.75);
    assert.equal(parseZoom('2x'), 2);
    assert.equal(parseZoom('page-width'), 'page-width');
    assert.equal(parseZoom('Fit Width'), 'page-width');
    assert.equal(parseZoom('fit page'), 'page-fit');
    assert.equal(parseZoom('banana'), undefined);
    assert.equal(formatZoom(1.1), '110%');
    assert.equal(parseZoom(formatZoom(0.33)), 0.33);
  });

  it('accepts only sane zoom settings from a webview', () => {
    assert.ok(isZoomSetting(1.25) && isZoomSetting('page-fit'));
    for (const bad of [0, -1, 9, Number.NaN, Infinity, '1', 'auto', null, {}]) assert.equal(isZoomSetting(bad), false, String(bad));
  });
});

describe('page layout', () => {
  const sizes = [letter, letter, { width: 792, height: 612 }, letter];
  const layout = new PageLayout(sizes, 1, { padding: 12, gap: 10 });
  const h = pageBox(letter, 1).height;

  it('stacks page boxes in whole pixels with a gap, and knows the widest page', () => {
    assert.deepEqual(pageBox(letter, 1), { width: 816, height: 1056 });
    assert.equal(layout.top(0), 12);
    assert.equal(layout.top(1), 12 + h + 10);
    assert.equal(layout.height(2), pageBox(sizes[2]!, 1).height);
    assert.equal(layout.maxWidth, pageBox(sizes[2]!, 1).width);
    assert.equal(layout.totalHeight, layout.top(3) + h + 12);
  });

  it('finds the page at a position (gaps belong to the page above) and the pages in a window', () => {
    assert.equal(layout.pageAt(0), 0);
    assert.equal(layout.pageAt(layout.top(1) - 1), 0);
    assert.equal(layout.pageAt(layout.top(1)), 1);
    assert.equal(layout.pageAt(1e9), 3);
    assert.deepEqual(layout.visibleRange(layout.top(1) + 5, layout.top(1) + 100), { first: 1, last: 1 });
    assert.deepEqual(layout.visibleRange(layout.top(1) + h - 50, layout.top(2) + 1), { first: 1, last: 2 });
    assert.deepEqual(layout.visibleRange(layout.top(1) + h - 50, layout.top(2)), { first: 1, last: 1 });
    // The view starting in the gap above page 2 (where a jump to it scrolls) shows page 2 only, not page 1.
    assert.deepEqual(layout.visibleRange(layout.top(2) - 5, layout.top(2) + 100), { first: 2, last: 2 });
    // Starting in a gap, with the next page out of view (the view shorter than the gap): the page above, as before.
    assert.deepEqual(layout.visibleRange(layout.top(2) - 8, layout.top(2) - 4), { first: 1, last: 1 });
  });

  it('keeps a reading position across zoom: the same page, the same fraction down it', () => {
    const y = layout.top(2) + 0.25 * layout.height(2);
    const position = layout.position(y);
    assert.deepEqual(position, { pageIndex: 2, offset: 0.25 });
    const zoomed = new PageLayout(sizes, 2.5, { padding: 12, gap: 10 });
    near(zoomed.y(position), zoomed.top(2) + 0.25 * zoomed.height(2));
    assert.deepEqual(zoomed.position(zoomed.y(position)), position);
  });

  it('handles a 500-page document quickly', () => {
    const many = Array.from({ length: 500 }, () => letter);
    const started = performance.now();
    const big = new PageLayout(many, 1.3, { padding: 12, gap: 10 });
    for (let i = 0; i < 10_000; i++) big.visibleRange(i * 50, i * 50 + 900);
    assert.ok(performance.now() - started < 200);
    assert.equal(big.pageAt(big.top(499) + 1), 499);
  });
});

describe('page coordinates', () => {
  const shifted: PageGeometry = { view: [10, 20, 622, 812], rotation: 0 };

  it('swaps width and height for rotated pages', () => {
    assert.deepEqual(displaySize({ view: [0, 0, 612, 792], rotation: 90 }), { width: 792, height: 612 });
    assert.deepEqual(displaySize({ view: [0, 0, 612, 792], rotation: -180 }), { width: 612, height: 792 });
  });

  it('maps points and rectangles both ways, for every rotation and a shifted view box', () => {
    for (const rotation of [0, 90, 180, 270]) {
      const g = { ...shifted, rotation };
      for (const [x, y] of [
        [10, 20],
        [622, 812],
        [100.5, 700.25],
      ] as const) {
        const [vx, vy] = userToViewport(g, 1.7, x, y);
        const [ux, uy] = viewportToUser(g, 1.7, vx, vy);
        near(ux, x);
        near(uy, y);
      }
      const rect = [100, 200, 300, 260] as const;
      const back = viewportRectToUser(g, 2, userRectToViewport(g, 2, rect));
      rect.forEach((v, i) => near(back[i]!, v));
    }
  });

  it('agrees with pdf.js PageViewport on a real page at every rotation', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const data = new Uint8Array(await readFile(join(fixturesDir, 'pdf', 'arxiv_1111.2011v2.pdf')));
    const doc = await pdfjs.getDocument({ data, isEvalSupported: false, verbosity: 0 }).promise;
    try {
      const page = await doc.getPage(1);
      for (const rotation of [0, 90, 180, 270]) {
        const viewport = page.getViewport({ scale: 1.5, rotation });
        const g: PageGeometry = { view: page.view as [number, number, number, number], rotation };
        const size = displaySize(g);
        near(viewport.width, size.width * 1.5);
        near(viewport.height, size.height * 1.5);
        for (const [x, y] of [
          [72, 700],
          [300.5, 100.25],
          [0, 0],
        ] as const) {
          const [ex, ey] = viewport.convertToViewportPoint(x, y);
          const [ax, ay] = userToViewport(g, 1.5, x, y);
          near(ax, ex, 1e-9);
          near(ay, ey, 1e-9);
        }
      }
    } finally {
      await doc.destroy();
    }
  });

  it("expresses rectangles as percentages and as the note file's fractions, and back", () => {
    const g: PageGeometry = { view: [0, 0, 612, 792], rotation: 0 };
    const p = userRectToPercent(g, [61.2, 712.8, 306, 792]);
    near(p.left, 10);
    near(p.top, 0);
    near(p.width, 40);
    near(p.height, 10);
    const f = userRectToFractions({ ...shifted, rotation: 90 }, [100, 200, 300, 260]);
    const back = fractionsToUserRect({ ...shifted, rotation: 90 }, f);
    [100, 200, 300, 260].forEach((v, i) => near(back[i]!, v, 1e-9));
  });

  it('merges the boxes of a selection into one box per line', () => {
    const boxes = [
      { left: 10, top: 100, width: 50, height: 12 },
      { left: 61, top: 101, width: 40, height: 11 }, // same line, touching
      { left: 10, top: 114, width: 80, height: 12 }, // next line
      { left: 200, top: 100, width: 30, height: 12 }, // same line, far away (another column)
      { left: 5, top: 5, width: 0, height: 12 }, // empty
    ];
    const merged = mergeLineRects(boxes);
    assert.equal(merged.length, 3);
    assert.deepEqual(merged[0], { left: 10, top: 100, width: 91, height: 12 });
  });
});

describe('page colours', () => {
  it('parses the colours computed styles give', () => {
    assert.deepEqual(parseCssColor('#1f1f1f'), [31, 31, 31]);
    assert.deepEqual(parseCssColor(' #FFF '), [255, 255, 255]);
    assert.deepEqual(parseCssColor('rgb(204, 204, 204)'), [204, 204, 204]);
    assert.deepEqual(parseCssColor('rgba(1,2,3,0.5)'), [1, 2, 3]);
    assert.deepEqual(parseCssColor('#11223344'), [17, 34, 51]);
    assert.equal(parseCssColor('var(--x)'), undefined);
    assert.equal(parseCssColor(''), undefined);
  });

  it('follows the theme with "auto" and honours a fixed choice', () => {
    const editor = { background: [31, 31, 31] as const, foreground: [204, 204, 204] as const };
    assert.deepEqual(choosePageColors('auto', 'light', editor), { kind: 'original' });
    assert.deepEqual(choosePageColors('auto', 'high-contrast-light', editor), { kind: 'original' });
    assert.deepEqual(choosePageColors('auto', 'dark', editor), { kind: 'dark', ...editor });
    assert.deepEqual(choosePageColors('auto', 'high-contrast', editor), { kind: 'dark', background: [0, 0, 0], foreground: [255, 255, 255] });
    assert.deepEqual(choosePageColors('original', 'dark', editor), { kind: 'original' });
    assert.equal(choosePageColors('dark', 'light', editor).kind, 'dark');
    assert.deepEqual(choosePageColors('sepia', 'dark', editor), { kind: 'sepia', background: SEPIA_BACKGROUND, foreground: SEPIA_FOREGROUND });
    // A "dark" theme whose editor background is lighter than its text gets neutral dark colours.
    assert.deepEqual(choosePageColors('auto', 'dark', { background: [250, 250, 250], foreground: [0, 0, 0] }), {
      kind: 'dark',
      background: [30, 30, 30],
      foreground: [212, 212, 212],
    });
  });

  it('maps paper to the background and ink to the foreground, keeping hues of coloured ink', () => {
    const dark = pageColorMatrix({ kind: 'dark', background: [31, 31, 31], foreground: [204, 204, 204] })!;
    assert.equal(dark.length, 20);
    assert.deepEqual(applyColorMatrix(dark, [255, 255, 255]), [31, 31, 31]);
    assert.deepEqual(applyColorMatrix(dark, [0, 0, 0]), [204, 204, 204]);
    const red = applyColorMatrix(dark, [200, 30, 30]);
    assert.ok(red[0] > red[1] + 40 && red[0] > red[2] + 40, `red stays red: ${red.join(',')}`);
    assert.ok(luminance([255, 255, 240]) > luminance(applyColorMatrix(dark, [255, 255, 240])), 'light becomes dark');
    const sepia = pageColorMatrix({ kind: 'sepia', background: SEPIA_BACKGROUND, foreground: SEPIA_FOREGROUND })!;
    assert.deepEqual(applyColorMatrix(sepia, [255, 255, 255]), SEPIA_BACKGROUND);
    assert.deepEqual(applyColorMatrix(sepia, [0, 0, 0]), SEPIA_FOREGROUND);
    assert.equal(pageColorMatrix({ kind: 'original' }), undefined);
  });

  it('turns pdf.js image coordinates into pixel boxes, skipping tiny images', () => {
    // One upright image over the middle of the canvas, one rotated 90°, one 4×4 px dot.
    const coords = [0.25, 0.5, 0.25, 0.25, 0.75, 0.5, 0.5, 0.5, 0.6, 0.5, 0.5, 0.6, 0.1, 0.1, 0.1, 0.104, 0.104, 0.1];
    const boxes = imageBoxes(coords, 1000, 1000);
    assert.deepEqual(boxes[0], { x: 250, y: 250, w: 500, h: 250 });
    assert.deepEqual(boxes[1], { x: 500, y: 500, w: 100, h: 100 });
    assert.equal(boxes.length, 2);
    assert.deepEqual(imageBoxes(null, 10, 10), []);
  });
});

describe('destinations', () => {
  const ref = { num: 12, gen: 0 };
  it('reads where XYZ, FitH, FitR and Fit destinations point', () => {
    assert.deepEqual(parseExplicitDestination([ref, { name: 'XYZ' }, 72, 700, null]), { page: ref, left: 72, top: 700 });
    assert.deepEqual(parseExplicitDestination([ref, { name: 'XYZ' }, null, null, 0]), { page: ref, left: undefined, top: undefined });
    assert.deepEqual(parseExplicitDestination([3, { name: 'FitH' }, 500]), { page: 3, top: 500 });
    assert.deepEqual(parseExplicitDestination([ref, { name: 'FitR' }, 10, 20, 30, 40]), { page: ref, left: 10, top: 40 });
    assert.deepEqual(parseExplicitDestination([ref, { name: 'Fit' }]), { page: ref });
    assert.equal(parseExplicitDestination('section.1'), undefined);
    assert.equal(parseExplicitDestination([ref]), undefined);
  });

  it('resolves the outline of the Attention paper to pages in order', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const data = new Uint8Array(await readFile(join(fixturesDir, 'pdf', 'arxiv_1706.03762v5_attention.pdf')));
    const doc = await pdfjs.getDocument({ data, isEvalSupported: false, verbosity: 0 }).promise;
    try {
      const pages: number[] = [];
      for (const entry of (await doc.getOutline()) ?? []) {
        const explicit = typeof entry.dest === 'string' ? await doc.getDestination(entry.dest) : entry.dest;
        const parsed = parseExplicitDestination(explicit);
        assert.ok(parsed, entry.title);
        pages.push(await doc.getPageIndex(parsed.page as { num: number; gen: number }));
        assert.equal(typeof parsed.top, 'number', `${entry.title} has a vertical position`);
      }
      assert.deepEqual(
        pages,
        [...pages].sort((a, b) => a - b),
      );
      assert.deepEqual(pages, [0, 1, 1, 5, 6, 7, 9], 'the sections start where the paper has them');
    } finally {
      await doc.destroy();
    }
  });
});
