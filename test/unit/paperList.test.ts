import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import type { Paper } from '../../src/core/paper';
import { LibraryLookup, emptyLibrary, indexTextSearch, paperDay, runListQuery, snippet, toPaperRow } from '../../src/core/paperList';
import { PaperIndex } from '../../src/core/search/paperIndex';
import { highlightRanges } from '../../src/core/search/highlight';

const fixtures = join(__dirname, '..', 'fixtures');
const day = parseFeed(readFileSync(join(fixtures, 'hf', 'hf_daily_2025-07-22.json'))).papers;
const byId = new Map(day.map((p) => [p.id, p]));
const noFilters = { text: '', filters: {}, sort: 'relevance' as const };

describe('runListQuery', () => {
  it('keeps the feed order without a query and sorts by upvotes or date on request', () => {
    assert.deepEqual(
      runListQuery(day, byId, noFilters, undefined).ids,
      day.map((p) => p.id),
    );
    const byVotes = runListQuery(day, byId, { ...noFilters, sort: 'upvotes' }, undefined).ids.map((id) => byId.get(id)!.upvotes ?? 0);
    assert.deepEqual(
      byVotes,
      [...byVotes].sort((a, b) => b - a),
    );
    assert.ok(byVotes[0]! > byVotes.at(-1)!);
  });

  it("sorts one day's papers by publication, newest first", () => {
    const byDate = runListQuery(day, byId, { ...noFilters, sort: 'date' }, undefined).ids;
    assert.notDeepEqual(
      byDate,
      day.map((p) => p.id),
      "a day's list sorted by date must not stay in feed order",
    );
    const published = byDate.map((id) => byId.get(id)!.published ?? '');
    assert.deepEqual(published, [...published].sort().reverse());
    assert.equal(byDate[0], '2507.15856');
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
    const result = runListQuery(
      day,
      byId,
      { ...noFilters, text: 'agent' },
      { search: () => ({ ids, total: ids.length, highlight: { terms: ['agent'], prefixes: [] } }) },
    );
    assert.deepEqual(result.ids, ids);
    assert.deepEqual(result.highlight.terms, ['agent']);
  });

  it('falls back to a substring scan while the index builds', () => {
    const result = runListQuery(day, byId, { ...noFilters, text: 'WebWalker' }, undefined);
    assert.ok(result.ids.length >= 1);
    for (const id of result.ids) assert.match(`${byId.get(id)!.title} ${byId.get(id)!.abstract}`, /webwalker/i);
  });
});

describe('rows and highlights', () => {
  it('cuts a snippet around the first match and shifts its highlights', () => {
    const clean = `${'lorem ipsum '.repeat(30)}needle here and more text`;
    const ranges = highlightRanges(clean, ['needle']);
    const s = snippet(clean, ranges, 80);
    assert.ok(s.text.startsWith('…'));
    const [start, end] = s.highlights[0]!;
    assert.equal(s.text.slice(start, end), 'needle');
  });

  it('keeps hostile titles as plain text in rows', () => {
    const paper: Paper = {
      id: 'x',
      title: '<img src=x onerror=alert(1)> Attention',
      authors: [{ name: '<b>A</b>' }],
      abstract: '<script>x</script>',
      categories: [],
      links: {},
      repos: [],
      source: 'hf-daily',
    };
    const row = toPaperRow(paper, { terms: ['attention'], prefixes: [] }, undefined);
    assert.equal(row.title, '<img src=x onerror=alert(1)> Attention');
    assert.equal(row.authors, '<b>A</b>');
    assert.equal(row.title.slice(...row.titleHighlights[0]!), 'Attention');
  });
});

