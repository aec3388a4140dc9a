import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { citationSection, type KnownPapers } from '../../src/core/citations/citationRows';
import { parseCitationPage, parseS2Paper } from '../../src/core/citations/semanticScholar';
import { paperTextLimits } from '../../src/core/feeds/paperBounds';

const fixture = (name: string): string => readFileSync(`test/fixtures/semantic_scholar/${name}`, 'utf8');
const none: KnownPapers = { libraryArxivIds: new Set(), workspaceArxivIds: new Set() };

describe('Citation rows of the paper view', () => {
  const citations = parseCitationPage('citations', fixture('s2_citations_limit3.json'));
  const references = parseCitationPage('references', fixture('s2_references.json'));

  it('marks papers in the library and cited in the workspace, by arXiv id or DOI', () => {
    const section = citationSection(citations, {
      libraryArxivIds: new Set(['2607.22154']),
      workspaceArxivIds: new Set(['2607.22154']),
      workspaceDois: new Set(['10.1039/d6nr00839a']),
    });
    assert.deepEqual(
      section.rows.map((r) => [r.inLibrary, r.citedInWorkspace]),
      [
        [false, false],
        [true, true],
        [false, true],
      ],
    );
    assert.equal(section.inLibrary, 1);
    assert.equal(section.citedInWorkspace, 2);
    assert.equal(section.summary, 'At least 3 papers cite this one (1 in your library, 2 cited in this workspace).');
  });

  it('links arXiv papers into Marginalia, others to their DOI, title-only ones nowhere', () => {
    const section = citationSection(citations, none);
    assert.deepEqual(section.rows[0]!.target, { kind: 'paper', id: '2607.22410' });
    assert.deepEqual(section.rows[2]!.target, { kind: 'doi', url: 'https://doi.org/10.1039/d6nr00839a' });
    const bare = citationSection({ direction: 'references', papers: [{ title: 'Only a title', authors: [] }], skipped: 0, offset: 0 }, none);
    assert.deepEqual(bare.rows[0]!.target, { kind: 'none' });
    assert.equal(bare.summary, 'This paper cites 1 paper.');
  });

  it('shortens authors and keeps year and citation count', () => {
    const row = citationSection(references, none).rows[0]!;
    assert.equal(row.title, 'Timekeeping with electron spin states in diamond');
    assert.equal(row.year, 2013);
    assert.equal(row.citationCount, 67);
    assert.equal(row.authors, 'J. Hodges, D. Englund');
    const many = citationSection(citations, none).rows[0]!;
    assert.equal(many.authors, 'Shraddha Rajpal et al.');
  });

  it('says so when there is nothing, and counts one paper in the singular', () => {
    const empty = { direction: 'citations' as const, papers: [], skipped: 0, offset: 0 };
    assert.equal(citationSection(empty, none).summary, 'Semantic Scholar knows no paper citing this one.');
    assert.equal(citationSection({ ...empty, direction: 'references' }, none).summary, 'Semantic Scholar lists no references for this paper.');
    const one = { ...empty, papers: [{ title: 'T', authors: ['A'], arxivId: '2401.00001' }] };
    assert.equal(citationSection(one, { ...none, libraryArxivIds: new Set(['2401.00001']) }).summary, '1 paper cites this one (1 in your library).');
  });

  it('cuts a title and author names of any length, as a feed’s are cut', () => {
    const paper = parseS2Paper({ title: `A long title ${'word '.repeat(40_000)}`, authors: [{ name: 'N'.repeat(10_000) }, { name: 'Ada Lovelace' }] });
    assert.equal(paper?.title.length, paperTextLimits.title);
    assert.ok(paper?.title.startsWith('A long title word') && paper.title.endsWith('…'));
    assert.deepEqual(
      paper?.authors.map((a) => a.length),
      [paperTextLimits.authorName, 'Ada Lovelace'.length],
    );
  });
});
