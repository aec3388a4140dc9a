/**
 * Every scan of text is linear, here for library records, titles in BibTeX, git's errors and code snippets: a long
 * field (a hostile .bib, a pasted dump, a strange git server) costs time in proportion to its length. The inputs are
 * the shapes that made the former patterns quadratic, at sizes where a quadratic scan takes seconds and a linear one
 * milliseconds. Properties check that the linear scans give exactly what the former patterns gave.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type ArxivIdParts, findArxivReferences, parseArxivId } from '../../src/core/arxivId';
import { formatLatexTitle, needsCaseProtection } from '../../src/core/bibtex/latex';
import { classifyCloneFailure } from '../../src/core/git/cloneFailure';
import { findArxivIdInFields } from '../../src/core/library/arxivIdInFields';
import { parseLibraryJson } from '../../src/core/library/cslJson';
import { libraryPaper } from '../../src/core/library/libraryPaper';
import { libraryText } from '../../src/core/library/libraryRecord';
import { snippetOf } from '../../src/core/links/codeAnchor';
import type { LineRange, NoteMeta } from '../../src/core/notes/noteModel';
import { assertLinear } from '../support/linearTime';

const n = 200_000;
const meta: NoteMeta = { tags: [], repos: [] };

/** The former findArxivIdInFields, with `abs/` searched in the whole field, as the reference. */
function arxivIdInFieldsByPattern(fields: Readonly<Record<string, string | undefined>>): (ArxivIdParts & { from: string }) | undefined {
  const get = (name: string) => fields[name]?.trim() ?? '';
  const scheme = (get('archiveprefix') || get('eprinttype')).toLowerCase();
  const eprint = get('eprint');
  if (eprint && (scheme === '' || scheme === 'arxiv')) {
    const id = parseArxivId(eprint) ?? parseArxivId(eprint.replace(/^arxiv[:.\s]*/i, ''));
    if (id) return { ...id, from: 'eprint' };
  }
  for (const name of ['arxivid', 'arxiv']) {
    const id = get(name) && (parseArxivId(get(name)) ?? parseArxivId(get(name).replace(/^arxiv[:.\s]*/i, '')));
    if (id) return { ...id, from: name };
  }
  const doi = get('doi');
  const fromDoi = doi ? parseArxivId(doi.replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '')) : undefined;
  if (fromDoi) return { ...fromDoi, from: 'doi' };
  for (const name of ['journal', 'journaltitle', 'container-title', 'booktitle', 'number', 'publisher']) {
    const value = get(name);
    if (!/arxiv|corr/i.test(value)) continue;
    const ref = findArxivReferences(value)[0];
    if (ref) return { id: ref.id, ...(ref.version !== undefined ? { version: ref.version } : {}), from: name };
    const abs = /\babs\/(\S+?)[,;)]?$/i.exec(value);
    const id = abs ? parseArxivId(abs[1]!) : undefined;
    if (id) return { ...id, from: name };
  }
  const volume = get('volume');
  const corr = /^abs\/(.+)$/i.exec(volume);
  if (corr) {
    const id = parseArxivId(corr[1]!);
    if (id) return { ...id, from: 'volume' };
  }
  for (const name of ['url', 'howpublished', 'note', 'eprint']) {
    const value = get(name);
    if (!value) continue;
    const direct = parseArxivId(value);
    if (direct && name !== 'eprint') return { ...direct, from: name };
    const ref = findArxivReferences(value).find((r) => r.form !== 'bare');
    if (ref) return { id: ref.id, ...(ref.version !== undefined ? { version: ref.version } : {}), from: name };
  }
  return undefined;
}

/** A CSL item's keywords as the former split made them, through the same cleaning the library applies after it. */
function cslKeywordsByPattern(keyword: string): string[] {
  return [
    ...new Set(
      keyword
        .split(/\s*[,;]\s*/)
        .filter(Boolean)
        .map(libraryText)
        .filter((k) => k.length > 0),
    ),
  ];
}

