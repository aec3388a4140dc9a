/**
 * The abstract with the passages that notes are anchored to highlighted, and the way back from a selection in it
 * to offsets in the abstract's source text (where anchors live). Math is typeset, so the DOM is not the source:
 * every rendered piece carries the source range it came from (`data-start`/`data-end`); plain-text pieces map
 * character for character, a formula or a LaTeX escape only as a whole.
 */
import { splitMathRaw } from '../../../src/core/text/mathSegments';
import { el } from '../../shared/vscodeApi';
import { mathElement } from '../richText';

export interface Highlight {
  /** Note id (or a draft's key). */
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** Extra class on its marks (`draft`, `approximate`). */
  readonly className?: string;
}

/** The ids of the highlights that cover `[start, end)`. */
function covering(highlights: readonly Highlight[], start: number, end: number): Highlight[] {
  return highlights.filter((h) => h.start < end && h.end > start);
}

function mark(child: Node, cover: readonly Highlight[]): HTMLElement {
  const classes = ['note-mark', ...cover.map((h) => h.className ?? '').filter(Boolean)];
  const node = el('mark', { className: [...new Set(classes)].join(' '), attrs: { 'data-notes': cover.map((h) => h.id).join(' ') } }, child);
  return node;
}

/** Renders the abstract; `highlights` are source ranges. */
export function renderAbstractText(abstract: string, highlights: readonly Highlight[]): HTMLElement {
  const container = el('div', { className: 'abstract', attrs: { 'data-abstract': '' } });
  for (const segment of splitMathRaw(abstract)) {
    if (segment.kind === 'math' || segment.text.length !== segment.end - segment.start) {
      const content = segment.kind === 'math' ? mathElement(segment.tex, segment.display) : document.createTextNode(segment.text);
      const piece = el('span', { className: 'piece whole', attrs: { 'data-start': String(segment.start), 'data-end': String(segment.end) } }, content);
      const cover = covering(highlights, segment.start, segment.end);
      container.append(cover.length > 0 ? mark(piece, cover) : piece);
      continue;
    }
    // Cut plain text wherever a highlight starts or ends, so each piece is covered by one set of highlights.
    const cuts = new Set([segment.start, segment.end]);
    for (const h of highlights) for (const at of [h.start, h.end]) if (at > segment.start && at < segment.end) cuts.add(at);
    const points = [...cuts].sort((a, b) => a - b);
    for (let k = 0; k + 1 < points.length; k++) {
      const [a, b] = [points[k]!, points[k + 1]!];
      const piece = el('span', { className: 'piece', text: abstract.slice(a, b), attrs: { 'data-start': String(a), 'data-end': String(b) } });
      const cover = covering(highlights, a, b);
      container.append(cover.length > 0 ? mark(piece, cover) : piece);
    }
  }
  return container;
}

function pieces(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('.piece')];
}

/** The source offset of a DOM boundary point in the abstract; formulas snap outwards. */
function sourceOffset(container: HTMLElement, node: Node, offset: number, side: 'start' | 'end'): number {
  const range = document.createRange();
  const all = pieces(container);
  for (const piece of all) {
    range.selectNodeContents(piece);
    const where = range.comparePoint(node, offset);
    const start = Number(piece.dataset.start);
    const end = Number(piece.dataset.end);
    if (where < 0) return start;
    if (where > 0) continue;
    if (piece.classList.contains('whole')) return side === 'start' ? start : end;
    if (node.nodeType === Node.TEXT_NODE && node.parentNode === piece) return start + offset;
    return offset === 0 ? start : end;
  }
  return all.length > 0 ? Number(all[all.length - 1]!.dataset.end) : 0;
}

/** The source range of the current selection when it lies in the abstract (trimmed of spaces), else undefined. */
export function selectionInAbstract(container: HTMLElement, abstract: string): { start: number; end: number; rect: DOMRect } | undefined {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return undefined;
  let start = sourceOffset(container, range.startContainer, range.startOffset, 'start');
  let end = sourceOffset(container, range.endContainer, range.endOffset, 'end');
  while (start < end && /\s/.test(abstract[start]!)) start++;
  while (end > start && /\s/.test(abstract[end - 1]!)) end--;
  if (end <= start) return undefined;
  const rects = range.getClientRects();
  const rect = rects.length > 0 ? rects[rects.length - 1]! : range.getBoundingClientRect();
  return { start, end, rect };
}
