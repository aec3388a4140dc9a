import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentToolSpecs } from '../../src/core/agentTools/specs';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    languageModelTools: {
      name: string;
      displayName: string;
      modelDescription: string;
      userDescription: string;
      toolReferenceName: string;
      inputSchema: unknown;
    }[];
    mcpServerDefinitionProviders: { id: string; label: string }[];
  };
};

describe('the agent tools in package.json', () => {
  it('declares each tool as the code defines it, for VS Code to show before the extension wakes', () => {
    const declared = manifest.contributes.languageModelTools;
    assert.deepEqual(
      declared.map((t) => t.name),
      agentToolSpecs.map((s) => s.name),
    );
    for (const spec of agentToolSpecs) {
      const tool = declared.find((t) => t.name === spec.name)!;
      assert.equal(tool.displayName, spec.title);
      assert.equal(tool.modelDescription, spec.description);
      assert.deepEqual(tool.inputSchema, spec.inputSchema);
      assert.ok(tool.userDescription.length > 10 && tool.userDescription.length < 100, tool.userDescription);
      // VS Code's rules for names: letters, digits, _ and -; a reference name usable after `#`.
      assert.match(tool.name, /^[\w-]+$/);
      assert.match(tool.toolReferenceName, /^[A-Za-z]\w*$/);
    }
    assert.equal(new Set(declared.map((t) => t.toolReferenceName)).size, declared.length);
  });

  it('declares the MCP server definition provider the extension registers', () => {
    const source = readFileSync(join(root, 'src', 'host', 'agentTools', 'mcpServers.ts'), 'utf8');
    const ids = manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id);
    assert.deepEqual(ids, ['marginalia.mcp']);
    assert.ok(source.includes(`api.register('${ids[0]}',`));
  });
});
