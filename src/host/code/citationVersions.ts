import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import { formatArxivId } from '../../core/arxivId';
import {
  moveCitationCommand,
  newerVersion,
  newerVersionLine,
  noteVersion,
  parseMoveCitationArgs,
  versionChangeText,
  versionRewritePlan,
  type MoveCitationRequest,
  type NewerVersion,
} from '../../core/links/paperVersions';
import { referenceAt, referencesByLine } from '../../core/links/referenceScan';
import { maxLinkedChars } from './arxivLinks';
import type { Paper } from '../../core/paper';
import { Disposable } from '../dispose';
import { guarded } from '../errorMessages';
import { ensureTrusted } from '../trust';
import type { LibraryService } from '../library/libraryService';
import type { PaperLookup } from './paperLookup';
import type { WorkspaceMentions } from './workspaceMentions';

/** Distinct papers a file's lenses look at: each is a read of the lookup cache, never a request. */
const maxLensPapers = 50;

export interface CitationVersionDeps {
  readonly lookup: PaperLookup;
  readonly library: LibraryService;
  readonly mentions: WorkspaceMentions;
  /** Opens the paper's PDF at a version (the reader finds the highlights again there by their quotes). */
  readonly openPdf: (paper: Paper, version: number) => Promise<void>;
}

/** What a move did, for the caller (and tests through the command's result). */
export interface MoveResult {
  readonly id: string;
  readonly to: number;
  /** Citations rewritten, over how many files. */
  readonly citations: number;
  readonly files: number;
  /** The note's `version` was moved from this one. */
  readonly noteFrom?: number;
  /** Highlights in the note, now looked for in the new version's PDF. */
  readonly highlights: number;
}

class VersionLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly news: NewerVersion,
    readonly uri: string,
  ) {
    super(range);
  }
}

/**
 * Newer arXiv versions of papers cited at a version in code: a code lens on each such citation (only for papers
 * whose arXiv record is already known here: no lens ever makes a request), and the command that moves a file's
 * citations, the paper's note and its highlights to the latest version.
 */
export class CitationVersions extends Disposable implements vscode.CodeLensProvider<VersionLens> {
  private readonly _onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(private readonly deps: CitationVersionDeps) {
    super();
  }

