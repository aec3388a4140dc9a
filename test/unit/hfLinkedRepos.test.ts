import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHfLinkedRepos } from '../../src/core/citations/hfLinkedRepos';
import { CitationError } from '../../src/core/citations/semanticScholar';

const fixture = readFileSync('test/fixtures/hf_paper/hf_api_papers_2608.09888.json', 'utf8');

describe('Hugging Face paper page: linked models, datasets and Spaces', () => {
  it('reads the one linked dataset and the totals (hf_api_papers_2608.09888.json)', () => {
    const linked = parseHfLinkedRepos(fixture);
    assert.equal(linked.arxivId, '2608.09888');
    assert.deepEqual(linked.repos, [
      {
        kind: 'dataset',
        id: 'WhySoCodius/in-context-grid-reasoning',
        url: 'https://huggingface.co/datasets/WhySoCodius/in-context-grid-reasoning',
        likes: 1,
        downloads: 108,
      },
    ]);
    assert.deepEqual(linked.totals, { model: 0, dataset: 1, space: 0 });
  });

  it('builds links under the configured Hugging Face base', () => {
    assert.equal(
      parseHfLinkedRepos(fixture, 'http://127.0.0.1:8080/hf/').repos[0]!.url,
      'http://127.0.0.1:8080/hf/datasets/WhySoCodius/in-context-grid-reasoning',
    );
  });

  it('models and Spaces have their own paths; odd, private and missing entries are left out; totals never below the list', () => {
    const linked = parseHfLinkedRepos(
      JSON.stringify({
        id: '2401.00001',
        linkedModels: [{ id: 'org/model' }, { id: '../../evil' }, { id: 'a/b', private: true }, null],
        linkedSpaces: [{ id: 'org/demo', likes: 'many' }],
        numTotalModels: 40,
      }),
    );
    assert.deepEqual(
      linked.repos.map((r) => [r.kind, r.url, r.likes]),
      [
        ['model', 'https://huggingface.co/org/model', undefined],
        ['space', 'https://huggingface.co/spaces/org/demo', undefined],
      ],
    );
    assert.deepEqual(linked.totals, { model: 40, dataset: 0, space: 1 });
  });

  it('errors as sentences: not JSON, HF’s error object, no paper', () => {
    const kindOf = (body: string) => {
      try {
        parseHfLinkedRepos(body);
      } catch (error) {
        assert.ok(error instanceof CitationError);
        return [error.kind, error.message];
      }
      return undefined;
    };
    assert.deepEqual(kindOf('<html>'), ['malformed', 'Hugging Face sent something that is not JSON.']);
    assert.deepEqual(kindOf('{"error":"Paper not found"}'), ['service-error', 'Hugging Face: Paper not found']);
    assert.deepEqual(kindOf('[]'), ['malformed', 'Hugging Face sent an answer without a paper.']);
  });
});
