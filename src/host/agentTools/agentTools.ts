/**
 * Marginalia's tools for VS Code's chat and agents: the language model tools of package.json's `languageModelTools`,
 * and `marginalia mcp` offered as an MCP server, each only where the running VS Code has the API.
 */
import * as vscode from 'vscode';
import { AgentToolInputError, confirmAgentTool, runAgentTool } from '../../core/agentTools/handlers';
import type { AgentToolDeps } from '../../core/agentTools/ports';
import { agentToolSpecs } from '../../core/agentTools/specs';
import { lmToolsApi, type LmPreparedInvocation, type LmTool } from './lmApiAdapter';
import type { McpLaunch } from './mcpServers';

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
