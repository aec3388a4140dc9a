import * as vscode from 'vscode';
import { openPaperCommand } from '../../core/links/commandLinks';
import { paperHoverMarkdown } from '../../core/links/paperHover';
import { openPdfHighlightCommand } from '../../core/links/pdfLinks';
import { moveCitationCommand, newerVersion } from '../../core/links/paperVersions';
import { highlightsOf } from '../../core/pdf/highlights';
import { referenceAt, referencesByLine } from '../../core/links/referenceScan';
import { maxLinkedChars } from './arxivLinks';
import type { LibraryService } from '../library/libraryService';
import type { CitationVersions } from './citationVersions';
import type { PaperLookup } from './paperLookup';

/** How long a hover waits for arXiv before it shows "looking up…" (the lookup goes on for the next hover). */
const hoverWaitMs = 2_000;

/** The hover on an arXiv reference: the paper (looked up if needed), its library status and notes, and links. */
export class ArxivHoverProvider implements vscode.HoverProvider {
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
