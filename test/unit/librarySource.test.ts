import assert from 'node:assert/strict';
import { describeSource, validateSource } from '../../src/core/feeds/feedSource';
import { libraryFeedPaper, writtenNotes } from '../../src/core/library/libraryPaper';
import { parseNote } from '../../src/core/notes/noteFile';
import type { Paper } from '../../src/core/paper';
import { indexTextSearch, runListQuery, toPaperRow, NOTE_SNIPPET_PREFIX } from '../../src/core/paperList';
import { PaperIndex } from '../../src/core/search/paperIndex';

const note = `---
id: "2312.00752"
title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
status: reading
tags: [ssm]
---

# Mamba

## “content-based reasoning”
<!-- marginalia:note id=k3j2m9qa kind=quote prefix="perform " suffix=", and" -->

> content-based reasoning

Selection is the fix: the parameters depend on the input, like a gating recurrence.

## Page 3
<!-- marginalia:note id=h1 kind=pdf page=3 rects="0.1,0.1,0.5,0.02" -->

> hardware-aware parallel scan

Worth porting to our kernel.
`;

const feedPaper: Paper = {
  id: '2312.00752',
  arxivId: '2312.00752',
  title: 'Mamba (feed title)',
  authors: [{ name: 'Albert Gu' }, { name: 'Tri Dao' }],
  abstract: 'Foundation models are almost universally based on the Transformer architecture.',
  categories: ['cs.LG'],
  links: {},
  repos: [],
  source: 'arxiv',
};
const other: Paper = {
  ...feedPaper,
  id: '1706.03762',
  arxivId: '1706.03762',
  title: 'Attention Is All You Need',
  authors: [{ name: 'Ashish Vaswani' }],
  abstract: 'The dominant sequence transduction models are recurrent.',
};

describe('the "My library" source', () => {
  const doc = parseNote(note);

  it('is a source of its own kind, always valid', () => {
    assert.deepEqual(validateSource({ kind: 'library', id: 'library' }), { ok: true, source: { kind: 'library', id: 'library', label: undefined } });
    assert.equal(describeSource({ kind: 'library', id: 'library' }, new Date()), 'My library');
  });

  it('carries what the user wrote: note texts and highlighted passages, not code links', () => {
    const written = writtenNotes(doc.notes);
    assert.equal(written.length, 2);
    assert.match(written[0]!, /gating recurrence/);
    assert.match(written[1]!, /^hardware-aware parallel scan — Worth porting/);
    const paper = libraryFeedPaper('2312.00752', doc.meta, doc.frontMatter!.data, doc.notes, feedPaper);
    assert.equal(paper.title, 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces');
    assert.equal(paper.authors.length, 2);
    assert.deepEqual(paper.libraryNotes, written);
  });

  it('finds a paper by its notes, in the index and in the plain scan, and shows the matched note', async () => {
    const mamba = libraryFeedPaper('2312.00752', doc.meta, doc.frontMatter!.data, doc.notes, feedPaper);
    const papers = [other, mamba];
    const byId = new Map(papers.map((p) => [p.id, p]));
    const query = { text: 'gating', filters: {}, sort: 'relevance' as const };
    const search = indexTextSearch(await PaperIndex.build(papers));
    for (const result of [runListQuery(papers, byId, query, search), runListQuery(papers, byId, query, undefined)]) {
      assert.deepEqual(result.ids, ['2312.00752']);
      const row = toPaperRow(mamba, result.highlight, 'reading');
      assert.ok(row.snippet!.text.startsWith(NOTE_SNIPPET_PREFIX), row.snippet!.text);
      const [start, end] = row.snippet!.highlights[0]!;
      assert.equal(row.snippet!.text.slice(start, end).toLowerCase(), 'gating');
    }
    // A word of the abstract shows the abstract, as for any feed.
    const byAbstract = runListQuery(papers, byId, { ...query, text: 'foundation' }, search);
    assert.ok(!toPaperRow(mamba, byAbstract.highlight, 'reading').snippet!.text.startsWith(NOTE_SNIPPET_PREFIX));
  });
});
