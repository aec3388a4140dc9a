import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import { paperYear } from '../../core/bibtex';
import { openPaperCommand } from '../../core/links/commandLinks';
import { authorLine, citationMarkdown } from '../../core/library/citationHover';
import { citeLanguage, declaredBibliographies, keyAt, keyPrefixAt } from '../../core/library/citeContext';
import { paperToBibtex } from '../../core/bibtex';
import { Disposable } from '../dispose';
import { guarded } from '../errorMessages';
import type { Bibliography, CitablePaper } from './bibliography';

export const addToBibliographyCommand = 'marginalia.addToBibliography';

/** Each library paper with the key it has (or would get) in a document's bibliography. */
interface KeyedPaper extends CitablePaper {
  readonly citeKey: string;
  readonly inBibliography: boolean;
}

class CitationSupport {
  constructor(private readonly bibliography: Bibliography) {}

  /** The library's papers keyed against the bibliography the document uses (the first completion reads the notes). */
  async keyed(document: vscode.TextDocument): Promise<{ target?: vscode.Uri; papers: KeyedPaper[] }> {
    const language = citeLanguage(document.languageId) ?? 'markdown';
    const target = this.bibliography.targetFor(document, declaredBibliographies(document.getText(), language));
    const papers = await this.bibliography.papers();
    if (!target) return { papers: papers.map((p) => ({ ...p, citeKey: p.key ?? '', inBibliography: false })).filter((p) => p.citeKey) };
    const plan = await this.bibliography.plan(target, papers, true);
    const added = new Set(plan.added);
    return {
      target,
      papers: papers.map((p) => {
        const citeKey = plan.keys.get(p.paper.id)!;
        return { ...p, citeKey, inBibliography: !added.has(citeKey) };
      }),
    };
  }

  markdown(p: KeyedPaper, target: vscode.Uri | undefined): vscode.MarkdownString {
    const markdown = new vscode.MarkdownString(
      citationMarkdown({
        key: p.citeKey,
        paper: p.paper,
        status: p.item.doc.meta.status,
        notes: p.item.doc.notes.filter((n) => n.kind !== 'code').length,
        bibliography: target ? vscode.workspace.asRelativePath(target) : undefined,
        inBibliography: p.inBibliography,
      }),
    );
    // Paper text is escaped by citationMarkdown; this trusts exactly the command its one link uses.
    markdown.isTrusted = { enabledCommands: [openPaperCommand] };
    markdown.supportHtml = false;
    return markdown;
  }
}

class CitationCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly support: CitationSupport) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.CompletionList | undefined> {
    const language = citeLanguage(document.languageId);
    if (!language) return undefined;
    const line = document.lineAt(position.line).text;
    const at = keyPrefixAt(line.slice(0, position.character), language);
    if (!at) return undefined;
    const { target, papers } = await this.support.keyed(document);
    if (token.isCancellationRequested) return undefined;
    // The rest of a key already written after the cursor is replaced too.
    const rest = /^[^\s,}\];]*/.exec(line.slice(position.character))![0];
    const range = new vscode.Range(position.line, at.start, position.line, position.character + rest.length);
    const items = papers
      .filter((p) => !(at.entry && p.inBibliography))
      .map((p) => {
        const year = paperYear(p.paper);
        const authors = authorLine(p.paper);
        const item = new vscode.CompletionItem(
          { label: p.citeKey, detail: year ? ` ${year}` : undefined, description: [p.paper.title, authors].filter(Boolean).join(' · ') },
          vscode.CompletionItemKind.Reference,
        );
        item.detail = [p.paper.title, authors, year].filter(Boolean).join(' · ');
        item.documentation = this.support.markdown(p, target);
        item.range = range;
        // Typing a word of the title or an author's name finds the paper too.
        item.filterText = `${at.entry ? '@' : ''}${p.citeKey} ${p.paper.title} ${p.paper.authors.map((a) => a.name).join(' ')}`;
        item.sortText = `${p.inBibliography ? '0' : '1'}${p.citeKey}`;
        if (at.entry) {
          // In a .bib file, `@` at the start of a line takes the whole entry.
          item.insertText = paperToBibtex(p.paper, { key: p.citeKey }).trimEnd();
        } else {
          item.insertText = p.citeKey;
          if (!p.inBibliography && target) {
            item.command = { title: 'Add to the bibliography', command: addToBibliographyCommand, arguments: [target.toString(), p.paper.id, p.citeKey] };
          }
        }
        return item;
      });
    return new vscode.CompletionList(items, false);
  }
}

class CitationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly support: CitationSupport) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const language = citeLanguage(document.languageId);
    if (!language) return undefined;
    const found = keyAt(document.lineAt(position.line).text, position.character, language);
    if (!found) return undefined;
    const { target, papers } = await this.support.keyed(document);
    if (token.isCancellationRequested) return undefined;
    const paper = papers.find((p) => p.citeKey === found.key && (p.inBibliography || language !== 'bibtex')) ?? papers.find((p) => p.key === found.key);
    if (!paper) return undefined;
    return new vscode.Hover(this.support.markdown(paper, target), new vscode.Range(position.line, found.start, position.line, found.end));
  }
}

/**
 * Citation keys from the library: completion in `\cite{…}`, `[@…]` and `.bib` files, a hover on a key, and the
 * command a completion runs to add its paper to the bibliography. Nothing happens when they are built:
 * the notes are read on the first completion or hover.
 */
export class CitationProviders extends Disposable {
  /** Registered by src/extension.ts on `citationSelector`, with the trigger characters `citationTriggers`. */
  readonly completion: vscode.CompletionItemProvider;
  readonly hover: vscode.HoverProvider;

  constructor(bibliography: Bibliography) {
    super();
    const support = new CitationSupport(bibliography);
    this.completion = new CitationCompletionProvider(support);
    this.hover = new CitationHoverProvider(support);
    this._register(
      registerCommand(
        addToBibliographyCommand,
        guarded(async (target: unknown, id: unknown, key: unknown) => {
          if (typeof target !== 'string' || typeof id !== 'string') return;
          const paper = (await bibliography.papers()).find((p) => p.paper.id === id);
          if (!paper) return;
          if (!vscode.workspace.isTrusted) {
            void vscode.window.showWarningMessage('Marginalia: the key was inserted; adding the paper to the bibliography needs a trusted workspace.');
            return;
          }
          // The key the completion inserted, whatever another paper's addition meanwhile made of the usual one.
          await bibliography.add(vscode.Uri.parse(target), [{ ...paper, key: typeof key === 'string' ? key : paper.key }]);
        }),
      ),
    );
  }
}
