import * as vscode from 'vscode';
import { FeedLoader } from './core/feeds/feedLoader';
import type { FeedParseResult } from './core/paper';
import { fetchHttpClient } from './core/net/http';
import { createApi, type MarginaliaApi } from './host/api';
import { registerCodeLinkCommands } from './host/code/codeCommands';
import { CodeLinks } from './host/code/codeLinks';
import { PaperLookup } from './host/code/paperLookup';
import { extendMarkdownIt, registerPaperUriHandler } from './host/code/paperLinksOutside';
import { ReferenceProviders } from './host/code/referenceProviders';
import { WorkspaceMentions } from './host/code/workspaceMentions';
import { registerCommands } from './host/commands';
import { feedEndpoints, feedMaxResponseBytes, networkTimeoutMs } from './host/config';
import { FeedService } from './host/feeds/feedService';
import { SidebarModel } from './host/feeds/sidebarModel';
import { StorageFeedCache } from './host/feeds/storageFeedCache';
import { LibraryService } from './host/library/libraryService';
import { PaperPanels } from './host/paper/paperPanels';
import { PaperServices } from './host/paper/paperServices';
import { RecentPapers } from './host/paper/recentPapers';
import { registerPdfReader } from './host/pdf/pdfReader';
import { ForWorkspaceView, forWorkspaceViewId } from './host/relevance/forWorkspaceView';
import { RelevanceService } from './host/relevance/relevanceService';
import { SearchService } from './host/search/searchService';
import { SidebarView, sidebarViewId } from './host/sidebarView';

/** Composition root: builds the services and registers what VS Code shows. No logic lives here. */
export function activate(context: vscode.ExtensionContext): MarginaliaApi & { extendMarkdownIt: typeof extendMarkdownIt } {
  const output = vscode.window.createOutputChannel('Marginalia', { log: true });
  const report = (message: string) => output.warn(message);

  const loader = new FeedLoader({
    http: fetchHttpClient(),
    cache: new StorageFeedCache(vscode.Uri.joinPath(context.globalStorageUri, 'feeds')),
    endpoints: feedEndpoints,
    timeoutMs: networkTimeoutMs(),
    maxResponseBytes: feedMaxResponseBytes,
    readFile: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
    loadSample: async (feed) => {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', feed === 'hf-day' ? 'sample-hf-day.json' : 'sample-feed.json'));
      return JSON.parse(new TextDecoder().decode(bytes)) as FeedParseResult;
    },
  });
  const feeds = new FeedService(loader, context.globalState, report);
  const search = new SearchService(feeds, vscode.Uri.joinPath(context.globalStorageUri, 'index'), output, vscode.Uri.joinPath(context.extensionUri, 'dist', 'searchWorker.js'));
  const library = new LibraryService(output);
  const recent = new RecentPapers(context.globalState);
  const paperServices = new PaperServices({ feeds, search, library, recent });
  const lookup = new PaperLookup({
    known: (id) => paperServices.findPaper(id),
    loader,
    store: new StorageFeedCache(vscode.Uri.joinPath(context.globalStorageUri, 'papers')),
    log: (message) => output.warn(message),
  });
  paperServices.useFallback((id, options) => lookup.findForOpen(id, options));
  paperServices.useCachedLookups((arxivId) => lookup.cached(arxivId));
  const mentions = new WorkspaceMentions((message) => output.warn(message));
  const codeLinks = new CodeLinks({ feeds, search, library, paperServices, lookup, mentions });
  paperServices.useWorkspaceLinks(codeLinks);
  const panels = new PaperPanels(context.extensionUri, paperServices);
  paperServices.attach(panels);
  const relevance = new RelevanceService({
    papers: () => feeds.papers,
    onDidChangePapers: feeds.onDidChange,
    tags: (id) => library.tags(id),
    workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'relevanceWorker.js'),
    log: output,
  });
  const sidebarModel = new SidebarModel({
    feeds,
    search: () => search.textSearch,
    onDidChangeSearch: search.onDidChange,
    library,
    open: (id, toSide, pinned) => paperServices.openById(id, { toSide, preview: !pinned }),
    addSource: async () => {
      await vscode.commands.executeCommand('marginalia.addSource');
    },
    relevance,
  });
  const sidebar = new SidebarView(context.extensionUri, sidebarModel);
  const forWorkspace = new ForWorkspaceView({ relevance, wake: () => feeds.ensureLoaded(), papers: () => feeds.papers });
  const forWorkspaceTree = vscode.window.createTreeView(forWorkspaceViewId, { treeDataProvider: forWorkspace });
  forWorkspace.attach(forWorkspaceTree);

  context.subscriptions.push(
    output,
    feeds,
    search,
    library,
    panels,
    relevance,
    sidebarModel,
    sidebar,
    vscode.window.registerWebviewViewProvider(sidebarViewId, sidebar),
    forWorkspace,
    forWorkspaceTree,
    // Hovers and links on arXiv ids in any file, once active; the manifest wakes Marginalia for the languages
    // where references are usual (see `activationEvents`).
    new ReferenceProviders(lookup, library),
    mentions,
    codeLinks,
    ...registerCodeLinkCommands(codeLinks),
    registerPaperUriHandler((id, noteId) => paperServices.openById(id, { noteId })),
    ...registerCommands({ feeds, search, library, paperServices, sidebar }),
    ...registerPdfReader(context, {
      findPaper: (id) => paperServices.findPaper(id),
      lookupPaper: async (id) => {
        const found = await lookup.resolve(id, 5_000);
        return found.state === 'found' ? found.paper : undefined;
      },
      library,
      log: (message) => output.info(message),
    }),
  );
  // `extendMarkdownIt` is how VS Code's Markdown preview loads our plugin (`markdown.markdownItPlugins`).
  return { ...createApi({ feeds, search, library, paperServices }), extendMarkdownIt };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
