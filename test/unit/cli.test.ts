import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli';

const fixtures = join(__dirname, '..', 'fixtures');
const seed = join(__dirname, '..', '..', 'media', 'sample', 'daily-papers.txt');

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), readFile: (p) => readFileSync(p) });
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
    for (const line of out) assert.match((JSON.parse(line) as { paper: { title: string; abstract: string } }).paper.title + (JSON.parse(line) as { paper: { abstract: string } }).paper.abstract, /mutation/i);
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

  it('says what is wrong with bad input and bad usage, with distinct exit codes', async () => {
    const bad = await run('parse', join(fixtures, 'pdf', 'docling_corrupted_not_a_pdf.pdf'));
    assert.equal(bad.code, 1);
    assert.match(bad.err.join('\n'), /Expected Hugging Face daily papers JSON, an arXiv API Atom feed, an arXiv RSS or Atom listing, an OAI-PMH response, or a Daily Papers page/);
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
});
