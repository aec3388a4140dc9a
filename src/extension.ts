import * as vscode from 'vscode';
import { registerAgentLmTools } from './host/agentTools/lmApiAdapter';
import { mcpServerDefinitions } from './host/agentTools/mcpServers';
import type { MarginaliaApi } from './host/api';
import { extendMarkdownIt, paperUriHandler } from './host/code/paperLinksOutside';
import { ReferenceRegistrations } from './host/code/referenceRegistration';
import {
  citationSelector,
  citationTriggers,
  forWorkspaceViewId,
  paperViewType,
  pdfReaderOptions,
  pdfReaderViewType,
  settingsActingAtOnce,
  sidebarViewId,
} from './host/contributions';
import type { CommandHandler } from './host/wake/commandRegistry';
import * as forward from './host/wake/forwarders';
import { wakeOnFirstCall } from './host/wake/wakeOnFirstCall';

/**
 * What VS Code loads when something wakes Marginalia (see `activationEvents`): it registers every way in (commands,
 * views, editors, providers, tools) and builds the services behind them on the first call that needs them. Waking
 * then costs registrations only; no request, no read of the workspace, no index, and none of the services' code.
 */
export function activate(context: vscode.ExtensionContext): MarginaliaApi & { extendMarkdownIt: typeof extendMarkdownIt } {
  const contributes = (context.extension.packageJSON as { contributes?: Contributions }).contributes ?? {};
  const commands = new Map<string, CommandHandler | undefined>((contributes.commands ?? []).map((c) => [c.command, undefined]));
  const wake: forward.Wake = wakeOnFirstCall({
    start: () => {
      // The services' module: a file of its own on Node (dist/services.node.js), inside the bundle in the browser.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first need, synchronously
      const { startServices } = require('./host/composition') as typeof import('./host/composition');
      return startServices(context, { commands, forWorkspaceTree: forWorkspace, mcpLaunches: () => mcp.launches() });
    },
    sayFailure: (error) => void vscode.window.showErrorMessage(`${error.message}. Reload the window to try again.`),
    keep: (disposable) => context.subscriptions.push(disposable),
  });

  const forWorkspaceProvider = forward.forWorkspaceTree(wake);
  const forWorkspace = vscode.window.createTreeView(forWorkspaceViewId, { treeDataProvider: forWorkspaceProvider });
  const lenses = forward.versionLenses(wake);
  // The MCP servers are listed without the services; starting one writes the loaded feed's papers, if any.
  const mcp = mcpServerDefinitions({
    extensionUri: context.extensionUri,
    storageUri: context.globalStorageUri,
    version: String(context.extension.packageJSON.version),
    loadedPapers: () => (wake.awake() ? wake().loadedPapers() : undefined),
  });
  context.subscriptions.push(
    ...[...commands.keys()].map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        const handler = wake() && commands.get(id);
        if (!handler) throw new Error(`Marginalia has no handler for ${id}`);
        return handler(...args);
      }),
    ),
    vscode.window.registerWebviewViewProvider(sidebarViewId, forward.sidebar(wake)),
    forWorkspaceProvider,
    forWorkspace,
    vscode.window.registerCustomEditorProvider(pdfReaderViewType, forward.pdfEditor(wake), pdfReaderOptions),
    vscode.window.registerWebviewPanelSerializer(paperViewType, forward.paperPanels(wake)),
    vscode.window.registerUriHandler(paperUriHandler((id, noteId) => wake().openPaper(id, noteId))),
    // Hovers and links on arXiv ids in any file; the manifest wakes Marginalia for the languages where references
    // are usual (see `activationEvents`). The links need only the text.
    lenses,
    new ReferenceRegistrations(forward.referenceHover(wake), lenses),
    // Citation keys in LaTeX, Markdown and .bib files.
    vscode.languages.registerCompletionItemProvider(citationSelector, forward.citationCompletion(wake), ...citationTriggers),
    vscode.languages.registerHoverProvider(citationSelector, forward.citationHover(wake)),
    ...registerAgentLmTools(new Map((contributes.languageModelTools ?? []).map((t) => [t.name, forward.lmTool(wake, t.name)]))),
    ...mcp.disposables,
    // Turning the reader off or on writes VS Code's editor association, a kept .bib file is written when set: now,
    // not when the services next wake. Their own listeners follow the next changes.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!wake.awake() && !wake.failed() && settingsActingAtOnce.some((setting) => e.affectsConfiguration(setting))) wake().settingsChanged(e);
    }),
  );

  // The API wakes the services when it is used; `extendMarkdownIt` (the Markdown preview's plugin) needs none.
  return {
    apiVersion: 1,
    feedState: () => wake().api.feedState(),
    whenFeedSettled: () => wake().api.whenFeedSettled(),
    findPaper: (id) => wake().api.findPaper(id),
    whenLibraryReady: () => wake().api.whenLibraryReady(),
    get notes() {
      return wake().api.notes;
    },
    get agentTools() {
      return wake().api.agentTools;
    },
    extendMarkdownIt,
  };
}

/** The parts of package.json's `contributes` registered here. */
interface Contributions {
  readonly commands?: readonly { readonly command: string }[];
  readonly languageModelTools?: readonly { readonly name: string }[];
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