function cslKeywords(keyword: string): readonly string[] | undefined {
  return parseLibraryJson([{ id: 'k', type: 'article-journal', title: 'T', keyword }])?.entries[0]?.keywords;
}

/** Front-matter authors as the former split made them. */
function authorsByPattern(value: string): { name: string }[] {
  return value
    .split(/\s+and\s+|;/)
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}

/** The former needsCaseProtection, with the trailing punctuation dropped by `/[^\p{L}\p{N}]+$/u`. */
function needsCaseProtectionByPattern(word: string): boolean {
  return word.split(/[-/–—]/).some((part) => {
    const letters = part.replace(/^[^\p{L}\p{N}]+/u, '');
    if (letters.length === 0) return false;
    const core = letters.replace(/[^\p{L}\p{N}]+$/u, '');
    if (/^\p{Lu}$/u.test(core)) return core !== 'A';
    return /\p{Lu}/u.test([...letters].slice(1).join(''));
  });
}

/** Whether the former pattern of classifyCloneFailure called git's words "not found". */
function notFoundByPattern(all: string): boolean {
  return /repository .* not found|Repository not found|HTTP 404|returned error: 404|does not appear to be a git repository/i.test(all);
}

/** The former snippetOf. */
function snippetByPattern(lines: readonly string[], range: LineRange): string {
  return lines
    .slice(range.start - 1, range.end)
    .join('\n')
    .replace(/\s+$/, '');
}

