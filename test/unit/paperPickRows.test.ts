import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Paper } from '../../src/core/paper';
import { paperPickRows, pickMatches, type PickRow, type PickRowSources } from '../../src/core/paperPickRows';

function paper(id: string, title: string, authors: readonly string[] = []): Paper {
  return { id, arxivId: id, title, authors: authors.map((name) => ({ name })), abstract: '', categories: [], links: {}, repos: [], source: 'arxiv' };
}

const attention = paper('1706.03762', 'Attention Is All You Need', ['Ashish Vaswani']);
const quantum = paper('1111.2011', 'Quantum Criticality for Extended Nodes on a Bethe Lattice', ['Adrian Del Maestro']);
const mamba = paper('2312.00752', 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', ['Albert Gu']);
const scaling = paper('2408.03314', 'Scaling LLM Test-Time Compute Optimally');

/** What VS Code reads a click as: the row at the clicked row's position in the list the extension set last. */
function clickReadAgainst(shown: readonly PickRow[], clicked: Paper, current: readonly PickRow[]): PickRow | undefined {
  const at = shown.findIndex((row) => row.kind === 'paper' && row.paper.id === clicked.id);
  assert.ok(at >= 0, `${clicked.title} is shown`);
  return current[at];
}

const label = (row: PickRow | undefined) => (row === undefined ? 'nothing' : row.kind === 'separator' ? `heading ${row.label}` : row.paper.title);

describe('the paper picker’s rows', () => {
  // The UI test "lists the highlight in the paper view" clicked "Quantum Criticality" in the rows drawn for the empty
  // query; a busy extension host had set the rows for "Quantum Criticality" meanwhile, and the click became the feed's
  // heading: nothing opened.
  it('reads a click on a library row drawn for an older query as the same paper', () => {
    const sources = (results: readonly Paper[]): PickRowSources => ({ library: [attention, quantum], feed: { label: 'Sample feed', results } });
    const shown = paperPickRows('', sources([mamba, scaling]));
    const current = paperPickRows('Quantum Criticality', sources([scaling]));
    assert.equal(label(clickReadAgainst(shown, quantum, current)), quantum.title);
    assert.equal(label(clickReadAgainst(shown, attention, current)), attention.title);
  });

  it('keeps pinned and library rows in place for any query; only they say whether the query matches them', () => {
    const pinned = { label: 'Mentioned in this file', papers: [mamba, quantum] };
    const library = [attention, quantum, scaling];
    const feedPapers = [attention, mamba, quantum, scaling, paper('2401.00001', 'Quantum Transformers')];
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.subarray(feedPapers),
        fc.subarray(feedPapers),
        (before, after, resultsBefore, resultsAfter) => {
          const shown = paperPickRows(before, { pinned, library, feed: { label: 'Sample feed', results: resultsBefore } });
          const current = paperPickRows(after, { pinned, library, feed: { label: 'Sample feed', results: resultsAfter } });
          for (const p of [mamba, quantum, attention, scaling]) assert.equal(label(clickReadAgainst(shown, p, current)), p.title);
          for (const row of current)
            if (row.kind === 'paper' && [...pinned.papers, ...library].includes(row.paper))
              assert.equal(row.alwaysShow, pickMatches(row.paper, after) || resultsAfter.includes(row.paper));
        },
      ),
    );
  });

  it('lists each paper once, the feed’s results last and always shown', () => {
    const rows = paperPickRows('quantum', { library: [attention, quantum], feed: { label: 'Sample feed', results: [quantum, scaling] } });
    assert.deepEqual(
      rows.map((row) => (row.kind === 'separator' ? `# ${row.label}` : `${row.paper.id} ${row.alwaysShow ? 'shown' : 'hidden'}`)),
      ['# In your library', '1706.03762 hidden', '1111.2011 shown', '# Sample feed', '2408.03314 shown'],
    );
  });

  it('shows a library paper the feed’s search found by its abstract, in its own place', () => {
    const selective = { ...mamba, abstract: 'We identify that a key weakness of such models is their inability to perform content-based reasoning.' };
    // The feed's search finds it by a stem ("reason" in "reasoning"); the plain match finds it by its abstract.
    for (const query of ['content-based reasoning', 'reason'])
      assert.deepEqual(
        paperPickRows(query, { library: [attention, selective], feed: { label: 'Sample feed', results: [selective, scaling] } })
          .filter((row) => row.kind === 'paper')
          .map((row) => `${row.paper.id} ${row.alwaysShow ? 'shown' : 'hidden'}`),
        ['1706.03762 hidden', '2312.00752 shown', '2408.03314 shown'],
      );
    assert.equal(
      paperPickRows('weakness', { library: [selective], feed: { label: 'Sample feed', results: [] } }).some((row) => row.kind === 'paper' && row.alwaysShow),
      true,
      'found in its abstract without the feed',
    );
  });

  it('gives a lone feed no heading', () => {
    const rows = paperPickRows('', { library: [], feed: { label: 'Sample feed', results: [mamba] } });
    assert.deepEqual(rows.map(label), [mamba.title]);
  });

  it('matches every word of the query in the title, id, authors or abstract', () => {
    assert.ok(pickMatches(attention, 'vaswani attention'));
    assert.ok(pickMatches(quantum, '1111.2011'));
    assert.ok(!pickMatches(quantum, 'quantum vaswani'));
    assert.ok(pickMatches(quantum, '  '));
  });
});
