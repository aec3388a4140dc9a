import * as vscode from 'vscode';
import { paperToBibtex } from '../../core/bibtex';
import { moveCitationCommand } from '../../core/links/paperVersions';
import { openPdfHighlightCommand } from '../../core/links/pdfLinks';
import type { Paper } from '../../core/paper';
import { ownRepoLink } from '../../core/repoLinks';
import { paperDay } from '../../core/paperList';
import type { CitationsState, CodeLinkTarget, PaperToHost, PaperViewState, RelatedPaper, WorkspaceLinks } from '../../protocol/paper';
import { Disposable } from '../dispose';
import type { FeedService } from '../feeds/feedService';
import { cloneRepository } from '../git/cloneRepo';
import type { LibraryService } from '../library/libraryService';
import type { SearchService } from '../search/searchService';
import { ensureTrusted } from '../trust';
import { handleEditNote, notesState } from './paperNotes';
import { newerVersionView } from './paperVersionBadge';
import { PaperLookupError, type PaperLookup } from '../code/paperLookup';
import type { PaperCitations } from './paperCitations';
import type { MissingPaper, PaperPanels, PaperViewServices } from './paperPanels';
import type { RecentPapers } from './recentPapers';

/**
 * What the paper services are built from. The last four are built after the paper services, and each needs them
 * (to find a paper by id, or to show one): they are asked for when first used, never during construction.
 */
export interface PaperServicesDeps {
  readonly feeds: FeedService;
  readonly search: SearchService;
  readonly library: LibraryService;
  readonly recent: RecentPapers;
  /** Where a paper unknown here is looked up (arXiv by id), and where papers arXiv answered for before are kept. */
  readonly lookup: () => Pick<PaperLookup, 'findForOpen' | 'cached'>;
  /** "In this workspace" of the paper views. */
  readonly workspaceLinks: () => WorkspaceLinksProvider;
  /** References, citing papers and Hugging Face links of the paper views. */
  readonly citations: () => PaperCitations;
  /** The paper views themselves. */
  readonly panels: () => PaperPanels;
}

/** "In this workspace" of the paper view: code linked to a paper and files mentioning it (host/code/codeLinks.ts). */
export interface WorkspaceLinksProvider {
  forPaper(paper: Paper): Promise<WorkspaceLinks>;
  open(paperId: string, target: CodeLinkTarget): Promise<void>;
  /** Fires when what the section shows may have changed. */
  readonly onDidChange: vscode.Event<void>;
}

function shortAuthors(paper: Paper): string {
  const names = paper.authors.map((a) => a.name);
  return names.length > 2 ? `${names[0]} et al.` : names.join(', ');
}

/** Everything a paper view can do, and where papers are found by id. */
export class PaperServices extends Disposable implements PaperViewServices {
  /** Whether open views follow the services built after this one (see `followUpdates`). */
  private following = false;
  private readonly _onDidChangePaper = this._register(new vscode.EventEmitter<string>());
  readonly onDidChangePaper = this._onDidChangePaper.event;

