import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Creator, Entry } from '@retorquere/bibtex-parser';
import fc from 'fast-check';
import {
  assignCitationKeys,
  bibtexEprint,
  citationKey,
  disambiguateKeys,
  keySuffix,
  paperToBibtex,
  papersToBibtex,
  parseAuthorName,
} from '../../src/core/bibtex';
import { formatLatexTitle, needsCaseProtection } from '../../src/core/bibtex/latex';
import type { Paper } from '../../src/core/paper';

/**
 * Any code points, lone surrogates included. (fast-check's `unit: 'binary'` does the same but is
 * very slow to generate.)
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const binaryString = (maxLength = 30): fc.Arbitrary<string> => fc.string({ unit: anyCodePoint, maxLength });

function paper(over: Partial<Paper> & Pick<Paper, 'title'>): Paper {
  return {
    id: over.arxivId ?? 'title:x',
    authors: [],
    abstract: '',
    categories: [],
    links: {},
    repos: [],
    source: 'arxiv',
    ...over,
  };
}

const mamba = paper({
  id: '2312.00752',
  arxivId: '2312.00752',
  version: 2,
  title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
  authors: [{ name: 'Albert Gu' }, { name: 'Tri Dao' }],
  published: '2023-12-01T18:01:34Z',
  categories: ['cs.LG', 'cs.AI'],
  primaryCategory: 'cs.LG',
  links: { abs: 'https://arxiv.org/abs/2312.00752v2' },
});

/**
 * The parser's CommonJS build requires an ESM-only dependency (tiny-merge-patch), and this file runs
 * as CommonJS, so the parser is loaded through Node's ESM loader instead.
 */
let parse: (typeof import('@retorquere/bibtex-parser'))['parse'];
before(async () => {
  ({ parse } = await import('@retorquere/bibtex-parser'));
});

/** Parses our output with an independent parser; fails the test on any parse error. */
function parseOne(bib: string, raw = false): Entry {
  const lib = parse(bib, { english: false, raw, unsupported: 'ignore' });
  assert.deepEqual(lib.errors, [], `parser errors for:\n${bib}`);
  assert.equal(lib.entries.length, 1, bib);
  return lib.entries[0]!;
}

/** A parsed creator back as a display name: `First von Last Jr` or the literal. */
function displayName(c: Creator): string {
  if (c.name !== undefined) return c.name;
  return [c.firstName, c.prefix, c.lastName, c.suffix].filter((p) => p !== undefined && p !== '').join(' ');
}

function authorsOf(entry: Entry): string[] {
  return (entry.fields.author ?? []).map(displayName);
}

