import * as vscode from 'vscode';
import { FeedLoader } from './core/feeds/feedLoader';
import type { SampleFeed } from './core/feeds/feedSource';
import type { FeedParseResult, Paper } from './core/paper';
import { fetchHttpClient } from './core/net/http';
import { agentLmTools, agentToolsApi, registerAgentLmTools, registerMcpServerDefinitions } from './host/agentTools/agentTools';
import { hostAgentDeps } from './host/agentTools/hostAgentDeps';
import { createApi, type MarginaliaApi } from './host/api';
import { registerCodeLinkCommands } from './host/code/codeCommands';
import { CodeLinks } from './host/code/codeLinks';
import { CitationVersions, registerCitationVersionCommand } from './host/code/citationVersions';
import { PaperLookup } from './host/code/paperLookup';
import { extendMarkdownIt, registerPaperUriHandler } from './host/code/paperLinksOutside';
import { ReferenceProviders } from './host/code/referenceProviders';
import { WorkspaceMentions } from './host/code/workspaceMentions';
import { registerCommands } from './host/commands';
import { feedEndpoints, feedMaxResponseBytes, networkTimeoutMs } from './host/config';
import { FeedService } from './host/feeds/feedService';
import { registerFeedImportCommands } from './host/feeds/feedImports';
import { SidebarModel } from './host/feeds/sidebarModel';
import { offThreadFeedParser } from './host/feeds/offThreadParse';
import { StorageFeedCache } from './host/feeds/storageFeedCache';
import { Bibliography, libraryFeed } from './host/library/bibliography';
import { registerBibliographyCommands } from './host/library/bibliographyCommands';
import { CitationProviders } from './host/library/citationProviders';
import { LibraryService } from './host/library/libraryService';
import { PaperCitations } from './host/paper/paperCitations';
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

  const loadSample = async (feed: SampleFeed): Promise<FeedParseResult> => {
    const bytes = await vscode.workspace.fs.readFile(
      vscode.Uri.joinPath(context.extensionUri, 'dist', feed === 'hf-day' ? 'sample-hf-day.json' : 'sample-feed.json'),
    );
    return JSON.parse(new TextDecoder().decode(bytes)) as FeedParseResult;
  };
  const loader = new FeedLoader({
    http: fetchHttpClient(),
    cache: new StorageFeedCache(vscode.Uri.joinPath(context.globalStorageUri, 'feeds')),
    endpoints: feedEndpoints,
    timeoutMs: networkTimeoutMs(),
    maxResponseBytes: feedMaxResponseBytes,
    // Big feeds are parsed in a thread of their own where the host runs on Node; in the browser, here.
    parse: offThreadFeedParser(context.extensionUri.scheme === 'file' ? vscode.Uri.joinPath(context.extensionUri, 'dist', 'feedWorker.js').fsPath : undefined),
    readFile: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
    loadSample,
    // "My library": read when it is the source shown (a feed's papers, when one was seen, give authors and abstracts).
    loadLibrary: (): Promise<FeedParseResult> => libraryFeed(library, (id: string): Promise<Paper | undefined> => paperServices.findPaper(id)),
  });
  const feeds = new FeedService(loader, context.globalState, report);
  const search = new SearchService(
    feeds,
    vscode.Uri.joinPath(context.globalStorageUri, 'index'),
    output,
    vscode.Uri.joinPath(context.extensionUri, 'dist', 'searchWorker.js'),
  );
  const library = new LibraryService(output);
  feeds.followLibrary(library.onDidChange);
  const recent = new RecentPapers(context.globalState);
  // The lookups, code links, citations and views are built below and each needs the paper services: asked for in use.
  const paperServices: PaperServices = new PaperServices({
    feeds,
    search,
    library,
    recent,
    lookup: () => lookup,
    workspaceLinks: () => codeLinks,
    citations: () => citations,
    panels: () => panels,
  });
  const lookup = new PaperLookup({
    known: (id) => paperServices.findPaper(id),
    loader,
    store: new StorageFeedCache(vscode.Uri.joinPath(context.globalStorageUri, 'papers')),
    log: (message) => output.warn(message),
  });
  const mentions = new WorkspaceMentions((message) => output.warn(message));
  const codeLinks = new CodeLinks({ feeds, search, library, paperServices, lookup, mentions });
  const versions = new CitationVersions({
    lookup,
    library,
    mentions,
    openPdf: async (paper, version) => {
      await vscode.commands.executeCommand('marginalia.openPaperPdf', { id: paper.id, arxivId: paper.arxivId, version, title: paper.title });
    },
  });
  const citations = new PaperCitations(context.globalStorageUri, library, mentions);
  const panels = new PaperPanels(context.extensionUri, paperServices);
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
  const bibliography = new Bibliography(library, (id) => paperServices.findPaper(id), context.workspaceState, output);
  // Tools for chat and agents, in VS Code (language model tools) and outside it (`marginalia mcp`).
  const agentTools = agentLmTools(hostAgentDeps({ feeds, search, library, paperServices, mentions, loadSample }));
  const mcpServers = registerMcpServerDefinitions({
    extensionUri: context.extensionUri,
    storageUri: context.globalStorageUri,
    version: String(context.extension.packageJSON.version),
    feeds,
  });
  const forWorkspace = new ForWorkspaceView({ relevance, wake: () => feeds.ensureLoaded(), papers: () => feeds.papers });
  const forWorkspaceTree = vscode.window.createTreeView(forWorkspaceViewId, { treeDataProvider: forWorkspace });
  forWorkspace.attach(forWorkspaceTree);

  context.subscriptions.push(
    output,
    feeds,
    search,
    library,
    paperServices,
    panels,
    relevance,
    sidebarModel,
    sidebar,
    vscode.window.registerWebviewViewProvider(sidebarViewId, sidebar),
    forWorkspace,
    forWorkspaceTree,
    // Hovers and links on arXiv ids in any file, once active; the manifest wakes Marginalia for the languages
    // where references are usual (see `activationEvents`).
    new ReferenceProviders(lookup, library, versions),
    versions,
    registerCitationVersionCommand(versions),
    mentions,
    codeLinks,
    bibliography,
    // Citation keys in LaTeX, Markdown and .bib files; the notes are read on the first completion or hover.
    new CitationProviders(bibliography),
    ...registerBibliographyCommands(bibliography),
    ...registerCodeLinkCommands(codeLinks),
    registerPaperUriHandler((id, noteId) => paperServices.openById(id, { noteId })),
    ...registerCommands({ feeds, search, library, paperServices, sidebar }),
    // Imports kept beside the user's list of sources (global storage), not in a workspace: see feedImports.ts.
    ...registerFeedImportCommands({ feeds, storage: vscode.Uri.joinPath(context.globalStorageUri, 'imports'), http: fetchHttpClient() }),
    ...registerAgentLmTools(agentTools),
    ...mcpServers.disposables,
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
  return { ...createApi({ feeds, search, library, paperServices, agentTools: agentToolsApi(agentTools, () => mcpServers.launches()) }), extendMarkdownIt };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
