import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import type { Paper } from '../../src/core/paper';
import { LibraryLookup, runListQuery, snippet, termRanges, toPaperRow } from '../../src/core/paperList';

const fixtures = join(__dirname, '..', 'fixtures');
const day = parseFeed(readFileSync(join(fixtures, 'hf', 'hf_daily_2025-07-22.json'))).papers;
const byId = new Map(day.map((p) => [p.id, p]));
const noFilters = { text: '', filters: {}, sort: 'relevance' as const };

describe('runListQuery', () => {
  it('keeps the feed order without a query and sorts by upvotes or date on request', () => {
    assert.deepEqual(runListQuery(day, byId, noFilters, undefined).ids, day.map((p) => p.id));
    const byVotes = runListQuery(day, byId, { ...noFilters, sort: 'upvotes' }, undefined).ids.map((id) => byId.get(id)!.upvotes ?? 0);
    assert.deepEqual(byVotes, [...byVotes].sort((a, b) => b - a));
    assert.ok(byVotes[0]! > byVotes.at(-1)!);
  });

  it('filters by code, date range, category, status and tag', () => {
    const withCode = runListQuery(day, byId, { ...noFilters, filters: { hasCode: true } }, undefined).ids;
    assert.equal(withCode.length, day.filter((p) => p.repos.some((r) => r.kind === 'github')).length);
    assert.ok(withCode.length > 0 && withCode.length < day.length);
    assert.equal(runListQuery(day, byId, { ...noFilters, filters: { from: '2025-07-23' } }, undefined).ids.length, 0);
    assert.equal(runListQuery(day, byId, { ...noFilters, filters: { from: '2025-07-22', to: '2025-07-22' } }, undefined).ids.length, day.length);
    const target = day[3]!;
    const library: LibraryLookup = { status: (id) => (id === target.id ? 'reading' : undefined), tags: (id) => (id === target.id ? ['ssm'] : []) };
    assert.deepEqual(runListQuery(day, byId, { ...noFilters, filters: { status: 'reading' } }, undefined, library).ids, [target.id]);
    assert.deepEqual(runListQuery(day, byId, { ...noFilters, filters: { status: 'in-library' } }, undefined, library).ids, [target.id]);
    assert.equal(runListQuery(day, byId, { ...noFilters, filters: { status: 'not-in-library' } }, undefined, library).ids.length, day.length - 1);
    assert.deepEqual(runListQuery(day, byId, { ...noFilters, filters: { tag: 'ssm' } }, undefined, library).ids, [target.id]);
  });

  it('uses the index order and its matched terms when searching', () => {
    const ids = [day[5]!.id, day[2]!.id];
    const result = runListQuery(day, byId, { ...noFilters, text: 'agent' }, { search: () => ids.map((id, i) => ({ id, score: 10 - i, terms: ['agent'] })) });
    assert.deepEqual(result.ids, ids);
    assert.deepEqual(result.terms.get(ids[0]!), ['agent']);
  });

  it('falls back to a substring scan while the index builds', () => {
    const result = runListQuery(day, byId, { ...noFilters, text: 'WebWalker' }, undefined);
    assert.ok(result.ids.length >= 1);
    for (const id of result.ids) assert.match(`${byId.get(id)!.title} ${byId.get(id)!.abstract}`, /webwalker/i);
  });
});

describe('rows and highlights', () => {
  it('highlights whole words and typed prefixes, case-insensitively', () => {
    const text = 'Transformers transform Transport; the transformer.';
    assert.deepEqual(termRanges(text, ['transformer']), [
      [0, 11],
      [38, 49],
    ]);
    assert.deepEqual(termRanges(text, ['tra']).length, 4);
  });

  it('cuts a snippet around the first match and shifts its highlights', () => {
    const clean = `${'lorem ipsum '.repeat(30)}needle here and more text`;
    const ranges = termRanges(clean, ['needle']);
    const s = snippet(clean, ranges, 80);
    assert.ok(s.text.startsWith('…'));
    const [start, end] = s.highlights[0]!;
    assert.equal(s.text.slice(start, end), 'needle');
  });

  it('keeps hostile titles as plain text in rows', () => {
    const paper: Paper = { id: 'x', title: '<img src=x onerror=alert(1)> Attention', authors: [{ name: '<b>A</b>' }], abstract: '<script>x</script>', categories: [], links: {}, repos: [], source: 'hf-daily' };
    const row = toPaperRow(paper, ['attention'], undefined);
    assert.equal(row.title, '<img src=x onerror=alert(1)> Attention');
    assert.equal(row.authors, '<b>A</b>');
    assert.equal(row.title.slice(...row.titleHighlights[0]!), 'Attention');
  });
});
