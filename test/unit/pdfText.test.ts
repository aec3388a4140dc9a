/**
 * Find and quote logic over text content, on synthetic items and on the real fixture PDFs read by pdf.js's own
 * Node build (the same text content the reader's text layer is built from).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import {
  buildPageText,
  findInPage,
  itemRange,
  nextMatchIndex,
  normalizeQuery,
  quoteBetween,
  textIndexAt,
  type TextItemLike,
} from '../../src/core/pdf/textSearch';
import { fixturesDir } from '../support/fixtureServer';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: PdfJs;

async function open(name: string, password?: string) {
  const data = new Uint8Array(await readFile(join(fixturesDir, 'pdf', name)));
  return pdfjs.getDocument({
    data,
    password,
    isEvalSupported: false,
    verbosity: 0,
    standardFontDataUrl: join(__dirname, '../../node_modules/pdfjs-dist/standard_fonts/'),
  }).promise;
}

async function pageItems(doc: Awaited<ReturnType<typeof open>>, page: number): Promise<TextItem[]> {
  const content = await (await doc.getPage(page)).getTextContent();
  return content.items.filter((item): item is TextItem => 'str' in item);
}

describe('find in page text (synthetic items)', () => {
  const items: TextItemLike[] = [
    { str: 'The  Transformer uses atten-', hasEOL: true },
    { str: 'tion only; ', hasEOL: false },
    { str: 'ﬁne-tuning', hasEOL: true },
    { str: 'Café au lait', hasEOL: false },
  ];

  it('collapses white space, joins hyphenated line ends, splits ligatures, folds case and accents', () => {
    const page = buildPageText(items);
    assert.equal(page.text, 'the transformer uses attention only; fine-tuning cafe au lait');
    assert.equal(page.items.length, page.text.length);
    assert.equal(page.offsets.length, page.text.length);
  });

  it('keeps case and accents when asked', () => {
    assert.equal(buildPageText(items, { matchCase: true, matchDiacritics: true }).text, 'The Transformer uses attention only; fine-tuning Café au lait');
  });

  it('maps a match back to the items and offsets it covers, across a line end', () => {
    const page = buildPageText(items);
    const [match] = findInPage(page, normalizeQuery('ATTENTION'));
    assert.ok(match);
    assert.deepEqual(match.from, { item: 0, offset: 22 });
    assert.deepEqual(match.to, { item: 1, offset: 4 });
    assert.equal(items[0]!.str.slice(22), 'atten-');
  });

  it('covers a whole ligature glyph when the match ends inside its expansion', () => {
    const page = buildPageText(items);
    const [match] = findInPage(page, normalizeQuery('fi'));
    assert.deepEqual(match!.from, { item: 2, offset: 0 });
    assert.deepEqual(match!.to, { item: 2, offset: 1 });
  });

  it('finds every non-overlapping occurrence, with case when asked', () => {
    const page = buildPageText([{ str: 'aaaa Aa' }]);
    assert.equal(findInPage(page, 'aa').length, 3);
    const cased = buildPageText([{ str: 'aaaa Aa' }], { matchCase: true });
    assert.equal(findInPage(cased, normalizeQuery('Aa', { matchCase: true })).length, 1);
    assert.deepEqual(findInPage(page, ''), []);
  });

  it('normalises queries like page text', () => {
    assert.equal(normalizeQuery('  Multi-Head   Attention '), 'multi-head attention');
    assert.equal(normalizeQuery('Ünïcödé'), 'unicode');
  });

  it('finds the text index of an item position and quotes readable text with context', () => {
    const page = buildPageText(items);
    assert.equal(page.text[textIndexAt(page, { item: 1, offset: 0 })], 't');
    const quote = quoteBetween(items, { item: 0, offset: 4 }, { item: 1, offset: 4 }, 8);
    assert.equal(quote.exact, 'Transformer uses attention');
    assert.equal(quote.prefix, 'The ');
    assert.equal(quote.suffix, ' only; f');
    assert.deepEqual(itemRange(page, 0, 3), { from: { item: 0, offset: 0 }, to: { item: 0, offset: 3 } });
  });

  it('steps to the next and previous match, wrapping around', () => {
    const matches = [
      { page: 0, start: 5 },
      { page: 2, start: 1 },
      { page: 2, start: 40 },
    ];
    assert.equal(nextMatchIndex(matches, { page: 0, start: -1 }, false), 0);
    assert.equal(nextMatchIndex(matches, { page: 1, start: -1 }, false), 1);
    assert.equal(nextMatchIndex(matches, matches[1]!, false), 2);
    assert.equal(nextMatchIndex(matches, matches[2]!, false), 0);
    assert.equal(nextMatchIndex(matches, matches[0]!, true), 2);
    assert.equal(nextMatchIndex(matches, matches[2]!, true), 1);
    assert.equal(nextMatchIndex([], { page: 0, start: 0 }, false), -1);
  });
});

describe('the fixture PDFs through pdf.js in Node', () => {
  before(async () => {
    pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  });

  it('reads "Attention Is All You Need": 15 pages, 7 top-level outline entries, its title on page 1', async () => {
    const doc = await open('arxiv_1706.03762v5_attention.pdf');
    try {
      assert.equal(doc.numPages, 15);
      const outline = await doc.getOutline();
      assert.equal(outline?.length, 7);
      assert.equal(outline?.[0]?.title, '1 Introduction');
      const page = buildPageText(await pageItems(doc, 1));
      assert.ok(page.text.startsWith('attention is all you need'), page.text.slice(0, 60));
      assert.ok(page.text.includes('the dominant sequence transduction models'));
    } finally {
      await doc.destroy();
    }
  });

  it('finds "attention" on every page of the paper and maps each match onto its item text', async () => {
    const doc = await open('arxiv_1706.03762v5_attention.pdf');
    try {
      let total = 0;
      const needle = normalizeQuery('attention');
      for (let p = 1; p <= doc.numPages; p++) {
        const items = await pageItems(doc, p);
        const page = buildPageText(items);
        for (const m of findInPage(page, needle)) {
          total++;
          // The source text under the match reads "attention" (case aside), possibly across a hyphenated line end.
          let source = '';
          for (let i = m.from.item; i <= m.to.item; i++) {
            const str = items[i]!.str;
            source += str.slice(i === m.from.item ? m.from.offset : 0, i === m.to.item ? m.to.offset : str.length);
          }
          assert.equal(source.toLowerCase().replace(/[-\s]/g, ''), 'attention', `page ${p}: "${source}"`);
        }
      }
      assert.ok(total > 80, `only ${total} matches of "attention"`);
    } finally {
      await doc.destroy();
    }
  });

  it('finds a phrase split over two text items and a line end ("multi-head attention")', async () => {
    const doc = await open('arxiv_1706.03762v5_attention.pdf');
    try {
      const page = buildPageText(await pageItems(doc, 4));
      assert.ok(findInPage(page, normalizeQuery('Multi-Head   Attention')).length >= 1);
    } finally {
      await doc.destroy();
    }
  });

  it('reads the two-column revtex paper 1111.2011v2: 8 pages, one outline entry, math text searchable', async () => {
    const doc = await open('arxiv_1111.2011v2.pdf');
    try {
      assert.equal(doc.numPages, 8);
      assert.equal((await doc.getOutline())?.length, 1);
      const page = buildPageText(await pageItems(doc, 1));
      assert.ok(findInPage(page, normalizeQuery('Bethe lattice')).length >= 1);
      assert.ok(findInPage(page, normalizeQuery('quantum criticality')).length >= 1);
    } finally {
      await doc.destroy();
    }
  });

  it('rejects the corrupt file with InvalidPDFException', async () => {
    await assert.rejects(open('docling_corrupted_not_a_pdf.pdf'), (error: Error) => error.name === 'InvalidPDFException');
  });

  it('asks for the password of the encrypted fixture, refuses a wrong one, opens with the right one', async () => {
    await assert.rejects(
      open('generated_encrypted_aes256.pdf'),
      (error: Error & { code?: number }) => error.name === 'PasswordException' && error.code === pdfjs.PasswordResponses.NEED_PASSWORD,
    );
    await assert.rejects(
      open('generated_encrypted_aes256.pdf', 'wrong'),
      (error: Error & { code?: number }) => error.code === pdfjs.PasswordResponses.INCORRECT_PASSWORD,
    );
    const doc = await open('generated_encrypted_aes256.pdf', 'marginalia');
    try {
      const page = buildPageText(await pageItems(doc, 1));
      assert.ok(page.text.startsWith('encrypted test page'));
    } finally {
      await doc.destroy();
    }
  });
});
