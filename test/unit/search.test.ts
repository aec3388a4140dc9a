import assert from 'node:assert/strict';
import MiniSearch from 'minisearch';
import { PaperIndex, type SearchResponse } from '../../src/core/search/paperIndex';
import { toIndexable } from '../../src/core/search/indexablePaper';
import { ABSTRACT_STOP_WORDS } from '../../src/core/search/stopWords';
import { allPapers, arxivPapers, byId, hfPapers, paper } from './searchFixtures';

const ids = (r: SearchResponse): string[] => r.hits.map((h) => h.id);

describe('PaperIndex: search', () => {
  const index = new PaperIndex();
  index.addAll(allPapers);

  it('indexes every fixture paper', () => {
    assert.equal(index.size, allPapers.length);
    assert.equal(allPapers.length, 159);
  });

  it('ranks the papers a query is about first', () => {
    assert.deepEqual(ids(index.search('speculative decoding')).slice(0, 1), ['2606.12243']);
    assert.deepEqual(new Set(ids(index.search('gaussian splatting')).slice(0, 2)), new Set(['2507.11061', '2507.15629']));
    assert.equal(ids(index.search('mamba'))[0], '2405.15574');
    assert.ok(ids(index.search('REST API test generation')).slice(0, 2).includes('2204.08348'));
  });

  it('finds authors', () => {
    const author = byId('2405.15574').authors[0].name;
    const r = index.search(author);
    assert.equal(r.hits[0].id, '2405.15574', author);
  });

  it('weights titles above abstracts', () => {
    const small = new PaperIndex();
    small.addAll([
      paper('in-abstract', 'A study of models', 'We apply distillation to compress models.'),
      paper('in-title', 'Distillation for compression', 'We compress models.'),
    ]);
    assert.deepEqual(ids(small.search('distillation')), ['in-title', 'in-abstract']);
  });

  it('returns hits with scores, matched terms and query terms, best first', () => {
    const r = index.search('Gaussian splatting relightable');
    assert.ok(r.total >= 2);
    for (let i = 1; i < r.hits.length; i++) assert.ok(r.hits[i - 1].score >= r.hits[i].score);
    const top = r.hits.find((h) => h.id === '2507.15629')!;
    assert.deepEqual([...top.terms].sort(), ['gaussian', 'relightable', 'splatting']);
    assert.deepEqual([...top.queryTerms].sort(), ['gaussian', 'relightable', 'splatting']);
    assert.deepEqual([...r.queryTerms], ['gaussian', 'splatting', 'relightable']);
    assert.ok(r.terms.includes('relightable'));
  });

  it('combines terms with and: every hit has every term, scored as with or', () => {
    const or = index.search('gaussian splatting relightable', { limit: Infinity });
    const and = index.search('gaussian splatting relightable', { limit: Infinity, combine: 'and' });
    assert.ok(and.total > 0 && and.total < or.total, `${and.total} with all terms, ${or.total} with any`);
    for (const hit of and.hits) assert.deepEqual([...hit.queryTerms].sort(), ['gaussian', 'relightable', 'splatting']);
    const orScores = new Map(or.hits.map((h) => [h.id, h.score]));
    for (const hit of and.hits) assert.equal(hit.score, orScores.get(hit.id));
    // Abstract stop words count as present everywhere, so they do not empty an "and" query.
    assert.ok(ABSTRACT_STOP_WORDS.has('to'));
    assert.equal(index.search('language to models', { combine: 'and' }).total, index.search('language models', { combine: 'and' }).total);
    assert.ok(index.search('language models', { combine: 'and' }).total > 0);
    assert.equal(index.search('gaussian zzyzxq', { combine: 'and' }).total, 0);
  });

  it('limits hits but counts every match', () => {
    const all = index.search('language models', { limit: Infinity });
    const few = index.search('language models', { limit: 3 });
    assert.equal(few.hits.length, 3);
    assert.equal(few.total, all.total);
    assert.equal(all.hits.length, all.total);
    assert.deepEqual(ids(few), ids(all).slice(0, 3));
  });

  it('answers an empty or separator-only query with nothing', () => {
    assert.deepEqual(index.search('').hits, []);
    assert.deepEqual(index.search(' ,;- ').hits, []);
  });

  it('keeps function words searchable in titles (Learning to Rank, He) though abstracts drop them', () => {
    const small = new PaperIndex();
    small.addAll([
      paper('ltr', 'Learning to Rank with Deep Networks', 'We rank documents.'),
      paper('other', 'Learning Rank Decompositions', 'We learn to factor matrices; the rank matters.'),
      paper('he', 'Residual Networks', 'Deep residual learning.', { authors: 'Kaiming He, Xiangyu Zhang' }),
    ]);
    assert.equal(ids(small.search('learning to rank'))[0], 'ltr');
    assert.deepEqual(ids(small.search('he')), ['he']);
    assert.ok(ABSTRACT_STOP_WORDS.has('to'));
  });

  it('restricts the search to some fields', () => {
    const author = byId('2405.15574').authors[0].name.split(' ').at(-1)!;
    assert.equal(index.search(author, { fields: ['title'] }).total, 0);
    assert.ok(index.search(author, { fields: ['authors'] }).total > 0);
  });

  describe('prefix (as you type)', () => {
    it('completes the last term', () => {
      assert.equal(index.search('specul').total, 0);
      const r = index.search('specul', { prefix: true });
      assert.equal(r.hits[0].id, '2606.12243');
      assert.ok(r.hits[0].terms.includes('speculative'));
    });

    it('completes only the last term', () => {
      assert.equal(index.search('specul decoding', { prefix: true }).hits[0]?.id, '2606.12243');
      const r = index.search('specul decod', { prefix: true });
      assert.ok(!r.terms.includes('speculative'));
    });

    it('keeps every keystroke of a query answering', () => {
      const query = 'gaussian splatting';
      for (let i = 2; i <= query.length; i++) {
        const typed = query.slice(0, i).trim();
        assert.ok(index.search(typed, { prefix: true }).total > 0, typed);
      }
      assert.ok(
        ids(index.search('gaussian splat', { prefix: true }))
          .slice(0, 2)
          .includes('2507.15629'),
      );
    });

    it('matches a term shorter than minPrefixLength exactly', () => {
      const r = index.search('s', { prefix: true });
      assert.ok(r.terms.every((t) => t === 's'));
      const one = new PaperIndex({ minPrefixLength: 1 });
      one.addAll(hfPapers);
      assert.ok(one.search('s', { prefix: true }).terms.some((t) => t.length > 1));
    });

    it('scores only the most frequent completions', () => {
      const capped = new PaperIndex({ maxPrefixExpansions: 3 });
      capped.addAll(allPapers);
      const r = capped.search('te', { prefix: true });
      assert.ok(r.terms.filter((t) => t !== 'te').length <= 3);
      assert.ok(r.terms.includes('testing'));
    });
  });

  describe('fuzzy', () => {
    it('tolerates typos when asked', () => {
      assert.equal(index.search('speculatve decodng').total, 0);
      const r = index.search('speculatve decodng', { fuzzy: true });
      assert.equal(r.hits[0].id, '2606.12243');
      assert.ok(r.terms.includes('speculative') && r.terms.includes('decoding'));
    });

    it('accepts an absolute edit distance', () => {
      assert.equal(index.search('gausian', { fuzzy: 1 }).hits[0]?.terms.includes('gaussian'), true);
    });

    it('combines with prefix', () => {
      const r = index.search('gausian splat', { fuzzy: 0.2, prefix: true });
      assert.ok(r.terms.includes('gaussian') && r.terms.includes('splatting'));
    });
  });

  describe('filters', () => {
    const withCode = new Set(allPapers.filter((p) => p.repos.some((r) => r.kind === 'github' || r.kind === 'gitlab')).map((p) => p.id));

    it('has code / has no code', () => {
      const yes = index.search('language', { filter: { hasCode: true }, limit: Infinity });
      const no = index.search('language', { filter: { hasCode: false }, limit: Infinity });
      const all = index.search('language', { limit: Infinity });
      assert.ok(yes.total > 0 && no.total > 0);
      assert.equal(yes.total + no.total, all.total);
      assert.ok(yes.hits.every((h) => withCode.has(h.id)));
      assert.ok(no.hits.every((h) => !withCode.has(h.id)));
    });

    it('date range, inclusive, on the featured day or the publication day', () => {
      const day = index.search('language', { filter: { from: '2025-07-22', to: '2025-07-22' }, limit: Infinity });
      assert.ok(day.total > 0);
      assert.ok(day.hits.every((h) => byId(h.id).dailyDate === '2025-07-22'));
      const year = index.search('testing', { filter: { from: '2022', to: '2022' }, limit: Infinity });
      assert.ok(year.total > 0);
      assert.ok(year.hits.every((h) => byId(h.id).published?.startsWith('2022')));
      const after = index.search('testing', { filter: { from: '2024-06' }, limit: Infinity });
      assert.ok(after.hits.every((h) => (byId(h.id).dailyDate ?? byId(h.id).published!.slice(0, 10)) >= '2024-06-01'));
    });

    it('category: any of the given ones', () => {
      const r = index.search('testing', { filter: { categories: ['cs.LG', 'stat.ML'] }, limit: Infinity });
      assert.ok(r.total > 0);
      assert.ok(r.hits.every((h) => byId(h.id).categories.some((c) => c === 'cs.LG' || c === 'stat.ML')));
      assert.equal(index.search('testing', { filter: { categories: ['no.such'] } }).total, 0);
    });

    it('an allow-set of ids and a predicate, for what only the host knows (library status, tags)', () => {
      const library = new Set(['2507.11061', '2204.08348']);
      assert.deepEqual(new Set(ids(index.search('gaussian testing', { filter: { ids: library } }))), library);
      const r = index.search('gaussian', { filter: { predicate: (id) => id.startsWith('2507.156') } });
      assert.deepEqual(ids(r), ['2507.15629']);
    });

    it('filters before limiting', () => {
      const r = index.search('language', { filter: { hasCode: false }, limit: 1 });
      assert.equal(r.hits.length, 1);
      assert.ok(!withCode.has(r.hits[0].id));
    });
  });

  describe('matches MiniSearch', () => {
    // Our scoring reads MiniSearch's postings directly; MiniSearch's own search over the same index must agree.
    const boost = { title: 1.5, keywords: 1.5 };
    const reference = new MiniSearch({
      fields: ['title', 'authors', 'abstract', 'keywords'],
      processTerm: (t, field) => {
        const term = t.toLowerCase();
        return !term || (field === 'abstract' && ABSTRACT_STOP_WORDS.has(term)) ? null : term;
      },
    });
    reference.addAll(allPapers.map(toIndexable));

    for (const q of ['gaussian splatting', 'large language model agents', 'software testing deep learning', 'mutation']) {
      it(`same hits and scores for "${q}"`, () => {
        const ours = index.search(q, { limit: 15 }).hits;
        const theirs = reference.search(q, { boost }).slice(0, 15);
        assert.deepEqual(
          ours.map((h) => h.id),
          theirs.map((h) => h.id),
        );
        ours.forEach((h, i) => assert.ok(Math.abs(h.score - theirs[i].score) <= 1e-9 * theirs[i].score, `${h.id}: ${h.score} vs ${theirs[i].score}`));
      });
    }

    it('same prefix scores when every completion is kept', () => {
      const wide = new PaperIndex({ maxPrefixExpansions: 1e6, minPrefixLength: 1 });
      wide.addAll(allPapers);
      const q = 'software test';
      const ours = wide.search(q, { prefix: true, limit: 10 }).hits;
      const theirs = reference.search(q, { boost, prefix: (_t, i, terms) => i === terms.length - 1 }).slice(0, 10);
      assert.deepEqual(
        ours.map((h) => h.id),
        theirs.map((h) => h.id),
      );
      ours.forEach((h, i) => assert.ok(Math.abs(h.score - theirs[i].score) <= 1e-9 * theirs[i].score));
    });
  });

  it('papers are found by keywords', () => {
    const p = byId('2606.13392');
    assert.ok(p.aiKeywords?.includes('Grouped Query Attention'));
    assert.equal(ids(index.search('grouped query attention'))[0], '2606.13392');
  });

  it('arXiv fixture papers carry categories into the index', () => {
    assert.ok(arxivPapers.every((p) => p.categories.length > 0));
  });
});

