import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { arxivIdsOf, citationPart, failedPart, hfPart, settlePart } from '../../src/core/citations/citationsState';
import { parseHfLinkedRepos } from '../../src/core/citations/hfLinkedRepos';
import { CitationError, parseCitationPage } from '../../src/core/citations/semanticScholar';
import { isPaperMessage } from '../../src/protocol/guards';

const citations = parseCitationPage('citations', readFileSync('test/fixtures/semantic_scholar/s2_citations_limit3.json', 'utf8'));

describe('Citations section state', () => {
  it('marks the recorded citing papers against the library and the workspace, with counts', () => {
    const part = citationPart(
      { page: citations, fetchedAt: 1000, fromCache: false },
      { libraryArxivIds: arxivIdsOf(['arXiv:2607.22410v2']), workspaceArxivIds: arxivIdsOf(['https://arxiv.org/abs/2607.22154', 'not an id']) },
    );
    assert.equal(part.status, 'ready');
    if (part.status !== 'ready') return;
    assert.equal(part.stale, undefined);
    assert.deepEqual(
      part.data.rows.map((r) => [r.target.kind === 'paper' ? r.target.id : r.target.kind, r.inLibrary, r.citedInWorkspace]),
      [
        ['2607.22410', true, false],
        ['2607.22154', false, true],
        ['doi', false, false],
      ],
    );
    assert.equal(part.data.summary, 'At least 3 papers cite this one (1 in your library, 1 cited in this workspace).');
  });

  it('an older copy shown offline says what failed', () => {
    const part = citationPart(
      { page: citations, fetchedAt: 1000, fromCache: true, staleBecause: new CitationError('offline', 'Semantic Scholar could not be reached: refused') },
      { libraryArxivIds: new Set(), workspaceArxivIds: new Set() },
    );
    assert.equal(part.status === 'ready' && part.stale, 'Semantic Scholar could not be reached: refused');
    const hf = hfPart({
      links: parseHfLinkedRepos(readFileSync('test/fixtures/hf_paper/hf_api_papers_2608.09888.json', 'utf8')),
      fetchedAt: 5,
      fromCache: false,
    });
    assert.equal(hf.status === 'ready' && hf.data.totals.dataset, 1);
  });

  it('failures keep their sentence and say whether the service was unreachable', async () => {
    assert.deepEqual(failedPart(new CitationError('offline', 'Semantic Scholar could not be reached: timed out')), {
      status: 'failed',
      reason: 'offline',
      message: 'Semantic Scholar could not be reached: timed out',
    });
    assert.deepEqual(failedPart(new CitationError('not-found', 'x')), { status: 'failed', reason: 'not-found', message: 'x' });
    assert.deepEqual(await settlePart(Promise.reject(new Error('boom')), () => ({ status: 'loading' })), {
      status: 'failed',
      reason: 'error',
      message: 'boom',
    });
  });

  it('the view may ask to fetch again, and nothing more with it', () => {
    assert.equal(isPaperMessage({ type: 'retryCitations' }), true);
    assert.equal(isPaperMessage({ type: 'retryCitation' }), false);
  });
});
