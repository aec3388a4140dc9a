import * as vscode from 'vscode';
import { FeedLoader } from '../core/feeds/feedLoader';
import type { SampleFeed } from '../core/feeds/feedSource';
import type { FeedParseResult, Paper } from '../core/paper';
import { fetchHttpClient } from '../core/net/http';
import { agentLmTools, agentToolsApi } from './agentTools/agentTools';
import type { LmTool } from './agentTools/lmApiAdapter';
import type { McpLaunch } from './agentTools/mcpServers';
import { hostAgentDeps } from './agentTools/hostAgentDeps';
import { createApi, type MarginaliaApi } from './api';
import { registerCodeLinkCommands } from './code/codeCommands';
import { CodeLinks } from './code/codeLinks';
import { CitationVersions, registerCitationVersionCommand } from './code/citationVersions';
import { PaperLookup } from './code/paperLookup';
import { ArxivHoverProvider } from './code/referenceProviders';
import { WorkspaceMentions } from './code/workspaceMentions';
import { registerCommands } from './commands';
import { feedEndpoints, feedMaxResponseBytes, networkTimeoutMs } from './config';
import { FeedService } from './feeds/feedService';
import { registerFeedImportCommands } from './feeds/feedImports';
import { SidebarModel } from './feeds/sidebarModel';
import { offThreadFeedParser } from './feeds/offThreadParse';
import { StorageFeedCache } from './feeds/storageFeedCache';
import { Bibliography, libraryFeed } from './library/bibliography';
import { registerBibliographyCommands } from './library/bibliographyCommands';
import { CitationProviders } from './library/citationProviders';
import { LibraryService } from './library/libraryService';
import { PaperCitations } from './paper/paperCitations';
import { PaperPanels } from './paper/paperPanels';
import { PaperServices } from './paper/paperServices';
import { RecentPapers } from './paper/recentPapers';
import { applyDefaultReader, userTurnedOff } from './pdf/defaultReader';
import { pdfReaderViewType, registerPdfReader } from './pdf/pdfReader';
import { ForWorkspaceView } from './relevance/forWorkspaceView';
import { RelevanceService } from './relevance/relevanceService';
import { SearchService } from './search/searchService';
import { SidebarView } from './sidebarView';
import { useActivationCommands, type CommandHandler } from './wake/commandRegistry';

/**
 * What the services give the module VS Code loads at activation (src/extension.ts), which registered every way in
 * already and calls these behind them.
 */
export interface Services {
  readonly api: MarginaliaApi;
  readonly sidebar: vscode.WebviewViewProvider;
  readonly forWorkspace: vscode.TreeDataProvider<string>;
  readonly pdfEditor: vscode.CustomReadonlyEditorProvider;
  readonly paperPanels: vscode.WebviewPanelSerializer;
  readonly referenceHover: vscode.HoverProvider;
  readonly versionLenses: vscode.CodeLensProvider;
  readonly citationCompletion: vscode.CompletionItemProvider;
  readonly citationHover: vscode.HoverProvider;
  readonly lmTools: ReadonlyMap<string, LmTool>;
  openPaper(id: string, noteId?: string): Promise<void>;
  /** The papers of the active feed, if it was loaded. */
  loadedPapers(): readonly Paper[] | undefined;
  /**
   * The change of settings that woke the services: what their own listeners, added after it, would have done. (Turning
   * the reader off is applied by its watcher when it starts, `watchDefaultReaderSetting`.)
   */
  settingsChanged(event: vscode.ConfigurationChangeEvent): void;
}

/** What src/extension.ts made at activation and the services use. */
export interface ActivationParts {
  /** The commands registered at activation: the services' handlers go here. */
  readonly commands: Map<string, CommandHandler | undefined>;
  /** The "For This Workspace" view. */
  readonly forWorkspaceTree: vscode.TreeView<string>;
  /** The MCP servers offered to VS Code, as it would start them now. */
  readonly mcpLaunches: () => Promise<readonly McpLaunch[]>;
}

/**
 * Composition root: builds the services on their first need (a command, a view shown, a hover on a reference) and
 * registers what only they need. No logic lives here.
 */
export function startServices(context: vscode.ExtensionContext, parts: ActivationParts): Services {
  useActivationCommands(parts.commands);
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
  const recent = new RecentPapers(context.globalState, context.workspaceState);
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
  const forWorkspace = new ForWorkspaceView({ relevance, wake: () => feeds.ensureLoaded(), papers: () => feeds.papers });
  forWorkspace.attach(parts.forWorkspaceTree);
  const citationProviders = new CitationProviders(bibliography);
  const pdfReader = registerPdfReader(context, {
    findPaper: (id) => paperServices.findPaper(id),
    lookupPaper: async (id) => {
      const found = await lookup.resolve(id, 5_000);
      return found.state === 'found' ? found.paper : undefined;
    },
    library,
    log: (message) => output.info(message),
  });

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
    forWorkspace,
    versions,
    registerCitationVersionCommand(versions),
    mentions,
    codeLinks,
    bibliography,
    // Citation keys in LaTeX, Markdown and .bib files; the notes are read on the first completion or hover.
    citationProviders,
    ...registerBibliographyCommands(bibliography),
    ...registerCodeLinkCommands(codeLinks),
    ...registerCommands({ feeds, search, library, paperServices, sidebar }),
    // Imports kept beside the user's list of sources (global storage), not in a workspace: see feedImports.ts.
    ...registerFeedImportCommands({ feeds, storage: vscode.Uri.joinPath(context.globalStorageUri, 'imports'), http: fetchHttpClient() }),
    ...pdfReader.disposables,
  );
  return {
    api: createApi({ feeds, search, library, paperServices, agentTools: agentToolsApi(agentTools, parts.mcpLaunches) }),
    sidebar,
    forWorkspace,
    pdfEditor: pdfReader.provider,
    paperPanels: panels,
    referenceHover: new ArxivHoverProvider(lookup, library, versions),
    versionLenses: versions,
    citationCompletion: citationProviders.completion,
    citationHover: citationProviders.hover,
    lmTools: agentTools,
    openPaper: (id, noteId) => paperServices.openById(id, { noteId }),
    loadedPapers: () => (feeds.loadStarted && feeds.state.kind === 'ready' ? feeds.state.feed.result.papers : undefined),
    settingsChanged: (event) => {
      // Turned on (off is applied by the reader's watcher as it starts).
      if (event.affectsConfiguration('marginalia.pdf.defaultReader') && !userTurnedOff()) {
        void applyDefaultReader(pdfReaderViewType, { turnedOn: true }, (message) => output.warn(message));
      }
      bibliography.settingsChanged(event);
    },
  };
}
