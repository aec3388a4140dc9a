/**
 * Marginalia's tools for VS Code's chat and agents: the language model tools of package.json's `languageModelTools`,
 * and `marginalia mcp` offered as an MCP server, each only where the running VS Code has the API.
 */
import * as vscode from 'vscode';
import { AgentToolInputError, confirmAgentTool, runAgentTool } from '../../core/agentTools/handlers';
import type { AgentToolDeps } from '../../core/agentTools/ports';
import { agentToolSpecs } from '../../core/agentTools/specs';
import type { Paper } from '../../core/paper';
import { notesFolder } from '../config';
import type { FeedService } from '../feeds/feedService';
import { lmToolsApi, mcpDefinitionsApi, type LmPreparedInvocation, type LmTool } from './lmApiAdapter';

/** The tools as VS Code calls them, by name: what the extension registers, and what its API hands to tests. */
export function agentLmTools(deps: AgentToolDeps): ReadonlyMap<string, LmTool> {
  const tools = new Map<string, LmTool>();
  for (const spec of agentToolSpecs) {
    tools.set(spec.name, {
      async prepareInvocation({ input }): Promise<LmPreparedInvocation | undefined> {
        if (!spec.writes) return { invocationMessage: `${spec.title}…` };
        // Restricted Mode or no folder: nothing to confirm, the invocation says why it writes nothing.
        if (!deps.notes.writable().ok) return { invocationMessage: `${spec.title}…` };
        const confirmation = await confirmAgentTool(spec.name, input, deps).catch((error: unknown) => {
          if (error instanceof AgentToolInputError) return undefined; // The invocation reports it to the model.
          throw error;
        });
        if (!confirmation) return { invocationMessage: `${spec.title}…` };
        return { invocationMessage: `${spec.title}…`, confirmationMessages: { title: confirmation.title, message: confirmation.message } };
      },
      async invoke({ input }) {
        const api = lmToolsApi();
        const text = await runAgentTool(spec.name, input, deps);
        return api ? api.textResult(text) : text;
      },
    });
  }
  return tools;
}

/** Registers the language model tools where VS Code has them (1.95+); nothing elsewhere. */
export function registerAgentLmTools(tools: ReadonlyMap<string, LmTool>): vscode.Disposable[] {
  const api = lmToolsApi();
  if (!api) return [];
  return [...tools].map(([name, tool]) => api.register(name, tool));
}

export interface McpDefinitionDeps {
  readonly extensionUri: vscode.Uri;
  readonly storageUri: vscode.Uri;
  readonly version: string;
  readonly feeds: FeedService;
}

/** The papers an MCP server started now should search: the loaded feed's, written where the server can read them. */
async function feedForServer(deps: McpDefinitionDeps, sample: string): Promise<string> {
  const state = deps.feeds.state;
  if (!deps.feeds.loadStarted || state.kind !== 'ready') return sample;
  const file = vscode.Uri.joinPath(deps.storageUri, 'agent-papers.json');
  const papers: readonly Paper[] = state.feed.result.papers;
  await vscode.workspace.fs.createDirectory(deps.storageUri);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify({ papers })));
  return file.fsPath;
}

/** How VS Code starts `marginalia mcp` for a workspace folder. */
export interface McpLaunch {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Offers `marginalia mcp` to VS Code's MCP support (1.101+), one server per local workspace folder, so agents that
 * speak MCP get the same tools. Needs Node to run the command line: not in VS Code for the Web. `launches` gives the
 * servers as VS Code would start them now (for the API), empty where nothing is offered.
 */
export function registerMcpServerDefinitions(deps: McpDefinitionDeps): {
  readonly disposables: vscode.Disposable[];
  launches(): Promise<readonly McpLaunch[]>;
} {
  const api = mcpDefinitionsApi();
  if (!api || typeof process === 'undefined' || deps.extensionUri.scheme !== 'file') return { disposables: [], launches: async () => [] };
  const changed = new vscode.EventEmitter<void>();
  const cli = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'cli.js').fsPath;
  const sample = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'sample-feed.json').fsPath;
  const folders = () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const label = (folder: vscode.WorkspaceFolder) => (folders().length > 1 ? `Marginalia (${folder.name})` : 'Marginalia');
  const launch = (folder: vscode.WorkspaceFolder, feed: string): McpLaunch => ({
    label: label(folder),
    command: process.execPath,
    args: [
      cli,
      'mcp',
      '--workspace',
      folder.uri.fsPath,
      '--notes',
      notesFolder(folder),
      '--feed',
      feed,
      ...(vscode.workspace.isTrusted ? [] : ['--read-only']),
    ],
    // The desktop's extension host runs in Electron: this makes it run the command line as Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const define = (l: McpLaunch) => new api.Stdio(l.label, l.command, [...l.args], { ...l.env }, deps.version);
  const resolved = async (folder: vscode.WorkspaceFolder) => launch(folder, await feedForServer(deps, sample));
  return {
    disposables: [
      changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('marginalia.notes.folder')) changed.fire();
      }),
      api.register('marginalia.mcp', {
        onDidChangeMcpServerDefinitions: changed.event,
        // Listing costs nothing; the loaded papers are written only when VS Code starts a server.
        provideMcpServerDefinitions: async () => folders().map((folder) => define(launch(folder, sample))),
        resolveMcpServerDefinition: async (server) => {
          const folder = folders().find((f) => label(f) === (server as { label?: string }).label);
          return folder ? define(await resolved(folder)) : server;
        },
      }),
    ],
    launches: () => Promise.all(folders().map(resolved)),
  };
}

/** The tools as the extension's API offers them (tests, other extensions): through the same objects VS Code calls. */
export interface AgentToolsApi {
  /** The confirmation VS Code would show before running a tool, as text; undefined when it asks none. */
  prepare(name: string, input: unknown): Promise<{ readonly title: string; readonly message: string } | undefined>;
  /** Runs a tool without asking (the caller asked already); resolves with its answer's text. */
  invoke(name: string, input: unknown): Promise<string>;
  /** The MCP servers offered to VS Code, as it would start them now; empty where VS Code has no MCP support. */
  mcpServers(): Promise<readonly McpLaunch[]>;
}

export function agentToolsApi(tools: ReadonlyMap<string, LmTool>, mcpServers: () => Promise<readonly McpLaunch[]>): AgentToolsApi {
  const tool = (name: string): LmTool => {
    const found = tools.get(name);
    if (!found) throw new Error(`There is no tool "${name}".`);
    return found;
  };
  const none = new vscode.CancellationTokenSource().token;
  return {
    async prepare(name, input) {
      const prepared = await tool(name).prepareInvocation?.({ input }, none);
      const messages = prepared?.confirmationMessages;
      if (!messages) return undefined;
      return { title: messages.title, message: typeof messages.message === 'string' ? messages.message : messages.message.value };
    },
    async invoke(name, input) {
      const result = await tool(name).invoke({ input }, none);
      if (typeof result === 'string') return result;
      const parts = (result as { content?: readonly { value?: unknown }[] }).content ?? [];
      return parts.map((p) => (typeof p.value === 'string' ? p.value : '')).join('');
    },
    mcpServers,
  };
}
