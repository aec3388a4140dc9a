/**
 * Paper text with its LaTeX math typeset by KaTeX, the one math path of the paper view: the abstract, titles and
 * notes all go through here. KaTeX builds DOM nodes itself with `trust` off, so no links or HTML get in.
 */
import katex from 'katex';
import { splitMath } from '../../src/core/text/mathSegments';
import { el } from '../shared/vscodeApi';

/** One formula; shown as its source when it is not valid TeX after all. */
export function mathElement(tex: string, display: boolean): HTMLElement {
  const span = el('span', { className: display ? 'math display' : 'math' });
  try {
    katex.render(tex, span, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxSize: 20, maxExpand: 200 });
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
