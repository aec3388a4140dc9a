/**
 * Notes are Markdown; the paper view shows them rendered, built as DOM nodes, never through HTML.
 *
 * Why markdown-it and not a renderer of our own: notes are written by hand in any editor and committed, so they hold
 * whatever Markdown people write (nested lists, emphasis edge cases, escapes, tables). markdown-it parses CommonMark
 * correctly and in linear time on hostile input, which a small hand-written parser rarely does, and it exposes a
 * token stream: we walk it and create each element ourselves with `createElement`/`textContent`, so its HTML
 * renderer (and any raw HTML in a note, `html: false`) never runs. Links open through the host, http(s) only; images
 * are shown as their alt text and URL (no remote fetches from note content); math goes through KaTeX like the
 * abstract's.
 */
import MarkdownIt from 'markdown-it';
import type { StateInline, Token } from 'markdown-it';
import { paperLinksInLine, type PaperTarget } from '../../../src/core/links/commandLinks';
import { isSafeWebUrl } from '../../../src/core/net/urlSafety';
import { DelimiterFinder, mathAt } from '../../../src/core/text/mathSegments';
import { el } from '../../shared/vscodeApi';
import { mathElement } from '../richText';

/** One finder per inline parse (markdown-it makes a state for each): the rule below runs at every `$` and `\`. */
const finders = new WeakMap<StateInline, DelimiterFinder>();

/** `$…$` (Pandoc's rule, as in the abstract), `$$…$$`, `\(…\)` and `\[…\]` as math tokens, before emphasis sees `_`. */
function mathRule(state: StateInline, silent: boolean): boolean {
  const code = state.src.charCodeAt(state.pos);
  if (code !== 0x24 && code !== 0x5c) return false;
  let finder = finders.get(state);
  if (!finder) {
    finder = new DelimiterFinder(state.src);
    finders.set(state, finder);
  }
  const math = mathAt(state.src, state.pos, finder, state.posMax);
  if (!math) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = math.tex;
    token.meta = { display: math.display };
  }
  state.pos = math.end;
  return true;
}

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
md.inline.ruler.before('escape', 'math', mathRule);

/** The token stream of a note (parsing only; no DOM), math included. */
export function parseNoteMarkdown(text: string): Token[] {
  return md.parse(text, {});
}

// A link whose URL hides what it is (invisible formatting characters) is shown as text, not followed.
const isWebUrl = (url: string): boolean => isSafeWebUrl(url);

export interface MarkdownOptions {
  /** Opens a web link (through the host). */
  readonly openLink: (url: string) => void;
  /** Follows a link into the paper view (`command:marginalia.openPaper?…`): a paper, optionally at a passage. */
  readonly openPaper?: (target: PaperTarget) => void;
}

/** The paper a link's whole href points to, when it is one of our links into the paper view. */
function paperTarget(href: string): PaperTarget | undefined {
  const [found] = paperLinksInLine(href);
  return found && found.start === 0 && found.end === href.length ? { id: found.id, ...(found.passage ? { passage: found.passage } : {}) } : undefined;
}

const BLOCK_TAGS: Readonly<Record<string, keyof HTMLElementTagNameMap>> = {
  paragraph: 'p',
  bullet_list: 'ul',
  ordered_list: 'ol',
  list_item: 'li',
  blockquote: 'blockquote',
  table: 'table',
  thead: 'thead',
  tbody: 'tbody',
  tr: 'tr',
  th: 'th',
  td: 'td',
  em: 'em',
  strong: 'strong',
  s: 's',
};

/** Headings inside a note are part of the note: shown a few levels down so they never outrank the view's own. */
function headingTag(tag: string): keyof HTMLElementTagNameMap {
  const level = Math.min(6, Number(tag.slice(1)) + 2);
  return `h${level}` as keyof HTMLElementTagNameMap;
}

function appendInline(parent: HTMLElement, tokens: readonly Token[], options: MarkdownOptions): void {
  const stack: HTMLElement[] = [parent];
  const top = () => stack[stack.length - 1]!;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        top().append(token.content);
        break;
      case 'softbreak':
        top().append('\n');
        break;
      case 'hardbreak':
        top().append(el('br'));
        break;
      case 'code_inline':
        top().append(el('code', { text: token.content }));
        break;
      case 'math_inline':
        top().append(mathElement(token.content, (token.meta as { display: boolean }).display));
        break;
      case 'html_inline':
        top().append(token.content);
        break;
      case 'image': {
        const src = token.attrGet('src') ?? '';
        const alt = token.children?.map((c) => c.content).join('') || 'image';
        top().append(el('span', { className: 'md-image', text: `[${alt}]`, attrs: { title: src } }));
        break;
      }
      case 'link_open': {
        const href = token.attrGet('href') ?? '';
        const a = el('a', { className: 'md-link' });
        const paper = options.openPaper ? paperTarget(href) : undefined;
        if (paper) {
          a.href = '#';
          a.title = paper.passage ? 'Show this passage in the paper view' : 'Open the paper in Marginalia';
          a.classList.add('md-paper-link');
          a.addEventListener('click', (event) => {
            event.preventDefault();
            options.openPaper?.(paper);
          });
        } else if (isWebUrl(href)) {
          a.href = href;
          a.title = href;
          a.addEventListener('click', (event) => {
            event.preventDefault();
            options.openLink(href);
          });
        } else {
          // Relative, command: and other links lead nowhere safe from a webview: shown, not followed.
          a.title = href;
          a.classList.add('md-link-inert');
        }
        top().append(a);
        stack.push(a);
        break;
      }
      default:
        if (token.nesting === 1) {
          const tag = token.type === 'em_open' ? 'em' : token.type === 'strong_open' ? 'strong' : token.type === 's_open' ? 's' : 'span';
          const node = el(tag);
          top().append(node);
          stack.push(node);
        } else if (token.nesting === -1) {
          if (stack.length > 1) stack.pop();
        } else if (token.content) {
          top().append(token.content);
        }
    }
  }
}

/** Renders Markdown to a fragment of DOM nodes. */
export function renderMarkdown(text: string, options: MarkdownOptions): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const root = el('div');
  const stack: HTMLElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  for (const token of parseNoteMarkdown(text)) {
    if (token.type === 'inline') {
      appendInline(top(), token.children ?? [], options);
      continue;
    }
    if (token.type === 'fence' || token.type === 'code_block') {
      const code = el('code', { text: token.content });
      const lang = token.info.trim().split(/\s+/)[0];
      if (lang) code.dataset.lang = lang;
      top().append(el('pre', { className: 'md-code' }, code));
      continue;
    }
    if (token.type === 'hr') {
      top().append(el('hr'));
      continue;
    }
    if (token.type === 'html_block') {
      top().append(el('p', { text: token.content }));
      continue;
    }
    // Tight lists mark their paragraphs hidden: the text stays directly in the list item, as markdown-it renders it.
    if (token.hidden) continue;
    if (token.nesting === 1) {
      const base = token.type.replace(/_open$/, '');
      const tag = base === 'heading' ? headingTag(token.tag) : (BLOCK_TAGS[base] ?? 'div');
      const node = el(tag);
      if (base === 'ordered_list') {
        const start = Number(token.attrGet('start'));
        if (Number.isInteger(start) && start !== 1) node.setAttribute('start', String(start));
      }
      top().append(node);
      stack.push(node);
      continue;
    }
    if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    }
  }
  fragment.append(...root.childNodes);
  return fragment;
}
