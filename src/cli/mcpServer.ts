/**
 * `marginalia mcp`: the agent tools (src/core/agentTools) over the Model Context Protocol on standard input and output,
 * with the official SDK. The tools' JSON Schemas are the ones VS Code's language model tools declare, so the
 * handlers are set on the SDK's protocol server directly rather than through its zod-typed `registerTool`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AgentToolInputError, runAgentTool } from '../core/agentTools/handlers';
import type { AgentToolDeps } from '../core/agentTools/ports';
import { agentToolSpecs } from '../core/agentTools/specs';

/** The MCP server of the agent tools, not yet connected. */
export function createMcpServer(deps: AgentToolDeps, version: string): McpServer {
  const mcp = new McpServer(
    { name: 'marginalia', title: 'Marginalia', version },
    {
      capabilities: { tools: {} },
      instructions:
        'Marginalia keeps research papers beside this code: feeds of papers, notes on them in the notes folder, and links between papers and lines of code. Search or list the cited papers first, then get a paper by its id.',
    },
  );
  mcp.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: agentToolSpecs.map((spec) => ({
      name: spec.name,
      title: spec.title,
      description: spec.description,
      inputSchema: spec.inputSchema as { type: 'object'; properties?: Record<string, object>; required?: string[] },
      annotations: { title: spec.title, readOnlyHint: !spec.writes, destructiveHint: false, idempotentHint: !spec.writes, openWorldHint: false },
    })),
  }));
  mcp.server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    try {
      const text = await runAgentTool(request.params.name, request.params.arguments ?? {}, deps);
      return { content: [{ type: 'text', text }] };
    } catch (error) {
      // Errors the model can act on go back as a tool result, as MCP asks; the rest too, with what failed.
      const message = error instanceof AgentToolInputError ? error.message : `The tool failed: ${error instanceof Error ? error.message : String(error)}`;
      return { content: [{ type: 'text', text: message }], isError: true };
    }
  });
  return mcp;
}

/** Serves the tools on standard input and output until the client closes them. */
export async function serveMcpOverStdio(deps: AgentToolDeps, version: string): Promise<void> {
  const mcp = createMcpServer(deps, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    mcp.server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await mcp.connect(transport);
  await closed;
  await mcp.close();
}