  /** A paper's record became known (a hover looked it up): lenses may now show for it. */
  learned(): void {
    this._onDidChangeCodeLenses.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<VersionLens[]> {
    const text = document.getText();
    if (text.length > maxLinkedChars) return [];
    const refs = referencesByLine(text, { maxReferences: 1000 }).filter((r) => r.version !== undefined);
    const ids = [...new Set(refs.map((r) => r.id))].slice(0, maxLensPapers);
    const known = new Map<string, Paper | undefined>();
    // Only arXiv's answers kept from earlier lookups: a lens never asks arXiv, and never wakes the notes folders.
    await Promise.all(ids.map(async (id) => known.set(id, await this.deps.lookup.cached(id))));
    if (token.isCancellationRequested) return [];
    const lenses: VersionLens[] = [];
    for (const ref of refs) {
      const paper = known.get(ref.id);
      const news = paper ? newerVersion(ref.version, paper) : undefined;
      if (news) lenses.push(new VersionLens(new vscode.Range(ref.line, ref.start, ref.line, ref.end), news, document.uri.toString()));
    }
    return lenses;
  }

  resolveCodeLens(lens: VersionLens): VersionLens {
    const changed = versionChangeText(lens.news);
    lens.command = {
      title: `$(versions) ${newerVersionLine(lens.news)} · Move to v${lens.news.latest}`,
      tooltip: changed || undefined,
      command: moveCitationCommand,
      arguments: [{ id: lens.news.arxivId, to: lens.news.latest, uri: lens.uri } satisfies MoveCitationRequest],
    };
    return lens;
  }

  /**
   * Moves citations of a paper at an older version to the latest (one file, or every file that cites it), as one
   * undoable workspace edit; then the note's `version`, and opens the new version's PDF when the note has
   * highlights, so the reader finds them again by their quotes. Without an argument: the citation under the cursor.
   */
  async move(arg: unknown): Promise<MoveResult | undefined> {
    const parsed = parseMoveCitationArgs(arg);
    if (parsed && 'error' in parsed) throw new Error(parsed.error);
    const request = parsed ?? this.underCursor();
    if (!request) throw new Error('Put the cursor on a versioned arXiv id (like 2312.00752v1) to move it to the latest version.');
    const found = await this.deps.lookup.findForOpen(request.id);
    if (!found) throw new Error(`arXiv:${request.id} is not an arXiv paper.`);
    // A paper from a Hugging Face feed (or a note) does not say its version: arXiv's record does.
    const paper = request.to === undefined && found.version === undefined ? ((await this.deps.lookup.arxivRecord(request.id)) ?? found) : found;
    const to = request.to ?? paper.version;
    if (to === undefined) throw new Error(`arXiv did not say which version of arXiv:${request.id} is the latest.`);

    const edit = new vscode.WorkspaceEdit();
    let citations = 0;
    let files = 0;
    for (const uri of await this.filesCiting(request)) {
      const document = await vscode.workspace.openTextDocument(uri);
      const plan = versionRewritePlan(document.getText(), request.id, to);
      if (plan.length === 0) continue;
      files++;
      citations += plan.length;
      for (const r of plan) edit.replace(uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
    }
    if (citations > 0 && !(await vscode.workspace.applyEdit(edit, { isRefactoring: true })))
      throw new Error('The citations could not be changed (is the file read-only?).');

    await this.deps.library.whenReady();
    const item = this.deps.library.item(paper.id);
    const older = noteVersion(item?.doc.frontMatter?.data);
    // Writing the note needs a trusted workspace, as every note edit does; the citations in code are the user's edit.
    const noteFrom =
      item && older !== undefined && older < to && (await ensureTrusted('Moving the note to the new version writes the paper’s note')) ? older : undefined;
    if (noteFrom !== undefined) await this.deps.library.edit(paper, (doc) => doc.setField('version', to));
    const highlights = item?.doc.notes.filter((n) => n.kind === 'pdf').length ?? 0;
    this._onDidChangeCodeLenses.fire();

    const moved = [
      citations > 0 ? `${citations} citation${citations === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}` : '',
      noteFrom !== undefined ? 'the note' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const what = `arXiv:${formatArxivId({ id: request.id, version: to })}`;
    if (highlights > 0) {
      await this.deps.openPdf(paper, to);
      void vscode.window.showInformationMessage(
        `${moved ? `Moved ${moved} to ${what}` : `Opened ${what}`}: its PDF shows your ${highlights} highlight${highlights === 1 ? '' : 's'} where their quotes are in this version.`,
      );
    } else {
      void vscode.window.showInformationMessage(moved ? `Moved ${moved} to ${what}.` : `Nothing cites an older version of arXiv:${request.id} here.`);
    }
    return { id: request.id, to, citations, files, ...(noteFrom !== undefined ? { noteFrom } : {}), highlights };
  }

  /** The versioned citation under the cursor of the active editor. */
  private underCursor(): MoveCitationRequest | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const at = editor.selection.active;
    const ref = referenceAt(editor.document.lineAt(at.line).text, at.character);
    return ref?.version !== undefined ? { id: ref.id, uri: editor.document.uri.toString() } : undefined;
  }

  /** The file asked for, or every file of the workspace that mentions the paper (and open ones not yet saved). */
  private async filesCiting(request: MoveCitationRequest): Promise<vscode.Uri[]> {
    if (request.uri) return [vscode.Uri.parse(request.uri, true)];
    await this.deps.mentions.ensureStarted();
    const uris = new Map<string, vscode.Uri>();
    for (const m of this.deps.mentions.mentionsOf(request.id)) uris.set(m.uri.toString(), m.uri);
    for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.getText().includes(request.id)) uris.set(d.uri.toString(), d.uri);
    return [...uris.values()].filter((u) => !this.deps.library.isNoteFile(u));
  }
}

/**
 * `marginalia.moveCitationToLatestVersion`: `()` for the citation under the cursor, `({ id, to?, uri? })` from a lens,
 * a hover link or the paper view. Returns what it moved (for tests and other extensions); failures are shown.
 */
export function registerCitationVersionCommand(versions: CitationVersions): vscode.Disposable {
  return registerCommand(
    moveCitationCommand,
    guarded((arg?: unknown) => versions.move(arg)),
  );
}
