/**
 * `marginalia mcp` as an agent sees it: the real command line started as a child process, spoken to by the MCP SDK's
 * own client over stdio, against a real workspace folder on disk (code citing papers, a notes folder) and a recorded
 * Hugging Face day as the feed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { main } from '../../src/cli';
import { agentToolSpecs } from '../../src/core/agentTools/specs';
import { parseFeed } from '../../src/core/feeds/parseFeed';

const repo = join(__dirname, '..', '..');
const feed = join(repo, 'test', 'fixtures', 'hf', 'hf_daily_2024-05-27.json');
const feedPapers = parseFeed(new Uint8Array(readFileSync(feed)), { fileName: feed }).papers;
const meteor = feedPapers.find((p) => p.id === '2405.15574')!;

const modelPy = `"""Rationale traversal, after Meteor (arXiv:2405.15574)."""

def traverse(rationale, steps=4):
    """Walks the rationale a few steps, as the paper's Mamba module does."""
    return rationale[:steps]

# See also https://arxiv.org/abs/1111.2011v2 and arXiv:2405.15574 again.
`;

const existingNote = `---
id: "2405.15574"
title: "Meteor: Mamba-based Traversal of Rationale for Large Language and Vision Models"
status: reading
tags: [mamba, vlm]
---

# Meteor

## Why it matters
<!-- marginalia:note id=firstnote kind=general -->

Traversal of rationale as a trick for small models.
`;

async function connect(workspace: string, ...extra: string[]): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(repo, 'src', 'cli.ts'), 'mcp', '--workspace', workspace, '--feed', feed, ...extra],
    cwd: repo,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'marginalia-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = (await client.callTool({ name, arguments: args })) as { content: { type: string; text: string }[]; isError?: boolean };
  return { text: result.content.map((c) => c.text).join('\n'), isError: result.isError === true };
}

describe('marginalia mcp, through the MCP SDK client', function () {
  this.timeout(60_000);
  let parent: string;
  let workspace: string;
  let client: Client;

  before(async () => {
    parent = await mkdtemp(join(tmpdir(), 'marginalia-mcp-'));
    workspace = join(parent, 'project');
    await mkdir(join(workspace, 'src'), { recursive: true });
    await mkdir(join(workspace, 'papers'), { recursive: true });
    await writeFile(join(workspace, 'src', 'model.py'), modelPy);
    await writeFile(join(workspace, 'papers', '2405.15574-meteor.md'), existingNote);
    client = await connect(workspace);
  });

  after(async () => {
    await client?.close();
    await rm(parent, { recursive: true, force: true });
  });

  it('lists the five tools with the schemas VS Code declares', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      agentToolSpecs.map((s) => s.name),
    );
    for (const tool of tools) {
      const spec = agentToolSpecs.find((s) => s.name === tool.name)!;
      assert.deepEqual(tool.inputSchema, spec.inputSchema);
      assert.equal(tool.annotations?.readOnlyHint, !spec.writes);
    }
  });

  it('searches the feed and says what it searched', async () => {
    const { text, isError } = await call(client, 'marginalia_search_papers', { query: 'rationale traversal', limit: 5 });
    assert.equal(isError, false);
    assert.match(text, /^- 2405\.15574 · Meteor: Mamba-based Traversal of Rationale/m);
    assert.match(text, /library: reading, 1 note, tags mamba, vlm/);
    assert.match(text, /Searched 13 papers of .*hf_daily_2024-05-27\.json and 1 note file/);
  });

  it('finds a paper by the words of its notes', async () => {
    const { text } = await call(client, 'marginalia_search_papers', { query: 'small models trick' });
    assert.match(text, /^- 2405\.15574 /m);
  });

  it('lists the papers the workspace cites, with file and line, not counting the notes', async () => {
    const { text } = await call(client, 'marginalia_list_cited_papers', {});
    assert.match(text, /^2 papers cited in this workspace/);
    assert.match(text, /^- 2405\.15574 · Meteor.*\n {2}src\/model\.py:1 \(2 mentions\): """Rationale traversal/m);
    assert.match(text, /^- 1111\.2011 · title unknown \(not in a loaded feed\)\n {2}src\/model\.py:7: # See also/m);
    assert.doesNotMatch(text, /papers\/2405\.15574-meteor\.md/);
  });

  it('adds a note on a passage of the abstract, on disk', async () => {
    const quote = meteor.abstract.slice(
      meteor.abstract.indexOf('visual instruction tuning'),
      meteor.abstract.indexOf('visual instruction tuning') + 'visual instruction tuning'.length,
    );
    assert.ok(quote.length > 0);
    const { text, isError } = await call(client, 'marginalia_add_note', { paperId: '2405.15574', text: 'Compare with LLaVA-style tuning.', quote });
    assert.equal(isError, false, text);
    const id = /^Added note (\S+) to 2405\.15574 .* in papers\/2405\.15574-meteor\.md\.$/.exec(text)?.[1];
    assert.ok(id, text);
    const file = await readFile(join(workspace, 'papers', '2405.15574-meteor.md'), 'utf8');
    assert.ok(file.startsWith(existingNote.trimEnd()), 'the existing note is kept as it was');
    assert.match(
      file,
      new RegExp(`<!-- marginalia:note id=${id} kind=quote [^>]*-->\\n\\n> visual instruction tuning\\n\\nCompare with LLaVA-style tuning\\.`),
    );
  });

  it('links a code range and reports it with the paper', async () => {
    const linked = await call(client, 'marginalia_link_code', {
      paperId: '2405.15574',
      path: 'src/model.py',
      startLine: 3,
      endLine: 5,
      comment: 'The traversal.',
    });
    assert.equal(linked.isError, false, linked.text);
    const id = /as note (\S+) in papers\/2405\.15574-meteor\.md\.$/.exec(linked.text)?.[1];
    assert.ok(id, linked.text);
    const file = await readFile(join(workspace, 'papers', '2405.15574-meteor.md'), 'utf8');
    assert.match(file, new RegExp(`id=${id} kind=code path=src/model\\.py lines=3-5`));
    assert.match(file, /def traverse\(rationale, steps=4\):/);
    // Code inserted above the range: the link is found again at its new lines.
    await writeFile(join(workspace, 'src', 'model.py'), `import math\n\n${modelPy}`);
    const paper = await call(client, 'marginalia_get_paper', { id: 'arXiv:2405.15574v1' });
    assert.match(paper.text, /^# Meteor: Mamba-based Traversal/);
    assert.match(paper.text, /^## Abstract\nThe rapid development of large language and vision models/m);
    assert.match(paper.text, /^note file: papers\/2405\.15574-meteor\.md\nstatus: reading; tags: mamba, vlm$/m);
    assert.match(paper.text, /^- note firstnote “Why it matters”: Traversal of rationale as a trick for small models\.$/m);
    assert.match(paper.text, new RegExp(`^- note ${id}: src/model\\.py:3-5 \\(now at src/model\\.py:5-7\\): The traversal\\.$`, 'm'));
    assert.match(paper.text, /^## Cited in this workspace \(1 file\)\n- src\/model\.py:3 \(2 mentions\)/m);
  });

  it('answers bad input with what to send instead, and writes nothing', async () => {
    const before = await readFile(join(workspace, 'papers', '2405.15574-meteor.md'), 'utf8');
    const unknown = await call(client, 'marginalia_get_paper', { id: '9999.99999' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /does not know the paper "9999\.99999"\. Use marginalia_search_papers/);
    const outside = await call(client, 'marginalia_link_code', { paperId: '2405.15574', path: '../outside.py', startLine: 1, endLine: 1 });
    assert.equal(outside.isError, true);
    assert.match(outside.text, /is not a path inside the workspace/);
    const badQuote = await call(client, 'marginalia_add_note', { paperId: '2405.15574', text: 'x', quote: 'not in the abstract at all' });
    assert.match(badQuote.text, /The quote is not in the abstract/);
    const past = await call(client, 'marginalia_link_code', { paperId: '2405.15574', path: 'src/model.py', startLine: 3, endLine: 99 });
    assert.match(past.text, /has 10 lines; the range 3-99 goes past its end/);
    assert.equal(await readFile(join(workspace, 'papers', '2405.15574-meteor.md'), 'utf8'), before);
  });

  it('creates a new note file for a paper of the feed inside the notes folder', async () => {
    const other = feedPapers.find((p) => p.id !== '2405.15574')!;
    const { text, isError } = await call(client, 'marginalia_add_note', { paperId: other.id, text: 'To read next.' });
    assert.equal(isError, false, text);
    const path = /in (papers\/\S+\.md)\.$/.exec(text)?.[1];
    assert.ok(path, text);
    const file = await readFile(join(workspace, ...path.split('/')), 'utf8');
    assert.match(file, new RegExp(`^---\\nid: "?${other.id.replace('.', '\\.')}"?\\n`));
    assert.match(file, /To read next\.\n$/);
  });

  it('does not write with --read-only, nor through a notes folder that links out of the workspace', async () => {
    const readOnly = await connect(workspace, '--read-only');
    try {
      const { text, isError } = await call(readOnly, 'marginalia_add_note', { paperId: '2405.15574', text: 'no' });
      assert.equal(isError, true);
      assert.match(text, /Nothing was written: marginalia mcp was started with --read-only\./);
    } finally {
      await readOnly.close();
    }
    const elsewhere = join(parent, 'elsewhere');
    await mkdir(elsewhere);
    const linkedWorkspace = join(parent, 'linked');
    await mkdir(linkedWorkspace);
    await symlink(elsewhere, join(linkedWorkspace, 'papers'));
    const linked = await connect(linkedWorkspace);
    try {
      const { text, isError } = await call(linked, 'marginalia_add_note', { paperId: '2405.15574', text: 'no' });
      assert.equal(isError, true);
      assert.match(text, /refusing to write papers\/.*: its folder leads out of the workspace/);
      assert.deepEqual(await readdir(elsewhere), []);
    } finally {
      await linked.close();
    }
  });

  it('refuses a workspace that is not a folder and a notes folder outside it, before serving', async () => {
    for (const [args, message] of [
      [['--workspace', join(parent, 'missing')], /--workspace .*missing is not a folder/],
      [['--workspace', workspace, '--notes', '../elsewhere'], /the notes folder "\.\.\/elsewhere" cannot be used: .*'\.\.' segments are not allowed/],
      [['--workspace', workspace, 'extra'], /unexpected argument "extra"/],
    ] as const) {
      const err: string[] = [];
      const code = await main(['mcp', ...args], {
        out: () => assert.fail('nothing goes to standard output'),
        err: (t) => err.push(t),
        readFile: (p) => readFileSync(p),
      });
      assert.equal(code, 2);
      assert.match(err.join('\n'), message);
    }
  });
});