  constructor(private readonly deps: PaperServicesDeps) {
    super();
    this._register(deps.library.onDidChangeEntry((id) => this._onDidChangePaper.fire(id)));
    this._register(
      deps.search.onDidChange(() => {
        for (const id of this.panels.openIds) this._onDidChangePaper.fire(id);
      }),
    );
    // Trusting the workspace enables writing notes in every open view.
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        for (const id of this.panels.openIds) this._onDidChangePaper.fire(id);
      }),
    );
  }

  private get panels(): PaperPanels {
    return this.deps.panels();
  }

  private get workspaceLinks(): WorkspaceLinksProvider {
    return this.deps.workspaceLinks();
  }

  /** Papers arXiv answered for before (the lookups of papers in code). */
  private readonly cached = (arxivId: string): Promise<Paper | undefined> => this.deps.lookup().cached(arxivId);

  /**
   * Open views get updates of "In this workspace" and of the citation lists without a full refresh. Subscribed when
   * the first view asks for its state, as those services are built after this one.
   */
  private followUpdates(): void {
    if (this.following) return;
    this.following = true;
    this._register(this.workspaceLinks.onDidChange(() => void this.postWorkspaceLinks()));
    // A paper saved to the library, or cited in a file, is marked in the lists already shown (from the cache).
    this._register(this.deps.citations().onDidChangeKnown(() => this.panels.remarkCitations()));
  }

  async findPaper(id: string): Promise<Paper | undefined> {
    const own = this.deps.feeds.paper(id) ?? this.deps.recent.get(id) ?? (await this.deps.feeds.localPaper(id));
    if (own) return own;
    // A note alone gives a title but no abstract (so its notes on passages cannot be shown on it); a paper arXiv
    // answered for before gives the rest, under the note's id.
    const noted = await this.deps.library.paper(id);
    const cached = noted?.arxivId ? await this.cached(noted.arxivId) : undefined;
    return cached && noted ? { ...cached, id: noted.id } : noted;
  }

  async citations(
    paper: Paper,
    send: (state: CitationsState | undefined) => void,
    options: { refresh?: boolean; signal?: AbortSignal; shown?: CitationsState },
  ): Promise<void> {
    await this.deps.citations().load(paper, send, options);
  }

  private async postWorkspaceLinks(): Promise<void> {
    for (const id of this.panels.openIds) {
      const paper = await this.findPaper(id);
      if (paper) this.panels.postTo(id, { type: 'workspaceLinks', links: await this.workspaceLinks.forPaper(paper) });
    }
  }

  /**
   * Opens a paper by id. An arXiv id that arXiv has no paper for, or that cannot be looked up (offline), opens a
   * paper view saying so, with the id's arXiv and PDF links and Retry, rather than a toast that is soon gone.
   */
  async openById(id: string, options: { toSide?: boolean; noteId?: string; preview?: boolean } = {}): Promise<void> {
    const lookUp = async (retry: boolean): Promise<Paper | MissingPaper | undefined> => {
      try {
        return await this.deps.lookup().findForOpen(id, { retry });
      } catch (error) {
        if (error instanceof PaperLookupError) return { id: error.arxivId, reason: error.reason, message: error.message };
        throw error;
      }
    };
    // The feed's record first (it has the abstract a note's passages sit on), loading the feed if nothing did yet.
    const paper = this.deps.feeds.paper(id) ?? (await this.findInFeedOnFirstNeed(id)) ?? (await this.findPaper(id)) ?? (await lookUp(false));
    if (!paper) throw new Error(`Marginalia does not know the paper "${id}". Load a feed that has it first.`);
    if ('title' in paper) {
      await this.open(paper, options);
      return;
    }
    this.panels.openMissing(
      paper,
      async () => {
        const again = (await lookUp(true)) ?? paper;
        if ('title' in again) await this.deps.recent.remember(again);
        return again;
      },
      options,
    );
  }

  /** Opening a paper is a first need for the active feed: when it was not loaded yet, load it and look again. */
  private async findInFeedOnFirstNeed(id: string): Promise<Paper | undefined> {
    if (this.deps.feeds.state.kind === 'ready') return undefined;
    await this.deps.feeds.whenSettled();
    return this.deps.feeds.paper(id);
  }

  async open(paper: Paper, options: { toSide?: boolean; noteId?: string; preview?: boolean } = {}): Promise<void> {
    await this.deps.recent.remember(paper);
    this.panels.open(paper, options);
  }

  async viewState(paper: Paper): Promise<PaperViewState> {
    this.followUpdates();
    // Related papers come from the active feed's index: a paper view is a first need for the feed.
    this.deps.feeds.ensureLoaded();
    const related: RelatedPaper[] = this.deps.search.related(paper.id, 6).map((p) => ({
      id: p.id,
      title: p.title,
      authors: shortAuthors(p),
      date: paperDay(p),
    }));
    const writable = this.deps.library.canWrite();
    const workspaceLinks = await this.workspaceLinks.forPaper(paper);
    return {
      paper,
      library: await this.deps.library.entry(paper.id),
      related,
      canWrite: writable.ok,
      cannotWriteReason: writable.ok ? undefined : writable.reason,
      newerVersion: await newerVersionView(paper, this.deps.library.item(paper.id), workspaceLinks, this.cached),
      notes: notesState(this.deps.library.item(paper.id), paper),
      workspaceLinks,
    };
  }

  async handle(paper: Paper, message: Exclude<PaperToHost, { type: 'ready' }>): Promise<string | void> {
    switch (message.type) {
      case 'openLink':
        await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
        return;
      case 'openRepo': {
        const repo = ownRepoLink(paper.repos, message.url, 'open');
        if (!repo) throw new Error('Not opened: that link is not one of this paper’s repositories.');
        await vscode.env.openExternal(vscode.Uri.parse(repoTargetUrl(repo.url, message.target), true));
        return;
      }
      case 'cloneRepo': {
        const repo = ownRepoLink(paper.repos, message.url, 'clone');
        if (!repo) throw new Error('Not cloned: that link is not one of this paper’s git repositories (https).');
        if (!(await ensureTrusted('Cloning runs git and writes the repository into the workspace'))) return;
        const folder = await cloneRepository(repo.url);
        return folder ? `Cloned into ${vscode.workspace.asRelativePath(folder)}.` : undefined;
      }
      case 'copyBibtex':
        await vscode.env.clipboard.writeText(paperToBibtex(paper));
        return 'BibTeX copied to the clipboard.';
      case 'openPdf':
        // The reader downloads it into the cache (or opens the cached copy) and shows it in an editor.
        await vscode.commands.executeCommand('marginalia.openPaperPdf', paper);
        return;
      case 'setStatus':
        if (!(await ensureTrusted('Saving a status writes the paper’s note'))) return;
        await this.deps.library.setStatus(paper, message.status ?? undefined);
        return message.status ? `Saved as "${message.status.replace('-', ' ')}".` : 'Status cleared.';
      case 'setTags':
        if (!(await ensureTrusted('Saving tags writes the paper’s note'))) return;
        await this.deps.library.setTags(paper, message.tags);
        return 'Tags saved.';
      case 'openNote': {
        const uri = await this.deps.library.noteUri(paper.id);
        if (!uri) throw new Error('This paper has no note yet: set a status or tags first.');
        await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside });
        return;
      }
      case 'moveToLatestVersion':
        // The command says what it moved (or why it could not); the view updates from the note's change.
        await vscode.commands.executeCommand(moveCitationCommand, { id: paper.arxivId ?? paper.id });
        return;
      case 'openPaper':
        await this.openById(message.id, message.passage ? { noteId: message.passage } : {});
        return;
      case 'editNote':
        if (!(await ensureTrusted('Saving a note writes the paper’s note file'))) {
          this.panels.postTo(paper.id, {
            type: 'noteEdited',
            requestId: message.requestId,
            ok: false,
            message: 'Not saved: this workspace is in Restricted Mode.',
          });
          return;
        }
        // The answer goes back as `noteEdited`, so the view keeps a draft until it is really saved.
        await handleEditNote(this.deps.library, paper, message, (reply) => this.panels.postTo(paper.id, reply));
        return;
      case 'requestTrust':
        await vscode.commands.executeCommand('workbench.trust.manage');
        return;
      case 'openCodeLink':
        await this.workspaceLinks.open(paper.id, message.target);
        return;
      case 'retryCitations':
        // Handled by the panel, which owns the load under way.
        return;
      case 'openPdfHighlight':
        // Downloads the paper's PDF first when it is not cached (or opens the workspace PDF the highlight is in).
        await vscode.commands.executeCommand(openPdfHighlightCommand, { paper: paper.id, note: message.noteId });
        return;
    }
  }
}

/** Where "open in github.dev / vscode.dev" goes for a GitHub repo URL. */
export function repoTargetUrl(url: string, target: 'browser' | 'github.dev' | 'vscode.dev'): string {
  const m = /^https:\/\/github\.com\/([^/]+\/[^/#?]+)/i.exec(url);
  if (!m || target === 'browser') return url;
  return target === 'github.dev' ? `https://github.dev/${m[1]}` : `https://vscode.dev/github/${m[1]}`;
}
