import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { excludingFilters, feedFacets, indexTextSearch } from '../../src/core/paperList';
import { PaperIndex } from '../../src/core/search/paperIndex';

const hf = parseFeed(readFileSync('test/fixtures/hf/hf_daily_2025-07-22.json')).papers;
const hfById = new Map(hf.map((p) => [p.id, p]));
const sample = parseFeed(readFileSync('media/sample/daily-papers.txt')).papers;

describe('what the filter panel says about a feed', () => {
  it('knows whether a feed has dates, upvotes and code', () => {
    const facets = feedFacets(hf);
    assert.equal(facets.withDates, 16);
    assert.equal(facets.withUpvotes, 16);
    assert.ok(facets.withCode > 0 && facets.withCode < 16);
    assert.equal(facets.lastDay, '2025-07-22');
    // A Daily Papers page without a year: no dates, no upvotes.
    const page = feedFacets(sample);
    assert.equal(page.withDates, 0);
    assert.equal(page.withUpvotes, 0);
    assert.equal(page.firstDay, undefined);
  });

  it('names the filter that excludes every paper', async () => {
    const query = { text: '', sort: 'relevance' as const, filters: { from: '2026-01-01', hasCode: true } };
    assert.deepEqual(excludingFilters(hf, hfById, query, undefined), ['dates']);
    const search = indexTextSearch(await PaperIndex.build(hf));
    assert.deepEqual(excludingFilters(hf, hfById, { ...query, text: 'reasoning' }, search), ['dates']);
    // Only together: each alone leaves papers, so both are named.
    const together = { text: '', sort: 'relevance' as const, filters: { category: 'no-such-category', tag: 'none' } };
    assert.deepEqual(excludingFilters(hf, hfById, together, undefined).sort(), ['category', 'tag']);
  });
});
