/**
 * The adapter to VS Code's language model tool and MCP server definition APIs, which came after the VS Code Marginalia
 * supports (`engines.vscode`, and the `@types/vscode` it builds against): their shapes as this extension uses them,
 * and whether the running VS Code has them. Everything else goes through here instead of casting `vscode`.
 */
import * as vscode from 'vscode';

/** `vscode.LanguageModelToolInvocationPrepareOptions` / `…InvocationOptions`, the parts used. */
export interface LmToolOptions {
  readonly input: unknown;
}

/** `vscode.PreparedToolInvocation` (VS Code 1.95+). */
export interface LmPreparedInvocation {
  readonly invocationMessage?: string;
  readonly confirmationMessages?: { readonly title: string; readonly message: string | vscode.MarkdownString };
}

/** `vscode.LanguageModelTool` (VS Code 1.95+). */
export interface LmTool {
  prepareInvocation?(options: LmToolOptions, token: vscode.CancellationToken): Promise<LmPreparedInvocation | undefined>;
  invoke(options: LmToolOptions, token: vscode.CancellationToken): Promise<unknown>;
}

/** `vscode.McpStdioServerDefinition` (VS Code 1.101+), as constructed. */
export type McpStdioServerDefinitionCtor = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => object;

/** `vscode.McpServerDefinitionProvider` (VS Code 1.101+). */
export interface McpProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): Promise<object[]>;
  resolveMcpServerDefinition?(server: object, token: vscode.CancellationToken): Promise<object | undefined>;
}

interface LmRuntime {
  readonly lm?: {
    readonly registerTool?: (name: string, tool: LmTool) => vscode.Disposable;
    readonly registerMcpServerDefinitionProvider?: (id: string, provider: McpProvider) => vscode.Disposable;
  };
  readonly LanguageModelToolResult?: new (content: unknown[]) => unknown;
  readonly LanguageModelTextPart?: new (value: string) => unknown;
  readonly McpStdioServerDefinition?: McpStdioServerDefinitionCtor;
}

const runtime = vscode as unknown as LmRuntime;

/** VS Code's language model tools, when this VS Code has them (1.95+). */
export function lmToolsApi(): { register(name: string, tool: LmTool): vscode.Disposable; textResult(text: string): unknown } | undefined {
  const register = runtime.lm?.registerTool;
  const Result = runtime.LanguageModelToolResult;
  const TextPart = runtime.LanguageModelTextPart;
  if (typeof register !== 'function' || !Result || !TextPart) return undefined;
  return { register: (name, tool) => register(name, tool), textResult: (text) => new Result([new TextPart(text)]) };
}

/** VS Code's MCP server definitions, when this VS Code has them (1.101+). */
export function mcpDefinitionsApi(): { register(id: string, provider: McpProvider): vscode.Disposable; Stdio: McpStdioServerDefinitionCtor } | undefined {
  const register = runtime.lm?.registerMcpServerDefinitionProvider;
  const Stdio = runtime.McpStdioServerDefinition;
  if (typeof register !== 'function' || !Stdio) return undefined;
  return { register: (id, provider) => register(id, provider), Stdio };
}

/** Registers the language model tools where VS Code has them (1.95+); nothing elsewhere. */
export function registerAgentLmTools(tools: ReadonlyMap<string, LmTool>): vscode.Disposable[] {
  const api = lmToolsApi();
  if (!api) return [];
  return [...tools].map(([name, tool]) => api.register(name, tool));
}
