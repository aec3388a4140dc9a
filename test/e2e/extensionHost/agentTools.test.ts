/**
 * The tools for chat and agents inside the real extension host: the reading tools through VS Code's own
 * `vscode.lm.invokeTool`, as a chat participant or another extension calls them; the writing tools through the
 * extension's API, which calls the same tool objects (VS Code confirms those with a modal dialog when no chat asks,
 * and nothing in the extension host can answer it), with the note checked on disk. And the MCP server offered to
 * VS Code, started as VS Code would start it and spoken to with the MCP SDK's client.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';

const extensionId = 'marginalia.marginalia';

interface Api {
  feedState(): { kind: string };
  agentTools: {
    prepare(name: string, input: unknown): Promise<{ title: string; message: string } | undefined>;
    invoke(name: string, input: unknown): Promise<string>;
    mcpServers(): Promise<readonly { label: string; command: string; args: readonly string[]; env: Record<string, string> }[]>;
  };
}

/** The parts of `vscode.lm` (1.95+) this test uses; `@types/vscode` is the oldest VS Code Marginalia supports. */
interface LmRuntime {
  readonly tools?: readonly { readonly name: string; readonly inputSchema?: unknown }[];
  invokeTool?(
    name: string,
    options: { input: unknown; toolInvocationToken: undefined },
    token?: vscode.CancellationToken,
  ): Thenable<{ content: readonly unknown[] }>;
}

const lm = vscode.lm as unknown as LmRuntime;

async function invoke(name: string, input: unknown): Promise<string> {
  assert.ok(lm.invokeTool, 'this VS Code has vscode.lm.invokeTool');
  const result = await lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => ((part as { value?: unknown }).value === undefined ? '' : String((part as { value: unknown }).value))).join('');
}

