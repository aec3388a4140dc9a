import assert from 'node:assert/strict';
import { AgentToolInputError, confirmAgentTool, runAgentTool } from '../../src/core/agentTools/handlers';
import type { AgentNoteFile, AgentToolDeps } from '../../src/core/agentTools/ports';
import { newNoteFile, parseNote } from '../../src/core/notes/noteFile';
import type { Paper } from '../../src/core/paper';

const mamba: Paper = {
  id: '2312.00752',
  arxivId: '2312.00752',
  title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
  authors: [{ name: 'Albert Gu' }, { name: 'Tri Dao' }],
  abstract: 'We identify that a key weakness of such models is their inability to perform content-based reasoning, and make several improvements.',
  categories: ['cs.LG'],
  links: {},
  repos: [{ kind: 'github', url: 'https://github.com/state-spaces/mamba', slug: 'state-spaces/mamba', origins: ['githubRepo'] }],
  source: 'hf-daily',
};

/** Ports in memory: one feed paper, a library note on another paper, a workspace with one file. */
function memory(options: { writable?: boolean } = {}): AgentToolDeps & { edits: string[] } {
  const edits: string[] = [];
  const files = new Map<string, AgentNoteFile>();
  const note = parseNote(
    newNoteFile({ ...mamba, id: '1706.03762', arxivId: '1706.03762', title: 'Attention Is All You Need', repos: [] }, { tags: ['transformers'] }),
  );
  files.set('1706.03762', { paperId: '1706.03762', path: 'papers/1706.03762-attention.md', doc: note });
  return {
    edits,
    papers: {
      search: async (query) => ({ papers: /mamba|selective/i.test(query) ? [mamba] : [], searched: 'the test feed (1 paper)' }),
      find: async (id) => (id === mamba.id ? mamba : id === 'title:gpt-v2' ? { ...mamba, id, arxivId: undefined, title: 'GPT v2', repos: [] } : undefined),
    },
    notes: {
      list: async () => [...files.values()],
      get: async (id) => files.get(id),
      writable: () => (options.writable === false ? { ok: false, reason: 'This workspace is in Restricted Mode.' } : { ok: true }),
      target: async (paper) => files.get(paper.id)?.path ?? `papers/${paper.id}.md`,
      async edit(paper, change) {
        const before = files.get(paper.id)?.doc ?? parseNote(newNoteFile(paper));
        const file = { paperId: paper.id, path: `papers/${paper.id}.md`, doc: change(before) };
        files.set(paper.id, file);
        edits.push(paper.id);
        return file;
      },
    },
    workspace: {
      citations: async () => ({ citations: [{ arxivId: '2312.00752', path: 'model.py', line: 3, count: 1, text: 'Based on Mamba, arXiv:2312.00752.' }] }),
      readText: async (path) => (path === 'model.py' ? 'import torch\n\ndef scan(x):\n    return x\n' : undefined),
    },
    now: () => new Date('2026-01-02T03:04:05.678Z'),
  };
}

