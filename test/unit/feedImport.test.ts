import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { FeedError, notAFeedMessage } from '../../src/core/feeds/feedError';
import { FeedLoadError, FeedLoader } from '../../src/core/feeds/feedLoader';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { looksLikeDailyPapers } from '../../src/core/feeds/textKind';

/** What each reference-manager or bibliography file must be refused as, never read as a Daily Papers page. */
const refused: Record<string, string> = {
  'bibtex/arxivsrc_2412.19437_deepseekv3_main.bib': 'a BibTeX file',
  'zotero/bbt_biblatex_arxiv_preprints_2163.bib': 'a BibTeX file',
  'zotero/bbt_biblatex_plus_mendeley_library.bib': 'a BibTeX file',
  'zotero/bbt_better_csl_json_dates_360_811.json': 'a CSL JSON library (a reference manager export)',
  'zotero/csl_json_library.json': 'a CSL JSON library (a reference manager export)',
  'zotero/bbt_json_export_arxiv_preprints_2163.json': 'a Zotero (Better BibTeX) JSON export',
  'zotero/zotero_rdf_book_and_snapshot.rdf': 'an RDF file (a Zotero RDF export?)',
};

function refusal(input: string | Uint8Array): FeedError {
  try {
    const result = parseFeed(input);
    assert.fail(`read as a feed of ${result.papers.length} papers, first "${result.papers[0]?.title}"`);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    return error;
  }
}

describe('importing a file as a feed', () => {
  it('has an expectation for every bibliography fixture', () => {
    const files = ['bibtex', 'zotero'].flatMap((dir) => readdirSync(`test/fixtures/${dir}`).map((f) => `${dir}/${f}`));
    assert.deepEqual(files.sort(), Object.keys(refused).sort());
  });

  for (const [file, got] of Object.entries(refused)) {
    it(`refuses ${file} as ${got}`, () => {
      const error = refusal(readFileSync(`test/fixtures/${file}`));
      assert.equal(error.kind, 'unrecognised-format');
      assert.equal(error.got, got);
    });
  }

  it('reads a BibTeX file as a BibTeX file, not as 81 papers titled "@article{…,"', () => {
    const bib = readFileSync('test/fixtures/bibtex/arxivsrc_2412.19437_deepseekv3_main.bib', 'utf8');
    assert.equal(looksLikeDailyPapers(bib), false);
    // Even with its entries' "@" lines gone, what is left is fields, not a page.
    assert.equal(looksLikeDailyPapers(bib.replace(/^@.*$/gm, '')), false);
  });

  it('reads real Daily Papers pages, and only text shaped like one', () => {
    assert.equal(looksLikeDailyPapers(readFileSync('media/sample/daily-papers.txt', 'utf8')), true);
    const pasted =
      '[2312.00752] Mamba: Linear-Time Sequence Modeling with Selective State Spaces\n\nFoundation models, now powering most of the exciting applications in deep learning, are almost universally based on the Transformer architecture. Many subquadratic-time architectures have been developed.';
    assert.equal(looksLikeDailyPapers(pasted), true);
    assert.equal(
      looksLikeDailyPapers('# Sample project\n\nA small workspace for the end-to-end tests. It has some Python code that cites papers, and notes.'),
      false,
    );
    assert.equal(
      looksLikeDailyPapers('\\documentclass{article}\n\\begin{document}\nHello world, this is a paper that is long enough to be an abstract.\n\\end{document}'),
      false,
    );
    assert.equal(looksLikeDailyPapers('TY  - JOUR\nTI  - A title\nAU  - Someone\nER  - \n'), false);
  });

  it('says in one sentence, naming the file once, what a refused file is', () => {
    const error = refusal(readFileSync('test/fixtures/zotero/bbt_biblatex_plus_mendeley_library.bib'));
    assert.equal(
      notAFeedMessage('library.bib', error),
      'Not a feed: library.bib is a BibTeX file; Marginalia reads Hugging Face JSON, arXiv Atom and RSS, and Daily Papers pages.',
    );
  });

  it('shows a bibliography file source as its papers, one per paper', async () => {
    const loader = new FeedLoader({
      http: { request: () => Promise.reject(new Error('no network')) } as never,
      cache: { read: async () => undefined, write: async () => undefined },
      endpoints: () => ({ huggingFace: 'http://127.0.0.1:9/hf', arxiv: 'http://127.0.0.1:9/arxiv' }),
      readFile: async (uri) =>
        readFileSync(uri.endsWith('.json') ? 'test/fixtures/zotero/csl_json_library.json' : 'test/fixtures/zotero/bbt_biblatex_arxiv_preprints_2163.bib'),
      loadSample: async () => ({ format: 'daily-papers-text', papers: [], skipped: [] }),
    });
    const bib = await loader.load({ kind: 'file', id: 'f', uri: 'file:///home/ada/preprints.bib' });
    assert.equal(bib.result.format, 'library');
    // 12 entries; the conference versions of two preprints share their titles and are the same paper.
    assert.equal(bib.result.papers.length + bib.result.skipped.length, 12);
    assert.ok(bib.result.papers.some((p) => p.arxivId === '1910.07512' && p.source === 'library'));
    const csl = await loader.load({ kind: 'file', id: 'g', uri: 'file:///home/ada/library.json' });
    assert.equal(csl.result.papers.length, 5);
  });

  it('fails a file source with that sentence, not to be retried', async () => {
    const loader = new FeedLoader({
      http: { request: () => Promise.reject(new Error('no network')) } as never,
      cache: { read: async () => undefined, write: async () => undefined },
      endpoints: () => ({ huggingFace: 'http://127.0.0.1:9/hf', arxiv: 'http://127.0.0.1:9/arxiv' }),
      readFile: async () => readFileSync('test/fixtures/zotero/zotero_rdf_book_and_snapshot.rdf'),
      loadSample: async () => ({ format: 'daily-papers-text', papers: [], skipped: [] }),
    });
    const uri = 'file:///home/ada/My%20Library/library.rdf';
    await assert.rejects(loader.load({ kind: 'file', id: 'f', uri }), (error: unknown) => {
      assert.ok(error instanceof FeedLoadError);
      assert.equal(error.kind, 'file');
      assert.equal(error.retryable, false);
      assert.equal(
        error.message,
        'Not a feed: library.rdf is an RDF file (a Zotero RDF export?); Marginalia reads Hugging Face JSON, arXiv Atom and RSS, and Daily Papers pages.',
      );
      return true;
    });
  });
});
