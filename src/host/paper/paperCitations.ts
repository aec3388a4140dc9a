import * as vscode from 'vscode';
import { CitationCache, CachedCitations, CitationClient } from '../../core/citations/citationClient';
import type { KnownPapers } from '../../core/citations/citationRows';
import { CitationsState, arxivIdsOf, citationPart, hfPart, loadingCitations, settlePart } from '../../core/citations/citationsState';
import type { HfLinkedRepos } from '../../core/citations/hfLinkedRepos';
import { HfPaperClient } from '../../core/citations/hfPaperClient';
import type { CitationPage } from '../../core/citations/semanticScholar';
import { fetchHttpClient } from '../../core/net/http';
import type { Paper } from '../../core/paper';
import type { WorkspaceMentions } from '../code/workspaceMentions';
import { citationsEnabled, feedEndpoints, networkTimeoutMs, semanticScholarApi } from '../config';
import type { LibraryService } from '../library/libraryService';

/** Fetched pages kept in global storage, one JSON file per key (the key names the endpoint's origin). */
class StorageCitationCache<T> implements CitationCache<T> {
  constructor(
    private readonly folder: vscode.Uri,
    private readonly isPage: (page: unknown) => page is T,
  ) {}

  private file(key: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${key.replace(/[^\w.-]/g, '_')}.json`);
  }

  async read(key: string): Promise<CachedCitations<T> | undefined> {
    try {
      const value = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file(key)))) as Partial<CachedCitations<unknown>>;
      return typeof value.savedAt === 'number' && typeof value.from === 'string' && this.isPage(value.page)
        ? { savedAt: value.savedAt, from: value.from, page: value.page }
        : undefined;
    } catch {
      return undefined;
    }
  }

  async write(key: string, value: CachedCitations<T>): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    // Write then rename: a crash mid-write never leaves a truncated file to be read.
    const temp = vscode.Uri.joinPath(this.folder, `.${key.replace(/[^\w.-]/g, '_')}.${Date.now()}.tmp`);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(JSON.stringify(value)));
    await vscode.workspace.fs.rename(temp, this.file(key), { overwrite: true });
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The paper view's references, citing papers and Hugging Face links: fetched only when a paper view asks (the user
 * opened a paper), from the endpoints in the user's settings, cached in global storage, each part sent as it
 * settles. Works in Restricted Mode: it only reads.
 */
export class PaperCitations {
  private readonly s2: CitationClient;
  private readonly hf: HfPaperClient;

  /** Fires when what marks a row may have changed: a note, or the papers the workspace's files mention. */
  readonly onDidChangeKnown: vscode.Event<void>;

  constructor(
    storage: vscode.Uri,
    private readonly library: LibraryService,
    private readonly mentions: WorkspaceMentions,
  ) {
    this.onDidChangeKnown = (listener, thisArgs, disposables) => {
      const subscriptions = [library.onDidChange(() => listener.call(thisArgs)), mentions.onDidChange(() => listener.call(thisArgs))];
      const both = vscode.Disposable.from(...subscriptions);
      disposables?.push(both);
      return both;
    };
    const http = fetchHttpClient();
    this.s2 = new CitationClient({
      http,
      cache: new StorageCitationCache<CitationPage>(
        vscode.Uri.joinPath(storage, 'citations'),
        (page): page is CitationPage => isObj(page) && Array.isArray(page.papers),
      ),
      endpoint: semanticScholarApi,
      timeoutMs: networkTimeoutMs(),
    });
    this.hf = new HfPaperClient({
      http,
      cache: new StorageCitationCache<HfLinkedRepos>(
        vscode.Uri.joinPath(storage, 'hf-papers'),
        (page): page is HfLinkedRepos => isObj(page) && Array.isArray(page.repos) && isObj(page.totals),
      ),
      endpoint: () => feedEndpoints().huggingFace,
      timeoutMs: networkTimeoutMs(),
    });
  }

  /**
   * Loads the three parts for a paper and sends the state after each settles (first as `loading` unless `shown`
   * already has something). Sends `undefined` when the section is off or the paper has no arXiv id.
   */
  async load(
    paper: Paper,
    send: (state: CitationsState | undefined) => void,
    options: { refresh?: boolean; signal?: AbortSignal; shown?: CitationsState } = {},
  ): Promise<void> {
    const arxivId = paper.arxivId;
    if (!citationsEnabled() || !arxivId) {
      send(undefined);
      return;
    }
    let state = options.refresh || !options.shown ? loadingCitations : options.shown;
    send(state);
    const known = this.known();
    const load = { refresh: options.refresh, signal: options.signal };
    const update = (patch: Partial<CitationsState>) => {
      if (options.signal?.aborted) return;
      state = { ...state, ...patch };
      send(state);
    };
    await Promise.all([
      settlePart(this.hf.load(arxivId, load), hfPart).then((hf) => update({ hf })),
      // The two directions queue behind S2's rate limit: references first, as the view lists them first.
      settlePart(Promise.all([this.s2.load(arxivId, 'references', load), known]), ([page, k]) => citationPart(page, k)).then((references) =>
        update({ references }),
      ),
      settlePart(Promise.all([this.s2.load(arxivId, 'citations', load), known]), ([page, k]) => citationPart(page, k)).then((citations) =>
        update({ citations }),
      ),
    ]);
  }

  /** The arXiv ids of the library's notes and of the papers mentioned in the workspace's files. */
  private async known(): Promise<KnownPapers> {
    const [libraryArxivIds, workspaceArxivIds] = await Promise.all([
      this.library
        .whenReady()
        .then(() => arxivIdsOf(this.library.all().flatMap((item) => [item.doc.meta.id, item.doc.meta.url, item.paperId])))
        .catch(() => new Set<string>()),
      // Notes mention the papers they are about: the library marks those, "cited here" is the rest of the workspace.
      this.mentions
        .all()
        .then((all) => arxivIdsOf(all.filter((m) => !this.library.isNoteFile(m.mention.uri)).map((m) => m.arxivId)))
        .catch(() => new Set<string>()),
    ]);
    return { libraryArxivIds, workspaceArxivIds };
  }
}
