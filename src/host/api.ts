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
}

export function createApi(deps: { feeds: FeedService; search: SearchService; library: LibraryService; paperServices: PaperServices }): MarginaliaApi {
  const { feeds, search, library, paperServices } = deps;
  return {
    apiVersion: 1,
    feedState: () => feeds.state,
    whenFeedSettled: async () => {
      feeds.ensureLoaded();
      if (feeds.state.kind === 'loading') {
        await new Promise<void>((resolve) => {
          const listener = feeds.onDidChange((state) => {
            if (state.kind !== 'loading') {
              listener.dispose();
              resolve();
            }
          });
        });
      }
      await search.whenReady();
      return feeds.state;
    },
    findPaper: (id) => paperServices.findPaper(id),
    whenLibraryReady: () => library.whenReady(),
    notes: createNotesApi(library, (id) => paperServices.findPaper(id)),
  };
}
