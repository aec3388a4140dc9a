import * as vscode from 'vscode';
import type { Paper } from '../../core/paper';
import { notesFolder } from '../notesSetting';
import { mcpDefinitionsApi } from './lmApiAdapter';

export interface McpDefinitionDeps {
  readonly extensionUri: vscode.Uri;
  readonly storageUri: vscode.Uri;
  readonly version: string;
  /** The papers of the loaded feed, if one was loaded (the services woke and loaded it). */
  readonly loadedPapers: () => readonly Paper[] | undefined;
}

/** The papers an MCP server started now should search: the loaded feed's, written where the server can read them. */
async function feedForServer(deps: McpDefinitionDeps, sample: string): Promise<string> {
  const papers = deps.loadedPapers();
  if (!papers) return sample;
  const file = vscode.Uri.joinPath(deps.storageUri, 'agent-papers.json');
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
export function mcpServerDefinitions(deps: McpDefinitionDeps): {
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
        // Listing costs nothing (VS Code lists at start-up: the services stay asleep); the loaded papers are written
        // only when VS Code starts a server.
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
