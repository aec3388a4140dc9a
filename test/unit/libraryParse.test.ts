import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedError } from '../../src/core/feeds/feedError';
import { findArxivIdInFields } from '../../src/core/library/arxivIdInFields';
import { parseBibtexLibrary, splitBibtex } from '../../src/core/library/bibtexLibrary';
import { cslDate } from '../../src/core/library/cslJson';
import type { LibraryEntry, LibraryParseResult } from '../../src/core/library/libraryEntry';
import { libraryText, parseFileField } from '../../src/core/library/libraryRecord';
import { parseLibrary } from '../../src/core/library/parseLibrary';

const read = (path: string) => readFileSync(`test/fixtures/${path}`, 'utf8');
const byKey = (result: LibraryParseResult, key: string): LibraryEntry => {
  const entry = result.entries.find((e) => e.key === key);
  assert.ok(entry, `no entry ${key}`);
  return entry;
};

/** No LaTeX command, brace, escaped character or rich-text tag left in what a user reads. */
function assertPlainText(entry: LibraryEntry): void {
  for (const text of [entry.paper.title, entry.paper.abstract, entry.paper.venue ?? '', ...entry.paper.authors.map((a) => a.name), ...entry.keywords]) {
    assert.doesNotMatch(text, /\\[A-Za-z]+|\\[&%$#_{}]|[{}]|<\/?(?:i|b|span|sup|sub)\b/, `${entry.key}: ${text.slice(0, 200)}`);
  }
}

describe('bibliography files', () => {
  it('reads the DeepSeek-V3 bibliography: 189 entries with their keys, arXiv ids from eprint, journal and DBLP volumes', async () => {
    const result = await parseLibrary(read('bibtex/arxivsrc_2412.19437_deepseekv3_main.bib'));
    assert.equal(result.format, 'bibtex');
    assert.equal(result.entries.length, 189);
    assert.deepEqual(result.skipped, []);
    assert.equal(new Set(result.entries.map((e) => e.key)).size, 189);
    // Google Scholar: journal = {arXiv preprint arXiv:2401.10241}.
    const scholar = byKey(result, 'qi2023zero');
    assert.equal(scholar.paper.arxivId, '2401.10241');
    assert.equal(scholar.arxivIdFrom, 'journal');
    assert.equal(scholar.paper.venue, undefined, 'an arXiv preprint has no venue');
    assert.deepEqual(
      scholar.paper.authors.map((a) => a.name),
      ['Penghui Qi', 'Xinyi Wan', 'Guangxing Huang', 'Min Lin'],
    );
    assert.equal(scholar.paper.year, '2023');
    // DBLP folds the CoRR volume into the journal sometimes.
    assert.equal(byKey(result, 'wang2023math').paper.arxivId, '2312.08935');
    const from = new Map<string, number>();
    for (const e of result.entries) if (e.arxivIdFrom) from.set(e.arxivIdFrom, (from.get(e.arxivIdFrom) ?? 0) + 1);
    assert.ok((from.get('eprint') ?? 0) > 20 && (from.get('journal') ?? 0) > 50 && (from.get('volume') ?? 0) > 10, JSON.stringify([...from]));
    assert.equal(result.entries.filter((e) => e.paper.arxivId).length, 104);
    // A DBLP URL with `\_` escapes is a plain URL.
    assert.equal(byKey(result, 'cot').url, 'http://papers.nips.cc/paper_files/paper/2022/hash/9d5609613524ecf4f15af0f7b31abca4-Abstract-Conference.html');
    assert.equal(byKey(result, 'naturalquestions').paper.doi, '10.1162/tacl_a_00276');
    for (const e of result.entries) assertPlainText(e);
  });

  it('reads Better BibLaTeX preprints: keys with underscores and suffixes, eprint, keywords, escaped LaTeX in abstracts', async () => {
    const result = await parseLibrary(read('zotero/bbt_biblatex_arxiv_preprints_2163.bib'));
    assert.equal(result.entries.length, 12);
    const e = byKey(result, '_preprintwang_on_solving_minimax_optimization_locally_2019');
    assert.equal(e.paper.arxivId, '1910.07512');
    assert.equal(e.type, 'unpublished');
    assert.deepEqual(e.keywords, ['Computer Science - Machine Learning', 'Mathematics - Optimization and Control', 'Statistics - Machine Learning']);
    assert.match(e.paper.abstract, /equilibria in sequential games/);
    assert.equal(byKey(result, 'ramsauer_hopfield_networks_2020a').paper.arxivId, '2008.02217');
    assert.equal(byKey(result, 'ramsauer_hopfield_networks_2020').paper.arxivId, undefined);
    for (const entry of result.entries) assertPlainText(entry);
  });

  it('reads a Mendeley entry and Better BibTeX entries in one file: files, DOI, double-braced titles', async () => {
    const result = await parseLibrary(read('zotero/bbt_biblatex_plus_mendeley_library.bib'));
    assert.deepEqual(
      result.entries.map((e) => e.key),
      ['Weiner2003', 'abnar2019blackbox', 'aitchison2017you', 'alexandrescu2006factored', 'bar-ashersiegal2020perspectives'],
    );
    const mendeley = byKey(result, 'Weiner2003');
    assert.deepEqual(mendeley.files, [
      '/Documents/literature/Weiner/Reviews in Mineralogy and Geochemistry/Weiner - 2003 - An Overview of Biomineralization Processes and the Problem of the Vital Effect.pdf',
    ]);
    assert.equal(mendeley.paper.doi, '10.2113/0540001');
    assert.equal(mendeley.paper.title, 'An Overview of Biomineralization Processes and the Problem of the Vital Effect');
    const bbt = byKey(result, 'abnar2019blackbox');
    assert.equal(bbt.paper.arxivId, '1906.01539');
    assert.equal(bbt.files.length, 1);
    assert.match(bbt.files[0]!, /Dropbox \(MIT\)\/Papers\/2019\/Abnar et al_2019_Black/);
    assert.deepEqual(byKey(result, 'alexandrescu2006factored').keywords, ['neural language models', 'neural networks', 'nlp', 'unknown words']);
    assert.ok(byKey(result, 'aitchison2017you').paper.authors.some((a) => a.name === 'Máté Lengyel'));
    for (const entry of result.entries) assertPlainText(entry);
  });

  it('reads CSL-JSON: keys from id, arXiv id from container-title, dates of every shape', async () => {
    const result = await parseLibrary(read('zotero/csl_json_library.json'));
    assert.equal(result.format, 'csl-json');
    assert.equal(result.entries.length, 5);
    const abnar = byKey(result, 'abnar2019blackbox');
    assert.equal(abnar.paper.arxivId, '1906.01539');
    assert.equal(abnar.paper.published, '2019-06-04');
    assert.equal(byKey(result, 'Weiner2003').paper.year, '2003');

    const dates = await parseLibrary(read('zotero/bbt_better_csl_json_dates_360_811.json'));
    assert.equal(dates.entries.length, 15);
    assert.equal(byKey(dates, 'doe10_edtf_2011').paper.year, '2011');
    assert.equal(byKey(dates, 'doe10_edtf_2011').paper.published, '2011-05-25');
    assert.equal(byKey(dates, 'doe13_season_2017').paper.year, '2017');
    assert.equal(byKey(dates, 't5').paper.year, '-334');
    assert.equal(byKey(dates, 't2').paper.year, undefined);
    assert.deepEqual(cslDate({ 'date-parts': [['2014', 12, 31], [0]] }), { year: '2014', date: '2014-12-31' });
    assert.deepEqual(cslDate({ raw: 'printemps 1985' }), { year: '1985' });
    assert.deepEqual(cslDate({ 'date-parts': [[]] }), {});
  });

  it('reads a Better BibTeX JSON dump: arXiv ids from extra, tags as keywords', async () => {
    const result = await parseLibrary(read('zotero/bbt_json_export_arxiv_preprints_2163.json'));
    assert.equal(result.format, 'bbt-json');
    assert.equal(result.entries.length, 12);
    assert.deepEqual(
      result.entries
        .filter((e) => e.paper.arxivId)
        .map((e) => e.paper.arxivId)
        .sort(),
      ['1502.01852', '1603.05201', '1802.05957', '1910.07512', '2008.02217'],
    );
    for (const entry of result.entries) assertPlainText(entry);
  });

  it('finds arXiv ids wherever exporters put them, and not in other eprints', () => {
    const cases: [Record<string, string>, string | undefined][] = [
      [{ eprint: '2312.00752', archiveprefix: 'arXiv' }, '2312.00752'],
      [{ eprint: 'hep-th/9901001v2' }, 'hep-th/9901001'],
      [{ eprint: '12345678', eprinttype: 'pubmed' }, undefined],
      [{ journal: 'arXiv preprint arXiv:2401.10241' }, '2401.10241'],
      [{ journal: 'CoRR', volume: 'abs/2106.09685' }, '2106.09685'],
      [{ doi: '10.48550/ARXIV.2106.09685' }, '2106.09685'],
      [{ doi: 'https://doi.org/10.48550/arXiv.2106.09685' }, '2106.09685'],
      [{ url: 'https://arxiv.org/abs/1706.03762v5' }, '1706.03762'],
      [{ howpublished: '\\url{https://arxiv.org/pdf/1706.03762.pdf}' }, '1706.03762'],
      [{ note: 'Published at ICLR 2019' }, undefined],
      [{ journal: 'Journal of 2401.10241 Studies' }, undefined],
      [{ arxivid: '1105.3402' }, '1105.3402'],
    ];
    for (const [fields, id] of cases) assert.equal(findArxivIdInFields(fields)?.id, id, JSON.stringify(fields));
  });

  it('turns LaTeX into text', () => {
    assert.equal(libraryText('A \\emph{New} {GPT}-4 Study of \\textbf{50\\%} {\\"u}ber caf\\\'e'), 'A New GPT-4 Study of 50% über café');
    assert.equal(libraryText('<i>Italic</i> and <span class="nocase">DNA</span>'), 'Italic and DNA');
    assert.equal(libraryText('x < y and $\\alpha$'), 'x < y and $\\alpha$');
  });

  it('reads file fields of Zotero, Mendeley and JabRef', () => {
    assert.deepEqual(parseFileField('/a/b c.pdf;/d/e.pdf'), ['/a/b c.pdf', '/d/e.pdf']);
    assert.deepEqual(parseFileField(':/home/x/a.pdf:pdf'), ['/home/x/a.pdf']);
    assert.deepEqual(parseFileField('Full Text:C\\:/papers/a.pdf:PDF'), ['C:/papers/a.pdf']);
    assert.deepEqual(parseFileField(''), []);
  });

  it('cuts a file into entries by braces, and survives an unclosed entry', () => {
    const blocks = splitBibtex(
      'junk @string{me = "Me"}\n@article{a, title = {x {y} z}}\n% comment @ here\n@misc(b, title = "q")\n@article{c, title = {never closed\n@article{d, title={ok}}',
    );
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['string', 'article', 'misc', 'article', 'article'],
    );
    assert.match(blocks[3]!.text, /never closed\n$/);
  });

  it('skips the entries it cannot read, with a reason, and keeps the rest; uses @string macros', async () => {
    const result = await parseBibtexLibrary(
      '@string{icml = "International Conference on Machine Learning"}\n@inproceedings{good, title={Good}, booktitle=icml, year=2020}\n@article{bad, title={Unclosed, author = {X}\n@article{also, title = {Also good}, eprint = {2101.00001}}\n',
    );
    assert.deepEqual(
      result.entries.map((e) => e.key),
      ['good', 'also'],
    );
    assert.equal(result.entries[0]!.paper.venue, 'International Conference on Machine Learning');
    assert.equal(result.skipped.length, 1);
    assert.equal(result.skipped[0]!.index, 1);
  });

  it('yields between chunks, reports progress and can be cancelled', async () => {
    const big = Array.from(
      { length: 400 },
      (_, i) =>
        `@article{k${i}, title={Paper ${i} on \\emph{things}}, author={Doe, Jane and Roe, Rick}, journal={arXiv preprint arXiv:2101.${String(10000 + i)}}, year={2021}}`,
    ).join('\n');
    let yields = 0;
    const progress: number[] = [];
    const result = await parseBibtexLibrary(big, { yieldControl: async () => void yields++, onProgress: (done) => progress.push(done) });
    assert.equal(result.entries.length, 400);
    assert.ok(yields >= 3, `yielded ${yields} times`);
    assert.equal(progress.at(-1), 400);
    const controller = new AbortController();
    await assert.rejects(
      parseBibtexLibrary(big, { signal: controller.signal, yieldControl: async () => controller.abort() }),
      (e: unknown) => e instanceof Error && e.name === 'AbortError',
    );
  });

  it('refuses what is not a bibliography with a FeedError', async () => {
    await assert.rejects(parseLibrary('just words'), (e: unknown) => e instanceof FeedError && e.kind === 'unrecognised-format');
    await assert.rejects(parseLibrary('{"a": 1}'), (e: unknown) => e instanceof FeedError && e.kind === 'unrecognised-format');
    await assert.rejects(parseLibrary('[{"type": "book"'), (e: unknown) => e instanceof FeedError && e.kind === 'malformed');
  });
});
