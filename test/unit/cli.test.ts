import assert from 'node:assert/strict';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';

const fixtures = join(__dirname, '..', 'fixtures');
const seed = join(__dirname, '..', '..', 'media', 'sample', 'daily-papers.txt');

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readFile: (p) => readFileSync(p),
    stream: (p) => createReadStream(p, { highWaterMark: 4096 }),
  });
  return { code, out, err };
}

describe('the marginalia command line', () => {
  it('parse prints one paper a line with its repos', async () => {
    const { code, out, err } = await run('parse', seed);
    assert.equal(code, 0);
    assert.equal(out.length, 96);
    const papers = out.map((line) => JSON.parse(line) as { title: string; repos: { kind: string; slug?: string }[] });
    const github = new Set(papers.flatMap((p) => p.repos.filter((r) => r.kind === 'github').map((r) => r.slug!.toLowerCase())));
    assert.equal(github.size, 25);
    assert.match(err.join('\n'), /daily-papers-text, 96 papers/);
  });

  it('search ranks the matching papers first', async () => {
    const { code, out, err } = await run('search', join(fixtures, 'arxiv', 'arxiv_newapi_2026_search_testing_100.xml'), 'mutation', '--limit', '3', '--json');
    assert.equal(code, 0);
    assert.equal(out.length, 3);
    for (const line of out)
      assert.match(
        (JSON.parse(line) as { paper: { title: string; abstract: string } }).paper.title + (JSON.parse(line) as { paper: { abstract: string } }).paper.abstract,
        /mutation/i,
      );
    assert.match(err.join('\n'), /matching of 100 papers/);
  });

  it('bibtex prints entries a BibTeX parser reads back', async () => {
    const { code, out } = await run('bibtex', join(fixtures, 'arxiv', 'arxiv_classic_2016_idlist_1111.2011v2.xml'), '1111.2011v2');
    assert.equal(code, 0);
    // The parser is ESM-only: import it dynamically from this CommonJS test.
    const { parse: parseBibtex } = await import('@retorquere/bibtex-parser');
    const library = parseBibtex(out.join('\n'));
    assert.equal(library.errors.length, 0);
    assert.equal(library.entries.length, 1);
    assert.equal(library.entries[0]!.fields.eprint, '1111.2011');
  });

  describe('parse reads every format, one JSON line per paper or entry', () => {
    const lines = async (...argv: string[]) => {
      const r = await run('parse', ...argv);
      assert.equal(r.code, 0, r.err.join('\n'));
      return r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    };
    it('arXiv listings, RSS and Atom, and an empty weekend listing', async () => {
      assert.deepEqual(
        (await lines(join(fixtures, 'arxiv_rss', 'rss2_multicat_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24_trimmed4items.xml'))).map((p) => [p.id, p.announceType]),
        [
          ['2609.26811', 'new'],
          ['2609.26820', 'new'],
          ['2205.06398', 'cross'],
          ['2009.13987', 'replace'],
        ],
      );
      assert.equal((await lines(join(fixtures, 'arxiv_rss', 'atom_cs.LG_2026-09-25_trimmed3entries.xml'))).length, 3);
      const weekend = await run('parse', join(fixtures, 'arxiv_rss', 'rss2_cs.CL_weekend_empty_2026-08-01.xml'));
      assert.equal(weekend.code, 0);
      assert.deepEqual(weekend.out, []);
      assert.match(weekend.err.join('\n'), /No new papers today in cs\.CL/);
    });
    it('BibTeX, CSL-JSON and Better BibTeX JSON, keeping citation keys', async () => {
      const bib = await lines(join(fixtures, 'bibtex', 'arxivsrc_2412.19437_deepseekv3_main.bib'));
      assert.equal(bib.length, 189);
      assert.deepEqual(bib[0]!.key, 'qi2023zero');
      assert.equal(bib[0]!.arxivId, '2401.10241');
      const csl = await lines(join(fixtures, 'zotero', 'csl_json_library.json'));
      assert.deepEqual(
        csl.map((e) => e.key),
        ['Weiner2003', 'abnar2019blackbox', 'aitchison2017you', 'alexandrescu2006factored', 'bar-ashersiegal2020perspectives'],
      );
      assert.equal((await lines(join(fixtures, 'zotero', 'bbt_biblatex_plus_mendeley_library.bib'))).length, 5);
      assert.equal((await lines(join(fixtures, 'zotero', 'bbt_json_export_arxiv_preprints_2163.json'))).length, 12);
      assert.equal((await lines(join(fixtures, 'zotero', 'bbt_better_csl_json_dates_360_811.json'))).length, 15);
    });
    it('OAI-PMH records and identifiers', async () => {
      assert.equal((await lines(join(fixtures, 'arxiv_oai', 'getrecord_arXivRaw_0804.2273_2016_reindented.xml')))[0]!.id, '0804.2273');
      const dir = mkdtempSync(join(tmpdir(), 'marginalia-cli-'));
      const ids = join(dir, 'ids.xml');
      writeFileSync(
        ids,
        (JSON.parse(readFileSync(join(fixtures, 'arxiv_oai', 'nock_listidentifiers_arXiv_2009-01-01_2018.json'), 'utf8')) as { response: string }[])[0]!
          .response,
      );
      assert.equal((await lines(ids)).length, 86);
      const identify = join(dir, 'identify.xml');
      writeFileSync(
        identify,
        (JSON.parse(readFileSync(join(fixtures, 'arxiv_oai', 'nock_identify_arXiv_2018.json'), 'utf8')) as { response: string }[])[0]!.response,
      );
      const refused = await run('parse', identify);
      assert.equal(refused.code, 1);
      assert.equal(refused.err.length, 1);
      assert.match(refused.err[0]!, /an OAI-PMH Identify answer, which lists no papers/);
    });
    it('the arXiv snapshot, streamed and filtered', async () => {
      const file = join(fixtures, 'arxiv_snapshot', 'kaggle_snapshot_first100lines_2023.jsonl');
      assert.equal((await lines(file)).length, 100);
      const math = await lines(file, '--category', 'math', '--from', '2007-04-01', '--until', '2007-04-03');
      assert.ok(math.length > 0 && math.every((p) => (p.categories as string[]).some((c) => c.startsWith('math'))));
    });
    it('exits 1 with one line for what it cannot read', async () => {
      for (const file of [join(fixtures, 'zotero', 'zotero_rdf_book_and_snapshot.rdf'), join(fixtures, 'pdf', 'docling_corrupted_not_a_pdf.pdf')]) {
        const r = await run('parse', file);
        assert.equal(r.code, 1);
        assert.equal(r.err.length, 1, r.err.join('\n'));
      }
    });
  });

  it('says what is wrong with bad input and bad usage, with distinct exit codes', async () => {
    const bad = await run('parse', join(fixtures, 'pdf', 'docling_corrupted_not_a_pdf.pdf'));
    assert.equal(bad.code, 1);
    assert.match(
      bad.err.join('\n'),
      /Expected Hugging Face daily papers JSON, an arXiv API Atom feed, an arXiv RSS or Atom listing, an OAI-PMH response, the arXiv metadata snapshot, or a Daily Papers page/,
    );
    const error = await run('parse', join(fixtures, 'arxiv', 'arxiv_idlist_INVALIDID_classic_error.xml'));
    assert.equal(error.code, 1);
    assert.match(error.err.join('\n'), /incorrect id format for INVALIDID/);
    const missing = await run('parse', '/nonexistent/feed.json');
    assert.equal(missing.code, 1);
    assert.match(missing.err.join('\n'), /cannot read \/nonexistent\/feed\.json: ENOENT/);
    const usage = await run('frobnicate');
    assert.equal(usage.code, 2);
    assert.match(usage.err.join('\n'), /unknown command "frobnicate"/);
    const notThere = await run('bibtex', join(fixtures, 'arxiv', 'arxiv_classic_2016_idlist_1111.2011v2.xml'), '9999.99999');
    assert.equal(notThere.code, 1);
  });

  it('rank prints the papers a folder is about, best first, each with why', async () => {
    const root = mkdtempSync(join(tmpdir(), 'marginalia-rank-'));
    try {
      mkdirSync(join(root, 'model'));
      mkdirSync(join(root, 'node_modules'));
      writeFileSync(join(root, 'README.md'), 'Fast attention kernels, after FlashAttention (arXiv:2205.14135).\n');
      writeFileSync(join(root, 'model', 'rope.py'), 'class RotaryEmbedding:\n    """Rotary position embedding."""\n');
      writeFileSync(join(root, 'model', 'ignored.py'), 'graph molecules graph molecules');
      writeFileSync(join(root, '.gitignore'), 'model/ignored.py\n');
      writeFileSync(join(root, 'node_modules', 'x.js'), 'graph molecules');
      const feed = join(root, 'feed.jsonl');
      const records = [
        { id: 'gnn', title: 'Graph Networks for Molecules', authors: 'A', abstract: 'Message passing on molecular graphs.', arxiv: '' },
        {
          id: 'rope',
          title: 'RoFormer: Enhanced Transformer with Rotary Position Embedding',
          authors: 'B',
          abstract: 'A rotary position embedding.',
          arxiv: '',
        },
        { id: 'fa', title: 'FlashAttention: Fast and Memory-Efficient Exact Attention', authors: 'C', abstract: 'IO-aware attention.', arxiv: '2205.14135' },
      ];
      writeFileSync(feed, records.map((r) => JSON.stringify(r)).join('\n'));
      const { code, out, err } = await run('rank', root, feed, '--limit', '5');
      assert.equal(code, 0, err.join('\n'));
      const lines = out.map((l) => JSON.parse(l) as { rank: number; id: string; why: string });
      assert.deepEqual(
        lines.map((l) => l.id),
        ['2205.14135', 'rope'],
        'the ignored and vendored files bring no graph paper',
      );
      assert.match(lines[0]!.why, /^cites 2205\.14135/);
      assert.match(lines[1]!.why, /matches: .*rotary/i);
      assert.match(err.join('\n'), /2 files read; 2 of 3 papers shown/);
      assert.equal((await run('rank', root)).code, 2, 'FEED is missing');
      assert.equal((await run('rank', join(root, 'not-there'), feed)).code, 1);
      assert.equal((await run('rank', root, feed, '--limit', '0')).code, 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
