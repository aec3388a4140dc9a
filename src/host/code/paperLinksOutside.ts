import type MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { parseOpenPaperUri } from '../../core/links/commandLinks';
import { openPdfHighlightCommand, parsePdfHighlightUri } from '../../core/links/pdfLinks';
import { usePaperLinks } from '../../core/links/previewLinks';
import { showError } from '../errorMessages';

/**
 * `vscode://marginalia.marginalia/open?id=…&passage=…` opens a paper, `…/pdf?note=…&paper=…` the PDF at a highlight:
 * from the Markdown preview (which runs no command links but lets `vscode:` links through), from a browser, a
 * terminal or a chat message.
 */
export function paperUriHandler(open: (id: string, noteId?: string) => Promise<void>): vscode.UriHandler {
  return {
    async handleUri(uri: vscode.Uri) {
      const highlight = parsePdfHighlightUri(uri.path, uri.query);
      if (highlight) {
        // The command shows its own errors.
        await vscode.commands.executeCommand(openPdfHighlightCommand, highlight);
        return;
      }
      const request = parseOpenPaperUri(uri.path, uri.query);
      if (!request) {
        void vscode.window.showErrorMessage(
          `Marginalia cannot open ${uri.toString(true)}: links look like ${vscode.env.uriScheme}://marginalia.marginalia/open?id=2312.00752.`,
        );
        return;
      }
      try {
        await open(request.id, request.passage);
      } catch (error) {
        showError(error);
      }
    },
  };
}

/** The Markdown preview plugin (`markdown.markdownItPlugins`): see core/links/previewLinks.ts. */
export function extendMarkdownIt(md: MarkdownIt): MarkdownIt {
  return usePaperLinks(md, () => vscode.env.uriScheme);
}