describe('the agent tools (core handlers)', () => {
  it('searches the feed first, then papers of the library by their notes and tags', async () => {
    const text = await runAgentTool('marginalia_search_papers', { query: 'transformers' }, memory());
    assert.match(text, /^1 paper for "transformers"/);
    assert.match(text, /^- 1706\.03762 · Attention Is All You Need · library: to read, 0 notes, tags transformers$/m);
    const both = await runAgentTool('marginalia_search_papers', { query: 'selective' }, memory());
    assert.match(both, /^- 2312\.00752 · Mamba: .* · Albert Gu, Tri Dao · code: github\.com\/state-spaces\/mamba$/m);
  });

  it('refuses to write where notes may not be written, and writes nothing', async () => {
    const deps = memory({ writable: false });
    await assert.rejects(
      runAgentTool('marginalia_add_note', { paperId: '2312.00752', text: 'x' }, deps),
      (e: unknown) => e instanceof AgentToolInputError && /^Nothing was written: This workspace is in Restricted Mode\.$/.test(e.message),
    );
    await assert.rejects(
      runAgentTool('marginalia_link_code', { paperId: '2312.00752', path: 'model.py', startLine: 3, endLine: 4 }, deps),
      /Nothing was written/,
    );
    assert.deepEqual(deps.edits, []);
  });

  it('says in the confirmation what it will write and where', async () => {
    const deps = memory();
    const quote = 'inability to perform content-based reasoning';
    assert.match(await runAgentTool('marginalia_get_paper', { id: 'https://huggingface.co/papers/2312.00752' }, deps), /^# Mamba/);
    const note = await confirmAgentTool('marginalia_add_note', { paperId: 'arXiv:2312.00752v2', text: 'The *key* point.', quote }, deps);
    assert.deepEqual(note, {
      title: 'Add a note to a paper?',
      message: `Add a note on “${quote}” to “${mamba.title}” in papers/2312.00752.md:\n\nThe *key* point.`,
    });
    const link = await confirmAgentTool('marginalia_link_code', { paperId: '2312.00752', path: './model.py', startLine: 3, endLine: 4 }, deps);
    assert.equal(link?.message, `Link model.py:3-4 to “${mamba.title}” in papers/2312.00752.md.`);
    assert.equal(await confirmAgentTool('marginalia_get_paper', { id: '2312.00752' }, deps), undefined);
    assert.deepEqual(deps.edits, []);
  });

  it('writes a quote note with its context, and a code note with its snippet', async () => {
    const deps = memory();
    await runAgentTool('marginalia_add_note', { paperId: '2312.00752', text: 'Key.', quote: 'content-based reasoning' }, deps);
    const added = await runAgentTool('marginalia_link_code', { paperId: '2312.00752', path: 'model.py', startLine: 3, endLine: 4, comment: 'The scan.' }, deps);
    const doc = (await deps.notes.get('2312.00752'))!.doc;
    const [quoteNote, codeNote] = doc.notes;
    assert.deepEqual(quoteNote?.quote, {
      exact: 'content-based reasoning',
      prefix: 'is their inability to perform ',
      suffix: ', and make several improvements.',
    });
    assert.equal(quoteNote?.created, '2026-01-02T03:04:05Z');
    assert.deepEqual(codeNote?.code, { path: 'model.py', language: 'python', lines: { start: 3, end: 4 }, snippet: 'def scan(x):\n    return x' });
    assert.equal(codeNote?.text, 'The scan.');
    assert.equal(added, `Linked model.py:3-4 to 2312.00752 (“${mamba.title}”) as note ${codeNote?.id} in papers/2312.00752.md.`);
  });

  it('rejects input a model can fix, saying how', async () => {
    const deps = memory();
    await assert.rejects(runAgentTool('marginalia_search_papers', { query: 3 }, deps), /"query" must be a string/);
    await assert.rejects(runAgentTool('marginalia_search_papers', { query: 'x', limit: 500 }, deps), /"limit" must be a whole number from 1 to 50/);
    await assert.rejects(
      runAgentTool('marginalia_link_code', { paperId: '2312.00752', path: 'model.py', startLine: 4, endLine: 3 }, deps),
      /"endLine" must not be before "startLine"/,
    );
    await assert.rejects(
      runAgentTool('marginalia_link_code', { paperId: '2312.00752', path: 'model.py', startLine: 2, endLine: 2 }, deps),
      /Lines 2-2 of model\.py are empty/,
    );
    await assert.rejects(runAgentTool('nope', {}, deps), /There is no tool "nope"/);
    await assert.rejects(runAgentTool('marginalia_get_paper', [], deps), /must be a JSON object/);
    // An id that is no arXiv id is taken as it is, also when it ends like a version.
    assert.match(await runAgentTool('marginalia_get_paper', { id: 'title:gpt-v2' }, deps), /^# GPT v2\nid: title:gpt-v2$/m);
  });
});
