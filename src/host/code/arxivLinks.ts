import * as vscode from 'vscode';
import { openPaperCommandUri, paperLinksInLine } from '../../core/links/commandLinks';
import { referencesByLine } from '../../core/links/referenceScan';

/** Documents larger than this get no links and no lenses (minified bundles, data dumps); hovers still work line by line. */
export const maxLinkedChars = 2_000_000;

/**
 * Where the providers apply: files on disk, in a remote, untitled buffers, notebook cells, virtual workspaces
 * (GitHub repositories), plus whatever scheme the open workspace folders use. Not every scheme: output channels,
 * diff originals from git and settings editors have no papers worth a hover.
 */
export function documentSelector(): vscode.DocumentFilter[] {
  const schemes = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell']);
  for (const folder of vscode.workspace.workspaceFolders ?? []) schemes.add(folder.uri.scheme);
  return [...schemes].sort().map((scheme) => ({ scheme }));
}

/**
 * A link into the paper view, its target set when the links are listed. A target left to `resolveDocumentLink` can be
 * gone when the link is followed: the editor lists a document's links again (a provider registered, the text changed)
 * and releases the old list's entries, and a Ctrl+click on a link still underlined from the old list then said only
 * "Failed to open this link because its target is missing" (seen in the UI tests, once in three runs).
 */
function paperLink(range: vscode.Range, paperId: string, passage?: string): vscode.DocumentLink {
  return new vscode.DocumentLink(range, vscode.Uri.parse(openPaperCommandUri({ id: paperId, ...(passage ? { passage } : {}) })));
}

/** Makes every arXiv reference a link to the paper view. */
export class ArxivLinkProvider implements vscode.DocumentLinkProvider {
  provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): vscode.DocumentLink[] {
    const text = document.getText();
    if (text.length > maxLinkedChars || token.isCancellationRequested) return [];
    const links: vscode.DocumentLink[] = [];
    for (const ref of referencesByLine(text, { maxReferences: 1000 })) {
      // The destination of a Markdown link or autolink already opens arXiv; one link per place is enough.
      const line = document.lineAt(ref.line).text;
      const before = line.slice(Math.max(0, ref.start - 2), ref.start);
      if (ref.form === 'url' && (before === '](' || before.endsWith('<'))) continue;
      const link = paperLink(new vscode.Range(ref.line, ref.start, ref.line, ref.end), ref.id);
      link.tooltip = `Open arXiv:${ref.id} in Marginalia`;
      links.push(link);
    }
    // Links into the paper view written in comments (`command:marginalia.openPaper?…`, `vscode://marginalia.marginalia/open?…`).
    if (text.includes('marginalia')) {
      for (let line = 0; line < document.lineCount && links.length < 2000; line++) {
        const lineText = document.lineAt(line).text;
        if (!lineText.includes('marginalia')) continue;
        for (const found of paperLinksInLine(lineText)) {
          const link = paperLink(new vscode.Range(line, found.start, line, found.end), found.id, found.passage);
          link.tooltip = found.passage ? 'Show this passage in the paper view' : 'Open the paper in Marginalia';
          links.push(link);
        }
      }
    }
    return links;
  }
}