describe('PaperIndex: add, remove, update', () => {
  it('adds incrementally and refuses duplicates', () => {
    const index = new PaperIndex();
    index.add(hfPapers[0]);
    assert.ok(index.has(hfPapers[0].id));
    assert.throws(() => index.add(hfPapers[0]), /already indexed/);
    index.add(paper('new', 'Quantum annealing for scheduling', 'An annealer schedules jobs.'));
    assert.equal(index.size, 2);
    assert.deepEqual(ids(index.search('annealing')), ['new']);
  });

  it('refuses ids with line breaks (the saved form keeps one id per line)', () => {
    const index = new PaperIndex();
    assert.throws(() => index.add(paper('a\nb', 'Title', 'Abstract')), /line break/);
    assert.equal(index.size, 0);
  });

  it('removes: the paper is gone and scores equal those of an index built without it', () => {
    // arXiv papers only: they all have the same fields. With a field some papers lack (keywords), MiniSearch's
    // running average of that field's length depends on the order of adds and removals, as in plain MiniSearch.
    const gone = '2204.08348';
    const index = new PaperIndex();
    index.addAll(arxivPapers);
    assert.equal(index.remove(gone), true);
    assert.equal(index.remove(gone), false);
    assert.equal(index.remove('no-such-id'), false);
    assert.ok(!index.has(gone));
    const fresh = new PaperIndex();
    fresh.addAll(arxivPapers.filter((p) => p.id !== gone));
    for (const q of ['REST API testing', 'test generation', 'deep learning', 'testing']) {
      const a = index.search(q, { limit: 10 });
      const b = fresh.search(q, { limit: 10 });
      assert.deepEqual(ids(a), ids(b), q);
      a.hits.forEach((h, i) => assert.ok(Math.abs(h.score - b.hits[i].score) < 1e-9 * h.score, q));
      assert.equal(a.total, b.total);
    }
  });

  it('updates a paper in place of the old version', () => {
    const index = new PaperIndex();
    index.addAll(hfPapers);
    const old = byId('2405.15682');
    index.update({ ...old, title: 'The Road Less Scheduled: Schedule-Free Optimisation' });
    assert.equal(index.size, hfPapers.length);
    assert.equal(ids(index.search('schedule free optimisation'))[0], '2405.15682');
    index.update(paper('brand-new', 'Tensor networks', 'Tensor trains.'));
    assert.equal(index.size, hfPapers.length + 1);
  });

  it('re-adds a removed paper', () => {
    const index = new PaperIndex();
    index.addAll(hfPapers);
    index.remove('2606.12243');
    assert.equal(index.search('speculative').total, 0);
    index.add(byId('2606.12243'));
    assert.equal(ids(index.search('speculative'))[0], '2606.12243');
  });
});

describe('PaperIndex: moreLikeThis', () => {
  const index = new PaperIndex();
  index.addAll(allPapers);

  it('finds papers on the same subject, not the paper itself', () => {
    const related = index.moreLikeThis('2507.11061', 5).map((h) => h.id);
    assert.ok(!related.includes('2507.11061'));
    assert.ok(related.slice(0, 3).includes('2507.15629'), related.join(' '));
  });

  it('relates testing papers to testing papers', () => {
    const related = index.moreLikeThis('2202.12139', 5).map((h) => h.id);
    assert.equal(related.length, 5);
    assert.ok(related.filter((id) => arxivPapers.some((p) => p.id === id)).length >= 4, related.join(' '));
  });

  it('honours the limit and a filter, and is empty for an unknown id', () => {
    assert.equal(index.moreLikeThis('2507.11061', 2).length, 2);
    assert.ok(index.moreLikeThis('2507.11061', 10, { filter: { hasCode: false } }).every((h) => !byId(h.id).repos.some((r) => r.kind === 'github')));
    assert.deepEqual(index.moreLikeThis('nope'), []);
  });
});
