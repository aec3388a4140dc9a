/**
 * A markdown-it plugin for VS Code's Markdown preview: our own `command:marginalia.openPaper?…` links (and the
 * highlights' `command:marginalia.openPdfHighlight?…` links) become the
 * product's `vscode:` links (which the preview lets through to the extension's URI handler), because the preview
 * runs no command links. Every other link, other commands included, is left exactly as it was.
 */
import type MarkdownIt from 'markdown-it';
import { previewHrefFor } from './commandLinks';
import { previewPdfHrefFor } from './pdfLinks';

/** Adds the rewrite to `md`; `scheme` gives the product's URI scheme (`vscode`, `vscode-insiders`, …). */
export function usePaperLinks(md: MarkdownIt, scheme: () => string): MarkdownIt {
  md.core.ruler.push('marginalia_paper_links', (state) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        const rewritten = href ? (previewHrefFor(href, scheme()) ?? previewPdfHrefFor(href, scheme())) : undefined;
        if (rewritten) token.attrSet('href', rewritten);
      }
    }
  });
  return md;
}
