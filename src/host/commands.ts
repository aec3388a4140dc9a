import * as vscode from 'vscode';
import { registerCommand } from './wake/commandRegistry';
import { paperToBibtex } from '../core/bibtex';
import { describeSource } from '../core/feeds/feedSource';
import { parseOpenPaperArgs } from '../core/links/commandLinks';
import type { Paper } from '../core/paper';
import { askForSource } from './feeds/addSourceFlow';
import { guarded, showError } from './errorMessages';
import { importLibrary } from './library/importLibrary';
import type { FeedService } from './feeds/feedService';
import type { LibraryService } from './library/libraryService';
import { libraryPapers, pickPaper as pickFromFeedAndLibrary } from './paperPicker';
import type { PaperServices } from './paper/paperServices';
import type { SearchService } from './search/searchService';
import type { SidebarView } from './sidebarView';

export interface CommandDeps {
  readonly feeds: FeedService;
  readonly search: SearchService;
  readonly library: LibraryService;
  readonly paperServices: PaperServices;
  readonly sidebar: SidebarView;
}

/** The paper picker of the palette commands: the library's papers, then the active feed's search results. */
async function pickPaper(deps: CommandDeps, title: string): Promise<Paper | undefined> {
  const library = await libraryPapers(deps.library, (id) => deps.paperServices.findPaper(id));
  return pickFromFeedAndLibrary(deps, { title, library });
}

/** The log of library imports, created on the first import. */
let importOutput: vscode.OutputChannel | undefined;

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { feeds, paperServices } = deps;
  const resolvePaper = async (arg: unknown, title: string): Promise<Paper | undefined> =>
    typeof arg === 'string' ? paperServices.findPaper(arg) : pickPaper(deps, title);

  return [
    registerCommand(
      'marginalia.searchPapers',
      guarded(async () => {
        const paper = await pickPaper(deps, 'Marginalia: Search Papers');
        if (paper) await paperServices.open(paper);
      }),
    ),
    registerCommand(
      'marginalia.openPaper',
      // `(id)`, `(id, { toSide })` or `({ id, passage })`: command links in notes, code comments and hovers.
      guarded(async (...args: unknown[]) => {
        const request = parseOpenPaperArgs(args);
        if ('error' in request) throw new Error(request.error);
        await paperServices.openById(request.id, { toSide: request.toSide === true, noteId: request.passage });
      }),
    ),
    registerCommand(
      'marginalia.focusSearch',
      guarded(async () => void (await deps.sidebar.focusSearch())),
    ),
    registerCommand(
      'marginalia.refreshFeed',
      guarded(() => feeds.refresh(true)),
    ),
    registerCommand(
      'marginalia.addSource',
      guarded(async () => {
        const source = await askForSource();
        if (source) await feeds.addSource(source);
      }),
    ),
    registerCommand(
      'marginalia.selectSource',
      guarded(async (id?: unknown) => {
        if (typeof id === 'string') return feeds.select(id);
        const now = new Date();
        const chosen = await vscode.window.showQuickPick(
          feeds.sources.map((s) => ({ label: describeSource(s, now), description: s.id === feeds.activeSource.id ? 'active' : undefined, id: s.id })),
          { title: 'Marginalia: Switch Feed Source' },
        );
        if (chosen) await feeds.select(chosen.id);
      }),
    ),
    registerCommand(
      'marginalia.removeSource',
      guarded(async () => {
        const now = new Date();
        const chosen = await vscode.window.showQuickPick(
          feeds.sources.map((s) => ({ label: describeSource(s, now), id: s.id })),
          { title: 'Marginalia: Remove Feed Source' },
        );
        if (chosen) await feeds.removeSource(chosen.id);
      }),
    ),
    registerCommand(
      'marginalia.copyBibtex',
      guarded(async (arg?: unknown) => {
        const paper = await resolvePaper(arg, 'Marginalia: Copy BibTeX');
        if (!paper) return;
        await vscode.env.clipboard.writeText(paperToBibtex(paper));
        void vscode.window.showInformationMessage(`BibTeX for "${paper.title}" copied.`);
      }),
    ),
    registerCommand('marginalia.importLibrary', async (target?: unknown, options?: unknown) => {
      importOutput ??= vscode.window.createOutputChannel('Marginalia Import');
      const uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.parse(target) : undefined;
      const conflicts = typeof options === 'object' && options !== null && 'conflicts' in options ? (options as { conflicts?: unknown }).conflicts : undefined;
      try {
        return await importLibrary(deps.library, importOutput, uri, conflicts === 'keep-notes' || conflicts === 'take-library' ? { conflicts } : {});
      } catch (error) {
        showError(error);
        return undefined;
      }
    }),
    { dispose: () => importOutput?.dispose() },
  ];
}