describe('linear scans of library records, BibTeX titles, git errors and snippets', () => {
  describe('arXiv ids in a CoRR journal field', () => {
    it('reads a 200,000-character journal field of `abs/` in linear time', () => {
      const field = (k: number) => `CoRR ${'abs/'.repeat(k / 4)} x`;
      assertLinear('CoRR abs/abs/… x', field, n, (s) => findArxivIdInFields({ journal: s }), 1500);
      assertLinear(
        'CoRR aabs/aabs/…',
        (k) => `CoRR ${'aabs/'.repeat(k / 5)}`,
        n,
        (s) => findArxivIdInFields({ journal: s }),
        1500,
      );
    });

    it('still reads the volume folded into the journal', () => {
      assert.deepEqual(findArxivIdInFields({ journal: 'CoRR, abs/2312.08935' }), { id: '2312.08935', from: 'journal' });
      assert.deepEqual(findArxivIdInFields({ journal: 'CoRR abs/2312.08935v2)' }), { id: '2312.08935', version: 2, from: 'journal' });
      assert.equal(findArxivIdInFields({ journal: 'CoRR abs/2312.08935 x' }), undefined);
    });

    it('finds what the former pattern found (property)', () => {
      const piece = fc.constantFrom('CoRR', 'abs/', 'ABS/', 'xabs/', '2312.08935', '1234.5678', 'v2', ',', ';', ')', ' ', '\n', '\u00a0', 'x', '.', '/');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
          const journal = `CoRR${pieces.join('')}`;
          assert.deepEqual(findArxivIdInFields({ journal }), arxivIdInFieldsByPattern({ journal }));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('keywords of a CSL-JSON item', () => {
    it('splits 200,000 characters of blanks in linear time', () => {
      assertLinear(
        'a    …x',
        (k) => `a${' '.repeat(k)}x`,
        n,
        (s) => cslKeywords(s),
        1500,
      );
      assertLinear(
        'a , , , …',
        (k) => `a${' ,'.repeat(k / 2)}`,
        n,
        (s) => cslKeywords(s),
        1500,
      );
    });

    it('splits as the former pattern did (property)', () => {
      const piece = fc.constantFrom(',', ';', ' ', '  ', '\t', '\n', '\u00a0', 'a', 'b', 'x y');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
          const keyword = pieces.join('');
          assert.deepEqual(cslKeywords(keyword), cslKeywordsByPattern(keyword));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('authors in a note’s front matter', () => {
    it('splits 200,000 characters of blanks in linear time', () => {
      const authors = (s: string) => libraryPaper('p', meta, { author: s }).authors;
      assertLinear('a    …x', (k) => `a${' '.repeat(k)}x`, n, authors, 1500);
      assertLinear('a    …and', (k) => `a${' '.repeat(k)}and`, n, authors, 1500);
      assertLinear('a and and and …', (k) => `a${' and'.repeat(k / 4)}`, n, authors, 1500);
    });

    it('splits as the former pattern did, "and" inside names included (property)', () => {
      const piece = fc.constantFrom('and', 'And', ' ', '  ', '\t', '\n', ';', 'Ann', 'Sand', 'a', 'b.', ',');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
          const author = pieces.join('');
          assert.deepEqual(libraryPaper('p', meta, { author }).authors, authorsByPattern(author));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('case protection of a title in BibTeX', () => {
    it('formats a 200,000-character word of punctuation in linear time', () => {
      assertLinear('a!!!…a', (k) => `a${'!'.repeat(k)}a`, n, formatLatexTitle, 1500);
      assertLinear('needsCaseProtection a!!!…a', (k) => `a${'!'.repeat(k)}a`, n, needsCaseProtection, 1500);
      assertLinear('a😀😀…a', (k) => `a${'😀'.repeat(k / 2)}a`, n, needsCaseProtection, 1500);
    });

    it('protects as the former pattern did, astral letters and lone surrogates included (property)', () => {
      const piece = fc.constantFrom('a', 'A', 'B', 'b', '1', '²', 'É', '!', '.', '}', '-', '/', '—', '𝐀', '😀', '\ud835', '\udc00', ' ');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
          const word = pieces.join('');
          assert.equal(needsCaseProtection(word), needsCaseProtectionByPattern(word), JSON.stringify(word));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('git’s words when a clone fails', () => {
    const url = 'https://github.com/a/b';
    it('reads 200,000 characters of "repository" in linear time', () => {
      const stderr = (k: number) => `remote: ${'repository '.repeat(k / 11)}`;
      assertLinear('repository repository …', stderr, n, (s) => classifyCloneFailure({ message: 'x', stderr: s }, url), 1500);
    });

    it('still tells a missing repository', () => {
      assert.equal(classifyCloneFailure({ message: 'x', stderr: "remote: repository 'a/b' not found" }, url).kind, 'not-found');
      assert.equal(classifyCloneFailure({ message: 'x', stderr: 'remote: repository a/b\nnot found' }, url).kind, 'other');
    });

    it('calls "not found" what the former pattern did (property)', () => {
      const piece = fc.constantFrom('repository', 'Repository', 'REPOSITORY', ' ', 'not', 'found', ' not found', '\n', '\r', '\u2028', "'a/b'", 'x');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
          const stderr = pieces.join('');
          const kind = classifyCloneFailure({ message: 'x', stderr }, url).kind;
          assert.equal(kind === 'not-found', notFoundByPattern(`x\n${stderr}`), JSON.stringify(stderr));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('the snippet of a code anchor', () => {
    it('takes a line of 200,000 blanks in linear time', () => {
      assertLinear(
        '    …x',
        (k) => `${' '.repeat(k)}x`,
        n,
        (s) => snippetOf([s], { start: 1, end: 1 }),
        1500,
      );
    });

    it('drops the trailing blanks the former pattern dropped (property)', () => {
      const piece = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u3000', '\u200b', '\u180e', 'a', 'x');
      const line = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''));
      fc.assert(
        fc.property(fc.array(line, { maxLength: 5 }), fc.nat(6), fc.nat(6), (lines, a, b) => {
          const range = { start: Math.min(a, b) + 1, end: Math.max(a, b) + 1 };
          assert.equal(snippetOf(lines, range), snippetByPattern(lines, range));
        }),
        { numRuns: 3000 },
      );
    });
  });
});
