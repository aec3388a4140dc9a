import * as vscode from 'vscode';
import { openPaperCommand, openPaperCommandUri, paperLinksInLine } from '../../core/links/commandLinks';
import { paperHoverMarkdown } from '../../core/links/paperHover';
import { openPdfHighlightCommand } from '../../core/links/pdfLinks';
import { moveCitationCommand, newerVersion } from '../../core/links/paperVersions';
import { highlightsOf } from '../../core/pdf/highlights';
import { referenceAt, referencesByLine } from '../../core/links/referenceScan';
import { Disposable } from '../dispose';
import type { LibraryService } from '../library/libraryService';
import type { CitationVersions } from './citationVersions';
import type { PaperLookup } from './paperLookup';

/** Documents larger than this get no links (minified bundles, data dumps); hovers still work line by line. */
const maxLinkedChars = 2_000_000;
/** How long a hover waits for arXiv before it shows "looking up…" (the lookup goes on for the next hover). */
const hoverWaitMs = 2_000;

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

/** The hover on an arXiv reference: the paper (looked up if needed), its library status and notes, and links. */
class ArxivHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly lookup: PaperLookup,
    private readonly library: LibraryService,
    private readonly versions: CitationVersions,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const ref = referenceAt(document.lineAt(position.line).text, position.character);
    if (!ref) return undefined;
    if (!(await this.lookup.known(ref.id)) && document.getText().length <= maxLinkedChars) {
      // The file's other unknown papers join the same arXiv request: the next hovers are then instant.
      this.lookup.prefetch([...new Set(referencesByLine(document.getText(), { maxReferences: 200 }).map((r) => r.id))].filter((id) => id !== ref.id));
    }
    // The library as the disk has it now: a note pulled or written a moment ago shows in this hover already.
    const [lookup] = await Promise.all([this.lookup.resolve(ref.id, hoverWaitMs), this.library.whenFresh()]);
    if (token.isCancellationRequested) return undefined;
    // A paper the hover just learned of may be newer than the citation: its lens can show now.
    if (lookup.state === 'found' && newerVersion(ref.version, lookup.paper)) this.versions.learned();
    const paperId = lookup.state === 'found' ? lookup.paper.id : ref.id;
    // A hover is a first need for the library (its status and notes show here): the first one reads the notes.
    await this.library.whenReady();
    if (token.isCancellationRequested) return undefined;
    const item = this.library.item(paperId);
    const markdown = new vscode.MarkdownString(
      paperHoverMarkdown({
        arxivId: ref.id,
        version: ref.version,
        paperId,
        lookup,
        status: item?.doc.meta.status,
        notes: item?.doc.notes.filter((n) => n.kind !== 'code').length ?? 0,
        codeLinks: item?.doc.notes.filter((n) => n.kind === 'code').length ?? 0,
        passages: (item?.doc.notes ?? []).flatMap((n) => (n.kind === 'quote' && n.quote && n.id ? [{ noteId: n.id, quote: n.quote.exact }] : [])),
        highlights: item ? highlightsOf(item.doc.notes).map((h) => ({ noteId: h.id, page: h.page, quote: h.quote })) : [],
        documentUri: document.uri.toString(),
      }),
    );
    // Paper text is escaped by paperHoverMarkdown; this trusts exactly the commands our links use.
    markdown.isTrusted = { enabledCommands: [openPaperCommand, openPdfHighlightCommand, moveCitationCommand] };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, new vscode.Range(position.line, ref.start, position.line, ref.end));
  }
}

/** Makes every arXiv reference a link to the paper view. */
class ArxivLinkProvider implements vscode.DocumentLinkProvider {
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

/**
 * Hovers and links on arXiv references in any file. Registered again when a workspace folder with a new scheme is
 * added, so a virtual workspace opened later gets them too. Reading only, so they work in Restricted Mode.
 */
export class ReferenceProviders extends Disposable {
  private registrations: vscode.Disposable[] = [];
  private schemes = '';

  constructor(
    private readonly lookup: PaperLookup,
    private readonly library: LibraryService,
    private readonly versions: CitationVersions,
  ) {
    super();
    this.register();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.register()));
  }

  private register(): void {
    const selector = documentSelector();
    const schemes = selector.map((f) => f.scheme).join(',');
    if (schemes === this.schemes) return;
    this.schemes = schemes;
    for (const r of this.registrations.splice(0)) r.dispose();
    this.registrations.push(
      vscode.languages.registerHoverProvider(selector, new ArxivHoverProvider(this.lookup, this.library, this.versions)),
      vscode.languages.registerDocumentLinkProvider(selector, new ArxivLinkProvider()),
      // Newer versions of papers cited at a version; lenses only for papers already known (never a request).
      vscode.languages.registerCodeLensProvider(selector, this.versions),
    );
  }

  override dispose(): void {
    for (const r of this.registrations.splice(0)) r.dispose();
    super.dispose();
  }
}