describe('Tools for chat and agents', function () {
  this.timeout(120_000);
  let api: Api;
  let folder: vscode.WorkspaceFolder;
  /** The note file the writing tools made, removed afterwards so the suite's later tests start without it. */
  let written: vscode.Uri | undefined;

  /** The paths the fixture server standing in for Hugging Face and arXiv was asked for, in order. */
  const requests = async (): Promise<string[]> => {
    const hfApi = vscode.workspace.getConfiguration('marginalia').get<string>('feeds.huggingFaceApi') ?? '';
    assert.match(hfApi, /^http:\/\/127\.0\.0\.1:\d+\//, 'the harness points marginalia.feeds.huggingFaceApi at the fixture server');
    return ((await (await fetch(new URL('/__requests', hfApi))).json()) as { path: string }[]).map((r) => r.path);
  };

  before(async () => {
    const extension = vscode.extensions.getExtension<Api>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    folder = vscode.workspace.workspaceFolders![0]!;
  });

  after(async () => {
    if (written) await vscode.workspace.fs.delete(written);
  });

  it('registers the five tools with VS Code', () => {
    const names = (lm.tools ?? []).map((t) => t.name).filter((n) => n.startsWith('marginalia_'));
    assert.deepEqual(names.sort(), [
      'marginalia_add_note',
      'marginalia_get_paper',
      'marginalia_link_code',
      'marginalia_list_cited_papers',
      'marginalia_search_papers',
    ]);
  });

  it('searches through vscode.lm.invokeTool what is loaded, or the bundled sample, and fetches nothing', async () => {
    const before = await requests();
    const loaded = api.feedState().kind === 'ready';
    const text = await invoke('marginalia_search_papers', { query: 'selective state spaces', limit: 3 });
    assert.match(text, /^- 2312\.00752 · Mamba: Linear-Time Sequence Modeling with Selective State Spaces · Albert Gu, Tri Dao/m);
    // Run alone, no feed was asked for yet; after the activation tests, the feed they loaded is searched. A load under
    // way when the tool is asked (a lookup of an id in an open file loads the bundled sample) is waited for.
    const searchedLoaded = /\nSearched the loaded feed ".+" \(\d+ papers\) and \d+ note files? of the library\.$/.test(text);
    if (loaded) assert.ok(searchedLoaded, `a loaded feed is the one searched:\n${text}`);
    if (searchedLoaded) assert.equal(api.feedState().kind, 'ready', 'the feed searched is loaded');
    else assert.match(text, /\nSearched the bundled sample feed \(96 papers; no feed is loaded yet/);
    // Asking a tool is no reason to fetch a feed.
    assert.deepEqual((await requests()).slice(before.length), []);
  });

  it('lists the papers the workspace cites, with file and line', async () => {
    const text = await invoke('marginalia_list_cited_papers', {});
    assert.match(text, /^- 2312\.00752 · Mamba: Linear-Time Sequence Modeling with Selective State Spaces\n {2}model\.py:3: Based on Mamba/m);
  });

  it('adds a note and links code after confirming, and the paper shows both', async () => {
    const confirmation = await api.agentTools.prepare('marginalia_add_note', { paperId: '2312.00752', text: 'The layer of model.py.', heading: 'Selection' });
    assert.equal(confirmation?.title, 'Add a note to a paper?');
    assert.match(
      confirmation?.message ?? '',
      /^Add a note to “Mamba: Linear-Time Sequence Modeling with Selective State Spaces” in papers\/2312\.00752-.*\.md \(a new note file\):\n\nThe layer of model\.py\.$/,
    );
    // Nothing is written by asking.
    const asked = /in (papers\/\S+\.md) \(a new note file\)/.exec(confirmation?.message ?? '')![1]!;
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, ...asked.split('/')))));
    const added = await api.agentTools.invoke('marginalia_add_note', { paperId: '2312.00752', text: 'The layer of model.py.', heading: 'Selection' });
    const path = /^Added note \S+ to 2312\.00752 .* in (papers\/\S+\.md)\.$/.exec(added)?.[1];
    assert.equal(path, asked, added);
    written = vscode.Uri.joinPath(folder.uri, ...path.split('/'));
    const link = { paperId: '2312.00752', path: 'model.py', startLine: 7, endLine: 14, comment: 'The scan.' };
    const linkConfirmation = await api.agentTools.prepare('marginalia_link_code', link);
    assert.match(
      linkConfirmation?.message ?? '',
      new RegExp(`^Link model\\.py:7-14 to “Mamba: .*” in ${path.replace(/\./g, '\\.')}, with the comment: The scan\\.$`),
    );
    const linked = await api.agentTools.invoke('marginalia_link_code', link);
    assert.match(linked, /^Linked model\.py:7-14 to 2312\.00752 .* as note \S+ in papers\//);
    const onDisk = readFileSync(vscode.Uri.joinPath(folder.uri, ...path.split('/')).fsPath, 'utf8');
    assert.match(onDisk, /^## Selection\n<!-- marginalia:note id=\S+ kind=general [^>]*-->\n\nThe layer of model\.py\.$/m);
    assert.match(onDisk, /kind=code path=model\.py lines=7-14/);
    const paper = await invoke('marginalia_get_paper', { id: '2312.00752' });
    assert.match(paper, /^## Abstract\n\S/m);
    assert.match(paper, new RegExp(`^note file: ${path.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(paper, /^- note \S+ “Selection”: The layer of model\.py\.$/m);
    assert.match(paper, /^- note \S+: model\.py:7-14 \(unchanged\): The scan\.$/m);
    assert.match(paper, /^## Cited in this workspace \(1 file\)\n- model\.py:3: Based on Mamba/m);
  });

  it('tells the model what was wrong with its input', async () => {
    await assert.rejects(invoke('marginalia_get_paper', { id: '0000.00000' }), /does not know the paper "0000\.00000"\. Use marginalia_search_papers/);
  });

  it('offers marginalia mcp for the workspace folder, and the server it names answers', async () => {
    const servers = await api.agentTools.mcpServers();
    assert.equal(servers.length, 1, 'this VS Code has vscode.lm.registerMcpServerDefinitionProvider');
    const server = servers[0]!;
    assert.equal(server.label, 'Marginalia');
    assert.deepEqual(server.args.slice(1, 6), ['mcp', '--workspace', folder.uri.fsPath, '--notes', 'papers']);
    const client = new Client({ name: 'marginalia-ext-host-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({ command: server.command, args: [...server.args], env: { ...getDefaultEnvironment(), ...server.env }, stderr: 'ignore' }),
    );
    try {
      const call = async (name: string, args: Record<string, unknown>) =>
        ((await client.callTool({ name, arguments: args })) as { content: { text: string }[] }).content.map((c) => c.text).join('');
      // The papers of the loaded feed, written for the server, or the bundled sample when none is loaded.
      const feed = server.args[server.args.indexOf('--feed') + 1]!;
      assert.match(feed, api.feedState().kind === 'ready' ? /agent-papers\.json$/ : /dist[\\/]sample-feed\.json$/);
      assert.match(
        await call('marginalia_search_papers', { query: 'selective state spaces', limit: 1 }),
        /^- 2312\.00752 · Mamba: .*\nSearched \d+ papers of .*(agent-papers|sample-feed)\.json and 1 note file of the library\.$/m,
      );
      // The note the tools above wrote is on the same disk, in the same notes folder.
      assert.match(await call('marginalia_get_paper', { id: '2312.00752' }), /^- note \S+ “Selection”: The layer of model\.py\.$/m);
      assert.match(await call('marginalia_list_cited_papers', {}), /^- 2312\.00752 · Mamba: .*\n {2}model\.py:3: Based on Mamba/m);
    } finally {
      await client.close();
    }
  });
});
