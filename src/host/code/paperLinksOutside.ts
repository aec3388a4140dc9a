import type MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { parseOpenPaperUri, previewHrefFor } from '../../core/links/commandLinks';

/**
 * `vscode://marginalia.marginalia/open?id=…&passage=…` opens a paper: from the Markdown preview (which runs no
 * command links but lets `vscode:` links through), from a browser, a terminal or a chat message.
 */
export function registerPaperUriHandler(open: (id: string) => Promise<void>): vscode.Disposable {
  return vscode.window.registerUriHandler({
    async handleUri(uri: vscode.Uri) {
      const request = parseOpenPaperUri(uri.path, uri.query);
      if (!request) {
        void vscode.window.showErrorMessage(`Marginalia cannot open ${uri.toString(true)}: links look like ${vscode.env.uriScheme}://marginalia.marginalia/open?id=2312.00752.`);
        return;
      }
      // TODO(passage): scroll to `request.passage` once the paper view shows notes inline.
      try {
        await open(request.id);
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      }
    },
  });
}

/**
 * The Markdown preview plugin (`markdown.markdownItPlugins`): VS Code's preview never runs `command:` links, so our
 * own `command:marginalia.openPaper?…` links are rewritten into the product's `vscode:` form, which reaches the URI
 * handler above. Every other link is left alone; other commands stay dead, as VS Code intends.
 */
export function extendMarkdownIt(md: MarkdownIt): MarkdownIt {
  md.core.ruler.push('marginalia_paper_links', (state) => {
    for (const block of state.tokens) {
      for (const token of block.children ?? []) {
        if (token.type !== 'link_open') continue;
        const href = token.attrGet('href');
        const rewritten = href ? previewHrefFor(href, vscode.env.uriScheme) : undefined;
        if (rewritten) token.attrSet('href', rewritten);
      }
    }
  });
  return md;
}
