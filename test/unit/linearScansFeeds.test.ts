/**
 * Every scan of feed text is linear: a hostile title, abstract or line of a pasted page costs time in proportion to
 * its length. The inputs are the shapes that made the former scans quadratic or cubic, at sizes where those took
 * seconds to hours and a linear scan takes milliseconds. Properties check that the linear scans give exactly what
 * the former patterns gave.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseArxivListing } from '../../src/core/feeds/arxivListing';
import { parseDailyPapersText } from '../../src/core/feeds/dailyPapersText';
import { collapseWhitespace, unwrapParagraphs } from '../../src/core/feeds/feedText';
import { decodeLatexAccents } from '../../src/core/text/latexText';
import { splitMath } from '../../src/core/text/mathSegments';
import { assertLinear } from '../support/linearTime';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * An RSS listing of one paper with this title (escaped here) and abstract (as CDATA, so that the XML parser does not
 * spend the time on decoding `&lt;`).
 */
function listing(title: string, abstract = 'hi'): string {
  return (
    `<rss><channel><title>x</title><item><title>${escapeXml(title)}</title><link>https://arxiv.org/abs/2312.00752</link>` +
    `<guid>oai:arXiv.org:2312.00752v1</guid><description><![CDATA[arXiv:2312.00752v1 Announce Type: new Abstract: ${abstract}]]></description>` +
    '</item></channel></rss>'
  );
}

/** The former title clean-up, kept as the reference. */
function titleByPattern(title: string): string {
  return collapseWhitespace(title).replace(/\s*\(arXiv:\S+\s*\[[^\]]*\][^)]*\)\s*$/i, '');
}

/** The former math spans of decodeLatexAccents (the pattern, retried one character on), kept as the reference. */
function mathSpansByPattern(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const pattern = /\$\$[\s\S]+?\$\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]|\$[^$]+\$/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const segments = splitMath(m[0]);
    if (segments.length === 1 && segments[0]!.kind === 'math') spans.push({ start: m.index, end: m.index + m[0].length });
    else pattern.lastIndex = m.index + 1;
  }
  return spans;
}

/**
 * decodeLatexAccents with the former spans. The text between two spans is decoded by decodeLatexAccents itself: the
 * former scan rejected every candidate starting there, and one cut short at the slice's end has no closer, so the
 * slice has no math of its own and decodeLatexAccents decodes it whole.
 */
function decodeLatexAccentsByPattern(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let at = 0;
  for (const span of mathSpansByPattern(text)) {
    out += decodeLatexAccents(text.slice(at, span.start)) + text.slice(span.start, span.end);
    at = span.end;
  }
  return out + decodeLatexAccents(text.slice(at));
}