describe('bibtex', () => {
  it('writes arXiv-style @misc entries', () => {
    assert.equal(
      paperToBibtex(mamba),
      [
        '@misc{gu2023mamba,',
        '  title={Mamba: Linear-Time Sequence Modeling with Selective State Spaces},',
        '  author={Albert Gu and Tri Dao},',
        '  year={2023},',
        '  eprint={2312.00752},',
        '  archivePrefix={arXiv},',
        '  primaryClass={cs.LG},',
        '  url={https://arxiv.org/abs/2312.00752},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('has the fields of the real arXiv exports in the fixture', () => {
    const fixture = parse(readFileSync('test/fixtures/bibtex/arxivsrc_2412.19437_deepseekv3_main.bib', 'utf8'), {
      english: false,
      unsupported: 'ignore',
    });
    const arxivExports = fixture.entries.filter((e) => e.fields.archiveprefix === 'arXiv');
    assert.ok(arxivExports.length > 5);
    const ours = parseOne(paperToBibtex(mamba));
    assert.equal(ours.type, 'misc');
    // Every field most of arXiv's exports have is in ours, spelled the same way.
    const counts = new Map<string, number>();
    for (const e of arxivExports) for (const f of Object.keys(e.fields)) counts.set(f, (counts.get(f) ?? 0) + 1);
    const common = [...counts]
      .filter(([, n]) => n > arxivExports.length / 2)
      .map(([f]) => f)
      .sort();
    assert.deepEqual(common, ['archiveprefix', 'author', 'eprint', 'primaryclass', 'title', 'year']);
    for (const field of common) assert.ok(field in ours.fields, `arXiv export has ${field}, ours does not`);
    assert.match(paperToBibtex(mamba), /archivePrefix=\{arXiv\},\n {2}primaryClass=/);
  });

  it('uses a caller key only when BibTeX can read it', () => {
    assert.match(paperToBibtex(mamba, { key: 'Gu:2023' }), /^@misc\{Gu:2023,/);
    assert.match(paperToBibtex(mamba, { key: 'bad, key}' }), /^@misc\{gu2023mamba,/);
  });

  it('adds doi and the journal reference as note', () => {
    const entry = parseOne(paperToBibtex({ ...mamba, doi: '10.48550/arXiv.2312.00752', journalRef: 'Proc. COLM 2024, 1–20 & more' }));
    assert.equal(entry.fields.doi, '10.48550/arXiv.2312.00752');
    assert.equal(entry.fields.note, 'Proc. COLM 2024, 1–20 & more');
  });

  it('leaves out a DOI that is not one rather than breaking the entry', () => {
    const bib = paperToBibtex({ ...mamba, doi: 'not a doi {' });
    assert.doesNotMatch(bib, /doi=/);
    parseOne(bib);
  });

  it('writes a valid @misc with a url for papers without an arXiv id', () => {
    const p = paper({
      id: 'title:some-paper',
      title: 'Some Paper',
      authors: [{ name: 'Ada Lovelace' }],
      dailyDate: '2025-07-22',
      links: { hfPage: 'https://huggingface.co/papers/some paper{1}' },
      categories: ['cs.CL'],
    });
    const bib = paperToBibtex(p);
    const entry = parseOne(bib);
    assert.equal(entry.key, 'lovelace2025some');
    assert.equal(entry.fields.url, 'https://huggingface.co/papers/some%20paper%7B1%7D');
    assert.equal(entry.fields.eprint, undefined);
    assert.equal(entry.fields.primaryclass, undefined);
    assert.equal(entry.fields.year, '2025');
  });

  it('keeps old-style ids as eprint and rejects ids that are not arXiv ids', () => {
    assert.equal(bibtexEprint(paper({ title: 't', arxivId: 'solv-int/9901001' })), 'solv-int/9901001');
    assert.equal(bibtexEprint(paper({ title: 't', arxivId: 'math.GT/0309136' })), 'math.GT/0309136');
    assert.equal(bibtexEprint(paper({ title: 't', arxivId: '2312.00752v3' })), '2312.00752');
    assert.equal(bibtexEprint(paper({ title: 't', arxivId: '../../etc' })), undefined);
    const entry = parseOne(paperToBibtex(paper({ title: 'Solitons', arxivId: 'solv-int/9901001', categories: ['solv-int'] })));
    assert.equal(entry.fields.eprint, 'solv-int/9901001');
    assert.equal(entry.fields.primaryclass, 'solv-int');
    assert.equal(entry.fields.year, '1999');
    assert.equal(entry.fields.url, 'https://arxiv.org/abs/solv-int/9901001');
  });

  describe('round-trips tricky inputs through @retorquere/bibtex-parser', () => {
    const cases: { name: string; title: string; authors: string[] }[] = [
      { name: 'hostile characters', title: 'Costs 50% & more: #1 in R_x, {a} ~ b^2 \\ c', authors: ['Ann O’Neil'] },
      { name: 'unbalanced braces', title: 'Unbalanced } title { with {{ braces', authors: ['A B'] },
      { name: 'only a closing brace', title: '}', authors: ['A B'] },
      {
        name: 'name particles',
        title: 'Visualizing Data using t-SNE',
        authors: ['Laurens van der Maaten', 'Geoffrey Hinton', 'Pedro de Sousa', 'Ludwig van Beethoven'],
      },
      { name: 'accented names', title: 'Ñandú: Über Straße', authors: ['José Ramírez', 'Baptiste Rozière', 'Łukasz Kaiser', 'Zoë Ångström'] },
      { name: 'single-name authors', title: 'A Model', authors: ['Anthropic', 'Sukarno'] },
      { name: 'organisation authors', title: 'Gemini', authors: ['Gemini Team', 'DeepSeek-AI', 'Research and Development Lab', 'Meta AI'] },
      { name: 'CJK names', title: '大模型 Survey', authors: ['张三', 'Yi Tay'] },
      { name: 'acronyms and CamelCase', title: 'LLMs on ImageNet: GPT-4 vs BERT in 3D with Q-learning', authors: ['A B'] },
      { name: 'hyphenated and initials', title: 'x', authors: ['Sida I. Wang', 'Armando Solar-Lezama', 'J.-P. Serre'] },
      { name: 'suffixes', title: 'x', authors: ['Martin Luther King Jr.'] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const p = paper({
          id: '2401.00001',
          arxivId: '2401.00001',
          title: c.title,
          authors: c.authors.map((name) => ({ name })),
          primaryCategory: 'cs.CL',
          categories: ['cs.CL'],
        });
        const entry = parseOne(paperToBibtex(p));
        assert.equal(entry.fields.title, c.title);
        assert.deepEqual(authorsOf(entry), c.authors);
        assert.equal(entry.fields.eprint, '2401.00001');
        assert.equal(entry.fields.primaryclass, 'cs.CL');
      });
    }

    it('500 authors', () => {
      const authors = Array.from({ length: 500 }, (_, i) => `Author${i} Family${i}`);
      const p = paper({ id: '2401.00001', arxivId: '2401.00001', title: 'Big', authors: authors.map((name) => ({ name })) });
      assert.deepEqual(authorsOf(parseOne(paperToBibtex(p))), authors);
    });

    it('empty abstract and empty title', () => {
      const p = paper({ id: '2401.00001', arxivId: '2401.00001', title: '', abstract: '' });
      const entry = parseOne(paperToBibtex(p, { abstract: true }));
      assert.equal(entry.fields.abstract, undefined);
      assert.equal(entry.fields.eprint, '2401.00001');
    });

    it('an abstract with math when asked for', () => {
      const p = paper({ id: '2401.00001', arxivId: '2401.00001', title: 'T', abstract: 'We get $O(n \\log n)$ time & 50% less.' });
      const entry = parseOne(paperToBibtex(p, { abstract: true }), true);
      assert.equal(entry.fields.abstract, 'We get $O(n \\log n)$ time \\& 50\\% less.');
    });
  });

  describe('titles', () => {
    it('keeps math intact and balanced', () => {
      const title = '$\\omega$Test: Fast $\\mathcal{O}(n)$ Attention';
      const bib = paperToBibtex(paper({ title }));
      assert.match(
        bib,
        /title=\{\$\\omega\$Test: Fast \{\$\\mathcal\{O\}\(n\)\$\} \{Attention\}|title=\{\$\\omega\$Test: Fast \{\$\\mathcal\{O\}\(n\)\$\} Attention\}/,
      );
      const raw = parseOne(bib, true);
      assert.equal(raw.fields.title, '$\\omega$Test: Fast {$\\mathcal{O}(n)$} Attention');
    });

    it('escapes dollars that are not math', () => {
      const title = 'From $5 to $10: Pricing $x';
      const entry = parseOne(paperToBibtex(paper({ title })));
      assert.equal(entry.fields.title, title);
    });

    it('does not keep dangerous TeX as math', () => {
      const out = formatLatexTitle('$\\input{/etc/passwd}$ and $\\immediate\\write18{rm -rf}$');
      assert.doesNotMatch(out, /(^|[^\\])\$\\input/);
      assert.match(out, /\\textbackslash\{\}input/);
      assert.match(out, /\\textbackslash\{\}immediate/);
    });

    it('keeps an escape the source already made', () => {
      const entry = parseOne(paperToBibtex(paper({ title: 'Cutting 50\\% of Tokens' })));
      assert.equal(entry.fields.title, 'Cutting 50% of Tokens');
    });

    it('protects acronyms and CamelCase, not ordinary Title Case', () => {
      assert.equal(formatLatexTitle('LLMs Beat ImageNet'), '{LLMs} Beat {ImageNet}');
      assert.equal(formatLatexTitle('Scaling GPT-4 to 3D'), 'Scaling {GPT-4} to {3D}');
      assert.equal(formatLatexTitle('A Study'), 'A Study');
      assert.ok(needsCaseProtection('Q-learning'));
      assert.ok(!needsCaseProtection('Linear-Time'));
      assert.ok(!needsCaseProtection('(Modeling)'));
    });

    it('collapses hard-wrapped titles and strips control characters', () => {
      const entry = parseOne(paperToBibtex(paper({ title: 'Deep\n   Learning\u0000 Now\t!' })));
      assert.equal(entry.fields.title, 'Deep Learning Now !');
    });
  });

  describe('author names', () => {
    it('splits names the way BibTeX does', () => {
      assert.deepEqual(parseAuthorName('Laurens van der Maaten'), { kind: 'person', first: 'Laurens', von: 'van der', last: 'Maaten', jr: '' });
      assert.deepEqual(parseAuthorName('Gu, Albert'), { kind: 'person', first: 'Albert', von: '', last: 'Gu', jr: '' });
      assert.deepEqual(parseAuthorName('DeepSeek-AI'), { kind: 'literal', name: 'DeepSeek-AI' });
      assert.deepEqual(parseAuthorName('Qwen Team'), { kind: 'literal', name: 'Qwen Team' });
      assert.equal(parseAuthorName('Jun Ai').kind, 'person');
    });
  });

  describe('citation keys', () => {
    it('is lastname + year + first title word', () => {
      assert.equal(citationKey(mamba), 'gu2023mamba');
      assert.equal(
        citationKey(paper({ title: 'Visualizing Data using t-SNE', authors: [{ name: 'Laurens van der Maaten' }], published: '2008-11-01' })),
        'maaten2008visualizing',
      );
      assert.equal(
        citationKey(paper({ title: 'On the Opportunities and Risks', authors: [{ name: 'Rishi Bommasani' }], arxivId: '2108.07258' })),
        'bommasani2021opportunities',
      );
      assert.equal(citationKey(paper({ title: 'Código', authors: [{ name: 'José Ramírez' }], arxivId: '2401.00001' })), 'ramirez2024codigo');
      assert.equal(
        citationKey(paper({ title: 'DeepSeek-V3 Technical Report', authors: [{ name: 'DeepSeek-AI' }], arxivId: '2412.19437' })),
        'deepseekai2024deepseek',
      );
      assert.match(citationKey(paper({ title: '大模型', authors: [{ name: '张三' }] })), /^paper[0-9a-f]{8}$/);
      assert.equal(citationKey(paper({ title: 'Old', authors: [{ name: 'A Bee' }], arxivId: 'hep-th/9711200' })), 'bee1997old');
      assert.equal(citationKey(paper({ title: 'The', authors: [{ name: 'A Bee' }] })), 'beethe');
    });

    it('makes a key from the title, never "anon", for a paper without authors', () => {
      const melange = paper({ title: 'Mélange: Cost Efficient Large Language Model Serving by Exploiting GPU Heterogeneity', authors: [] });
      assert.equal(citationKey(melange), 'melangecost');
      assert.match(paperToBibtex(melange), /^@misc\{melangecost,\n/);
      assert.equal(citationKey(paper({ title: 'Fast and Accurate Model Scaling', authors: [], year: '2021' })), 'fastaccurate2021');
      assert.equal(citationKey(paper({ title: 'On the Tour', authors: [{ name: '张三' }], arxivId: '2401.00001' })), 'tour2024');
      const cjk = paper({ id: 'title:x', title: '大模型', authors: [] });
      assert.equal(citationKey(cjk), citationKey({ ...cjk }));
      assert.notEqual(citationKey(cjk), citationKey({ ...cjk, id: 'title:y' }));
    });

    it('suffixes a, b, … z, aa', () => {
      assert.deepEqual([1, 2, 26, 27, 28, 52, 53].map(keySuffix), ['a', 'b', 'z', 'aa', 'ab', 'az', 'ba']);
    });

    it('disambiguates within a set without reusing keys that exist', () => {
      assert.deepEqual(disambiguateKeys(['gu2023mamba', 'gu2023mamba', 'gu2023mamba']), ['gu2023mamba', 'gu2023mambaa', 'gu2023mambab']);
      assert.deepEqual(disambiguateKeys(['x', 'x', 'xa']), ['x', 'xb', 'xa']);
    });

    it('gives keys independent of the order of the papers', () => {
      const a = { ...mamba, id: '2312.00752', arxivId: '2312.00752' };
      const b = { ...mamba, id: '2312.99999', arxivId: '2312.99999' };
      const c = { ...mamba, id: 'title:mamba', arxivId: undefined };
      const one = assignCitationKeys([a, b, c]);
      const two = assignCitationKeys([c, b, a]);
      assert.deepEqual([...one.entries()].sort(), [...two.entries()].sort());
      assert.deepEqual(new Set(one.values()).size, 3);
      assert.equal(one.get('2312.00752'), 'gu2023mamba');
    });

    it('writes a .bib file with unique keys and one entry per paper', () => {
      const b = { ...mamba, id: '2312.99999', arxivId: '2312.99999' };
      const bib = papersToBibtex([b, mamba, mamba]);
      const lib = parse(bib, { english: false });
      assert.deepEqual(lib.errors, []);
      assert.deepEqual(
        lib.entries.map((e) => e.key),
        ['gu2023mambaa', 'gu2023mamba'],
      );
    });
  });

  it('property: any paper gives an entry the parser accepts, and the eprint round-trips', () => {
    const text = fc.oneof(binaryString(60), fc.string({ maxLength: 60 }));
    const arxivId = fc.oneof(
      fc
        .tuple(fc.integer({ min: 7, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99999 }))
        .map(([y, m, n]) => `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}.${String(n).padStart(5, '0')}`),
      fc.constantFrom('solv-int/9901001', 'math.GT/0309136', 'hep-th/9711200'),
      text,
    );
    fc.assert(
      fc.property(
        arxivId,
        text,
        fc.array(text, { maxLength: 6 }),
        text,
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        (id, title, names, abstract, category, doi, journalRef) => {
          const p = paper({
            id,
            arxivId: id,
            title,
            authors: names.map((name) => ({ name })),
            abstract,
            categories: category === undefined ? [] : [category],
            doi,
            journalRef,
            links: { abs: `https://arxiv.org/abs/${id}` },
          });
          const bib = paperToBibtex(p, { abstract: true });
          const lib = parse(bib, { english: false, unsupported: 'ignore' });
          assert.deepEqual(lib.errors, [], bib);
          assert.equal(lib.entries.length, 1, bib);
          const fields = lib.entries[0]!.fields;
          assert.equal(fields.eprint, bibtexEprint(p), bib);
          if (/^\d{4}\.\d{5}$/.test(id)) assert.equal(fields.eprint, id);
          // Braces must balance in every field, whatever came in.
          for (const line of bib.split('\n').slice(1, -2)) {
            let depth = 0;
            for (let i = 0; i < line.length; i++) {
              if (line[i] === '\\') i++;
              else if (line[i] === '{') depth++;
              else if (line[i] === '}') depth--;
              assert.ok(depth >= 0, line);
            }
            assert.equal(depth, 0, line);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
