/**
 * Paper text with its LaTeX math typeset by KaTeX, the one math path of the paper view: the abstract, titles and
 * notes all go through here. KaTeX builds DOM nodes itself with `trust` off, so no links or HTML get in.
 */
import katex from 'katex';
import { splitMath } from '../../src/core/text/mathSegments';
import { el } from '../shared/vscodeApi';

/** KaTeX's cap on sizes written in the TeX, in em. */
const maxSize = 20;

/** How far (in em) a formula's negative spaces may move its content back over itself, in all. */
const maxOverlap = 10;

/**
 * KaTeX caps sizes written in the TeX at `maxSize`, but only from above: `\kern-10000em` (or `\hspace`, `\mkern`,
 * `\hskip`) becomes a margin of -10000em that moves the rest of the formula over everything before it. Those
 * spaces are margins; here the negative ones of a formula may add up to `maxOverlap` em (plus whatever positive
 * space came before them), far more than any real formula's (`\!`, `\joinrel`: a sixth of an em each), so what a
 * formula draws stays within a few lines' width of where it stands.
 */
function clampMargins(root: HTMLElement): void {
  let room = maxOverlap;
  for (const node of root.querySelectorAll<HTMLElement>('[style*="margin"]')) {
    for (const side of ['marginLeft', 'marginRight'] as const) {
      const m = /^(-?\d*\.?\d+)em$/.exec(node.style[side]);
      if (!m) continue;
      const value = Number(m[1]);
      if (value >= 0) {
        room += Math.min(value, maxSize);
        continue;
      }
      const allowed = Math.max(value, -room);
      room += allowed;
      if (allowed !== value) node.style[side] = `${allowed}em`;
    }
  }
}

/** One formula; shown as its source when it is not valid TeX after all. */
export function mathElement(tex: string, display: boolean): HTMLElement {
  const span = el('span', { className: display ? 'math display' : 'math' });
  try {
    katex.render(tex, span, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxSize, maxExpand: 200 });
    clampMargins(span);
  } catch {
    span.textContent = display ? `$$${tex}$$` : `$${tex}$`;
    span.className = 'math-source';
  }
  return span;
}

/** Text with `$…$`, `$$…$$`, `\(…\)`, `\[…\]` typeset. */
export function richText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const segment of splitMath(text)) {
    fragment.append(segment.kind === 'text' ? segment.text : mathElement(segment.tex, segment.display));
  }
  return fragment;
}
