import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { paperTextLimits, cutText } from '../../src/core/feeds/paperBounds';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { parseHfDailyJson } from '../../src/core/feeds/hfDaily';

describe('the text kept of a paper from a feed', () => {
  const day = JSON.parse(readFileSync('test/fixtures/hf/hf_daily_2025-07-22.json', 'utf8')) as { paper: Record<string, unknown>; title?: string }[];

  it('cuts a long title, abstract and summary and a long author list to their limits', () => {
    const huge = structuredClone(day);
    const entry = huge[0]!;
    entry.paper.title = `A ${'very '.repeat(20_000)}long title`;
    entry.title = entry.paper.title as string;
    entry.paper.summary = 'word '.repeat(40_000);
    entry.paper.ai_summary = 'summary '.repeat(2_000);
    entry.paper.authors = Array.from({ length: 5000 }, (_, i) => ({ name: `Author ${i} ${'x'.repeat(i === 0 ? 1000 : 1)}` }));
    const [paper] = parseFeed(JSON.stringify(huge)).papers;
    assert.ok(paper);
    assert.equal(paper.title.length, paperTextLimits.title);
    assert.ok(paper.title.endsWith('…') && paper.title.startsWith('A very very'));
    assert.equal(paper.abstract.length, paperTextLimits.abstract);
    assert.ok((paper.aiSummary ?? '').length <= paperTextLimits.aiSummary);
    assert.equal(paper.authors.length, paperTextLimits.authors);
    assert.equal(paper.authors[0]!.name.length, paperTextLimits.authorName);
    assert.ok(JSON.stringify(paper).length < 200_000, 'the whole paper stays small');
  });

  it('leaves real papers as they were', () => {
    assert.deepEqual(parseFeed(readFileSync('test/fixtures/hf/hf_daily_2025-07-22.json')).papers, parseHfDailyJson(day).papers);
  });

  it('never splits a surrogate pair', () => {
    assert.equal(cutText('ab😀cd', 4), 'ab…');
    assert.equal(cutText('abc😀d', 4), 'abc…');
    assert.equal(cutText('abcd', 4), 'abcd');
  });
});