describe('search as you type through the real index', () => {
  const testing = parseFeed(readFileSync(join(fixtures, 'arxiv', 'arxiv_newapi_2026_search_testing_100.xml'))).papers;
  const ids = new Map(testing.map((p) => [p.id, p]));
  let search: ReturnType<typeof indexTextSearch>;
  before(async () => {
    search = indexTextSearch(await PaperIndex.build(testing));
  });

  it('completes the last word and highlights what matched', () => {
    const result = runListQuery(testing, ids, { ...noFilters, text: 'mutation tes' }, search);
    assert.ok(result.ids.length > 0);
    const first = ids.get(result.ids[0]!)!;
    assert.match(`${first.title} ${first.abstract}`, /mutation/i);
    const row = toPaperRow(first, result.highlight, undefined);
    const marked = [...row.titleHighlights, ...(row.snippet?.highlights ?? [])].length;
    assert.ok(marked > 0, 'the row highlights the matched words');
  });

  const text = (id: string) => {
    const p = ids.get(id)!;
    return `${p.title} ${p.abstract} ${p.authors.map((a) => a.name).join(' ')}`.toLowerCase();
  };

  it('lists only papers with every word of a multi-word query, the last one as a prefix', () => {
    const result = runListQuery(testing, ids, { ...noFilters, text: 'mutation test' }, search);
    assert.equal(result.match, 'all');
    assert.ok(result.total > 0 && result.total < testing.length);
    for (const id of result.ids) {
      assert.match(text(id), /\bmutation/, `${id} lacks "mutation"`);
      assert.match(text(id), /\btest/, `${id} lacks a word starting with "test"`);
    }
    // Each word alone matches more papers than both together: the list is their intersection, not their union.
    const mutation = runListQuery(testing, ids, { ...noFilters, text: 'mutation' }, search).total;
    const test = runListQuery(testing, ids, { ...noFilters, text: 'test' }, search).total;
    assert.ok(result.total <= Math.min(mutation, test));
    assert.ok(Math.max(mutation, test) > result.total, 'OR would have listed more papers');
  });

  it('does not narrow by a last word of one letter, still being typed', () => {
    const typed = runListQuery(testing, ids, { ...noFilters, text: 'mutation t' }, search);
    const before = runListQuery(testing, ids, { ...noFilters, text: 'mutation' }, search);
    assert.equal(typed.total, before.total);
    assert.equal(typed.match, 'all');
  });

  it('falls back to papers with some of the words, most words first, when none has them all', () => {
    // "metamorphic" and "mutation" both occur in this feed; the made-up word occurs nowhere.
    const result = runListQuery(testing, ids, { ...noFilters, text: 'metamorphic mutation zzyzxq' }, search);
    assert.equal(result.match, 'some');
    assert.ok(result.total > 0);
    const words = (id: string) => ['metamorphic', 'mutation'].filter((w) => text(id).includes(w)).length;
    const counts = result.ids.map(words);
    assert.ok(counts.every((n) => n >= 1));
    const both = counts.findIndex((n) => n === 2);
    if (both >= 0)
      assert.ok(
        counts.slice(0, both).every((n) => n === 2),
        'papers with both words come first',
      );
    const row = toPaperRow(ids.get(result.ids[0]!)!, result.highlight, undefined);
    assert.ok([...row.titleHighlights, ...(row.snippet?.highlights ?? [])].length > 0, 'the words found are highlighted');
  });

  it('tolerates a typo when the exact words find nothing', () => {
    const exact = runListQuery(testing, ids, { ...noFilters, text: 'metamorphic' }, search).ids;
    const typo = runListQuery(testing, ids, { ...noFilters, text: 'metamorfic' }, search).ids;
    assert.ok(exact.length > 0);
    assert.deepEqual(new Set(typo), new Set(exact));
  });

  it('applies filters inside the index, status and tags included', () => {
    const withCode = runListQuery(testing, ids, { ...noFilters, text: 'testing', filters: { hasCode: true } }, search).ids;
    assert.ok(withCode.every((id) => ids.get(id)!.repos.some((r) => r.kind === 'github' || r.kind === 'gitlab')));
    const all = runListQuery(testing, ids, { ...noFilters, text: 'testing' }, search).ids;
    const keep = all[1]!;
    const library: LibraryLookup = { status: (id) => (id === keep ? 'read' : undefined), tags: () => [] };
    assert.deepEqual(runListQuery(testing, ids, { ...noFilters, text: 'testing', filters: { status: 'read' } }, search, library).ids, [keep]);
  });
});

describe('top of the list only', () => {
  const testing = parseFeed(readFileSync(join(fixtures, 'arxiv', 'arxiv_newapi_2026_search_testing_100.xml'))).papers;
  const ids = new Map(testing.map((p) => [p.id, p]));

  it('computes the best `limit` matches but counts them all', async () => {
    const search = indexTextSearch(await PaperIndex.build(testing));
    const all = runListQuery(testing, ids, { ...noFilters, text: 'testing' }, search);
    const top = runListQuery(testing, ids, { ...noFilters, text: 'testing' }, search, emptyLibrary, 5);
    assert.ok(all.total > 5);
    assert.equal(top.total, all.total);
    assert.deepEqual(top.ids, all.ids.slice(0, 5));
  });

  it('sorts the whole feed by date once and keeps the order for the next query', () => {
    const first = runListQuery(testing, ids, { ...noFilters, sort: 'date' }, undefined, emptyLibrary, 10);
    const days = first.ids.map((id) => paperDay(ids.get(id)!) ?? '');
    assert.deepEqual(days, [...days].sort().reverse());
    assert.equal(first.total, testing.length);
    const again = runListQuery(testing, ids, { ...noFilters, sort: 'date' }, undefined, emptyLibrary, 10);
    assert.deepEqual(again.ids, first.ids);
  });
});