describe('linear scans of feed text', () => {
  const n = 200_000;

  describe('arXiv listing titles and HTML abstracts', () => {
    const parse = (xml: string) => parseArxivListing(xml);

    it('reads a 200,000-character title of (arXiv: and brackets in linear time (it was cubic: 2.4 s at 10,000)', () => {
      assertLinear('title (arXiv:[](arXiv:[]…', (k) => listing(`T ${'(arXiv:[]'.repeat(k / 9)}`), n, parse, 1500);
      assertLinear('title (arXiv:[][][]…', (k) => listing(`T (arXiv:${'[]'.repeat(k / 2)}`), n, parse, 1500);
      assertLinear('title (arXiv:(arXiv:…[a]', (k) => listing(`T ${'(arXiv:'.repeat(k / 7)}[a])`), n, parse, 1500);
      assertLinear('title (arXiv:a [ (arXiv:a [ …)', (k) => listing(`T ${'(arXiv:a [ '.repeat(k / 11)})`), n, parse, 1500);
    });

    it('strips tags from a 200,000-character HTML abstract of < in linear time', () => {
      assertLinear('abstract <p><<<…', (k) => listing('T', `<p>${'<'.repeat(k)}`), n, parse, 1500);
    });

    it('still removes the old "(arXiv:ID [category] UPDATED)" ending, and only that', () => {
      const cases = [
        'Mamba: Linear-Time Sequence Modeling (arXiv:2312.00752v1 [cs.LG] UPDATED)',
        'Mamba (arXiv:2312.00752v2 [cs.LG])  ',
        'Mamba (ARXIV:2312.00752 [cs.LG] ) ',
        'Mamba (arXiv:2312.00752) and more',
        'A (arXiv:1 [a] (arXiv:2 [b])',
        'A (arXiv:1[a]) [c])',
        'A (arXiv:x) B (arXiv:2 [c])',
      ];
      for (const title of cases) assert.equal(parse(listing(title)).papers[0]!.title, titleByPattern(title), title);
      assert.equal(parse(listing(cases[0]!)).papers[0]!.title, 'Mamba: Linear-Time Sequence Modeling');
    });

    it('cleans titles as the former pattern did (property)', () => {
      const piece = fc.constantFrom('(arXiv:', '(ARXIV:', '(arxiv', '[', ']', '(', ')', ' ', '  ', 'x', '1', 'cs.LG', 'UPDATED');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
          const title = `T ${pieces.join('')}`;
          assert.equal(parse(listing(title)).papers[0]?.title, titleByPattern(title));
        }),
        { numRuns: 3000 },
      );
    });

    it('strips HTML tags as /<[^>]+>/g did (property)', () => {
      const piece = fc.constantFrom('<', '>', '<>', '<p>', '</p>', '<b>', '</p> <p>', 'a', ' ', '\n');
      const formerAbstract = (html: string) => unwrapParagraphs(html.replace(/<\/p>\s*<p>/gi, '\n\n').replace(/<[^>]+>/g, ''));
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
          const html = `<p>${pieces.join('')} x`;
          assert.equal(parse(listing('T', html)).papers[0]!.abstract, formerAbstract(html));
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('accents in feed text, outside math', () => {
    it('decodes 200,000 characters of unclosed \\( and \\[ in linear time (3.6 s at 160,000)', () => {
      assertLinear('\\(\\(…', (k) => '\\('.repeat(k / 2), n, decodeLatexAccents, 1500);
      assertLinear('\\[\\[…', (k) => '\\['.repeat(k / 2), n, decodeLatexAccents, 1500);
      assertLinear('\\(\\)\\(\\(…\\)', (k) => `\\(\\)${'\\('.repeat(k / 2)}\\)`, n, decodeLatexAccents, 1500);
      assertLinear('$$a$$a…', (k) => `\\ ${'$$a'.repeat(k / 3)}`, n, decodeLatexAccents, 1500);
    });

    it('keeps math as the paper view reads it, up to its longest formula', () => {
      for (const [open, close] of [
        ['\\(', '\\)'],
        ['\\[', '\\]'],
        ['$$', '$$'],
        ['$', '$'],
      ] as const) {
        for (let length = 1994; length <= 2004; length++) {
          const text = `M\\"uller ${open}\\"o${'x'.repeat(length - 3)}${close} \\"a`;
          assert.equal(decodeLatexAccents(text), decodeLatexAccentsByPattern(text), `${open} of ${length}`);
        }
      }
      assert.equal(decodeLatexAccents('M\\"uller, $\\"a$ and $5 and $10 \\(\\"o\\)'), 'Müller, $\\"a$ and $5 and $10 \\(\\"o\\)');
    });

    it('decodes as the former pattern did (property)', () => {
      const piece = fc.constantFrom('$', '$$', '\\(', '\\)', '\\[', '\\]', '\\', '\\$', '\\"o', "\\'e", '{\\"u}', 'a', ' ', '1', '\n');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
          const text = pieces.join('');
          assert.equal(decodeLatexAccents(text), decodeLatexAccentsByPattern(text));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('page chrome in pasted Daily Papers text', () => {
    const A = 'We study things at length. Our method improves results on many benchmarks by a wide margin. Code is available.';
    const B = 'Another abstract with several sentences. It describes a second method in enough words to be an abstract.';
    const page = (line: string) => parseDailyPapersText(`First Paper: A Method\n${A}\n${line}\nSecond Paper: Another\n${B}\n`);

    it('reads a line of 200,000 dots in linear time (11.5 s at 160,000)', () => {
      assertLinear('Title / ....x', (k) => `Title\n${'.'.repeat(k)}x\n`, n, parseDailyPapersText, 1500);
      assertLinear('Load more!:!:…x', (k) => `Title\nLoad more${'!:'.repeat(k / 2)}x\n`, n, parseDailyPapersText, 1500);
    });

    it('drops chrome that ends in any run of . ! and :, as /[.!:]+$/ did (property)', () => {
      // Chrome is compared lower-cased with whitespace collapsed. Other heuristics drop many short lines, but a line
      // that starts "Submit a paper" and is not chrome sits between two papers as a title without an abstract.
      const formerChrome = (line: string) => {
        const lower = collapseWhitespace(line).toLowerCase();
        return lower === 'submit a paper' || lower.replace(/[.!:]+$/, '') === 'submit a paper';
      };
      const dropped = page('');
      const piece = fc.constantFrom('.', '!', ':', '...', '?', ' ', 'x', 'Submit a paper');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
          const line = `Submit a paper${pieces.join('')}`;
          if (formerChrome(line)) assert.deepEqual(page(line), dropped, line);
          else assert.notDeepEqual(page(line), dropped, line);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
