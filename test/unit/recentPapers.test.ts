/**
 * Recently opened papers: what a repository's note says about a paper (its title, its links) stays with that
 * workspace; papers from the user's feeds and arXiv are kept for every window.
 */
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import type { Paper } from '../../src/core/paper';
import { RecentPapers } from '../../src/host/paper/recentPapers';

/** VS Code's global or workspace state, in memory (what a user never touches). */
function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
  } as vscode.Memento;
}

const paper = (id: string, source: Paper['source'], title: string): Paper => ({
  id,
  source,
  title,
  abstract: '',
  authors: [],
  published: '2023-12-01',
  categories: [],
  links: {},
  repos: [],
});

describe('recently opened papers', () => {
  it('keeps a paper made from a workspace note for that workspace only', async () => {
    const global = memento();
    const hostile = new RecentPapers(global, memento());
    await hostile.remember({
      ...paper('2312.00752', 'library', 'Planted title'),
      repos: [{ kind: 'github', url: 'https://github.com/planted/repo', origins: ['abstract'] }],
    });
    assert.equal(hostile.get('2312.00752')?.title, 'Planted title', 'the workspace still finds it after a reload');
    const another = new RecentPapers(global, memento());
    assert.equal(another.get('2312.00752'), undefined, 'another workspace never sees what the note said');
  });

  it('keeps papers from the user’s feeds and arXiv for every window, the workspace’s own first', async () => {
    const global = memento();
    const first = new RecentPapers(global, memento());
    await first.remember(paper('2312.00752', 'arxiv', 'Mamba'));
    await first.remember(paper('1706.03762', 'hf-daily', 'Attention Is All You Need'));
    const second = new RecentPapers(global, memento());
    assert.equal(second.get('2312.00752')?.title, 'Mamba');
    assert.equal(second.get('1706.03762')?.title, 'Attention Is All You Need');
    await second.remember(paper('2312.00752', 'library', 'My note on Mamba'));
    assert.equal(second.get('2312.00752')?.title, 'My note on Mamba');
    assert.equal(first.get('2312.00752')?.title, 'Mamba');
  });

  it('does not show a note’s paper that an earlier version kept in global state', async () => {
    const global = memento();
    await global.update('marginalia.recentPapers', [paper('2312.00752', 'library', 'Planted title'), paper('1706.03762', 'arxiv', 'Attention')]);
    const recent = new RecentPapers(global, memento());
    assert.equal(recent.get('2312.00752'), undefined);
    assert.equal(recent.get('1706.03762')?.title, 'Attention');
  });
});
