import type { AgentToolsApi } from './agentTools/agentTools';
import type { FeedState } from './feeds/feedService';
import type { FeedService } from './feeds/feedService';
import type { LibraryService } from './library/libraryService';
import { createNotesApi, type NotesApi } from './library/notesApi';
import type { PaperServices } from './paper/paperServices';
import type { SearchService } from './search/searchService';
import type { Paper } from '../core/paper';

/**
 * What `activate` returns: a small, read-mostly API for other extensions and for our own extension-host tests
 * (`vscode.extensions.getExtension('marginalia.marginalia').exports`).
 */
export interface MarginaliaApi {
  readonly apiVersion: 1;
  /** The active feed's state. */
  feedState(): FeedState;
  /** Loads the active feed if nothing did yet; resolves when it finished loading (or failed) and its index is built. */
  whenFeedSettled(): Promise<FeedState>;
  /** A paper known to Marginalia (feeds, recent papers, the library). */
  findPaper(id: string): Promise<Paper | undefined>;
  /** Reads the notes folders if nothing did yet; resolves when they were read. */
  whenLibraryReady(): Promise<void>;
  /** Notes on papers: read them, and add, change or remove notes with version checks. */
  readonly notes: NotesApi;
  /** The tools for chat and agents (`marginalia_search_papers`…), called as VS Code calls them. */
  readonly agentTools: AgentToolsApi;
}

export function createApi(deps: {
  feeds: FeedService;
  search: SearchService;
  library: LibraryService;
  paperServices: PaperServices;
  agentTools: AgentToolsApi;
}): MarginaliaApi {
  const { feeds, search, library, paperServices, agentTools } = deps;
  const whenFeedSettled = async (): Promise<FeedState> => {
    await feeds.whenSettled();
    await search.whenReady();
    return feeds.state;
  };
  // A caller of the API asking for a paper is a first need: the active feed is loaded for it if it was not yet.
  const findPaper = async (id: string): Promise<Paper | undefined> => {
    const known = await paperServices.findPaper(id);
    if (known || feeds.state.kind === 'ready') return known;
    await whenFeedSettled();
    return paperServices.findPaper(id);
  };
  return {
    apiVersion: 1,
    feedState: () => feeds.state,
    whenFeedSettled,
    findPaper,
    whenLibraryReady: () => library.whenReady(),
    notes: createNotesApi(library, findPaper),
    agentTools,
  };
}
