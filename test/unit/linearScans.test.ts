/**
 * Every scan of text is linear: a long line (minified code, a pasted data dump, a hostile note) costs time in
 * proportion to its length. The inputs are the shapes that made the former scans quadratic, at sizes where a
 * quadratic scan takes seconds and a linear one milliseconds; the bounds sit far between the two, so a loaded
 * machine does not fail them and a quadratic scan cannot pass them. Properties check that the linear scans find
 * exactly what the former patterns found.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keyAt, keyPrefixAt, type KeyAt, type KeyPrefix } from '../../src/core/library/citeContext';
import { paperLinksInLine, parseOpenPaperUri, previewHrefFor, type PaperLinkInText, type PaperTarget } from '../../src/core/links/commandLinks';
import { splitMath, splitMathRaw, type TextSegment } from '../../src/core/text/mathSegments';
import { parseNoteMarkdown } from '../../webview/paper/notes/markdown';
import { assertLinear } from '../support/linearTime';

/** The former scan for links into the paper view, kept as the reference for what the linear one must find. */
function paperLinksByPattern(line: string): PaperLinkInText[] {
  const pattern = /command:marginalia\.openPaper\?[^\s)\]>"'`]+|\b[a-z][a-z0-9+.-]*:\/\/marginalia\.marginalia\/open\?[^\s)\]>"'`]+/gi;
  const out: PaperLinkInText[] = [];
  for (const match of line.matchAll(pattern)) {
    const text = match[0].replace(/[.,;:]+$/, '');
    let target: PaperTarget | undefined;
    if (text.startsWith('command:')) {
      const uri = previewHrefFor(text, 'vscode');
      const query = uri?.slice(uri.indexOf('?') + 1);
      target = query !== undefined ? parseOpenPaperUri('/open', query) : undefined;
    } else {
      const rest = text.slice(text.indexOf('://marginalia.marginalia') + '://marginalia.marginalia'.length);
      const at = rest.indexOf('?');
      target = parseOpenPaperUri(rest.slice(0, at), rest.slice(at + 1));
    }
    if (target) out.push({ id: target.id, ...(target.passage ? { passage: target.passage } : {}), start: match.index, end: match.index + text.length });
  }
  return out;
}

/** The former math splitter (search for the closing delimiter from every opener), as the reference. */
function splitMathBySearch(input: string): TextSegment[] {
  const match = (s: string, i: number): { tex: string; display: boolean; end: number } | undefined => {
    const delimited = (open: string, close: string, display: boolean) => {
      const end = s.indexOf(close, i + open.length);
      if (end < 0 || end - i > 2000) return undefined;
      const tex = s.slice(i + open.length, end);
      return tex.trim() ? { tex, display, end: end + close.length } : undefined;
    };
    if (s.startsWith('$$', i)) return delimited('$$', '$$', true);
    if (s.startsWith('\\[', i)) return delimited('\\[', '\\]', true);
    if (s.startsWith('\\(', i)) return delimited('\\(', '\\)', false);
    if (s[i] !== '$' || s[i + 1] === undefined || /\s/.test(s[i + 1]!)) return undefined;
    for (let j = i + 1; j < s.length && j - i <= 2000; j++) {
      if (s[j] === '\\') {
        j++;
        continue;
      }
      if (s[j] === '$') {
        if (/\s/.test(s[j - 1]!) || /\d/.test(s[j + 1] ?? '')) return undefined;
        const tex = s.slice(i + 1, j);
        return tex.trim() ? { tex, display: false, end: j + 1 } : undefined;
      }
    }
    return undefined;
  };
  const segments: TextSegment[] = [];
  let text = '';
  for (let i = 0; i < input.length;) {
    if (input[i] === '\\' && /[$%&#_{}]/.test(input[i + 1] ?? '')) {
      text += input[i + 1];
      i += 2;
      continue;
    }
    const math = match(input, i);
    if (math) {
      if (text) segments.push({ kind: 'text', text });
      text = '';
      segments.push({ kind: 'math', tex: math.tex, display: math.display });
      i = math.end;
      continue;
    }
    text += input[i];
    i++;
  }
  if (text) segments.push({ kind: 'text', text });
  return segments;
}

/** The former patterns for citation keys in LaTeX, kept as the reference for what the windowed scans must find. */
const FORMER_CITE_OPEN = /\\[A-Za-z]*[cC]ite[A-Za-z]*\*?(?:\s*\[[^\]]*\]){0,2}\s*\{([^}]*)$/;
const FORMER_CITE = /\\[A-Za-z]*[cC]ite[A-Za-z]*\*?(?:\s*\[[^\]]*\]){0,2}\s*\{([^}]*)\}/g;

function latexPrefixByPattern(before: string): KeyPrefix | undefined {
  if (/(?:^|[^\\])%/.test(before)) return undefined;
  const inside = FORMER_CITE_OPEN.exec(before)?.[1];
  if (inside === undefined) return undefined;
  const prefix = inside.slice(inside.lastIndexOf(',') + 1).trimStart();
  return { start: before.length - prefix.length, prefix };
}

function latexKeyByPattern(line: string, ch: number): KeyAt | undefined {
  for (const m of line.matchAll(FORMER_CITE)) {
    let offset = m.index + m[0].length - 1 - m[1]!.length;
    for (const part of m[1]!.split(',')) {
      const key = part.trim();
      const start = offset + part.length - part.trimStart().length;
      if (key && ch >= start && ch <= start + key.length) return { key, start, end: start + key.length };
      offset += part.length + 1;
    }
  }
  return undefined;
}

describe('linear scans of text', () => {
  describe('links into the paper view in a line (the editor’s document links)', () => {
    it('reads a 200,000-character line that mentions marginalia in linear time', () => {
      const n = 200_000;
      assertLinear('a.a.a.… marginalia', (k) => `${'a.'.repeat(k / 2)} marginalia`, n, paperLinksInLine, 1500);
      assertLinear('a-a-a-…://marginalia…', (k) => `${'a-'.repeat(k / 2)}://marginalia.marginalia/open?id=2312.00752`, n, paperLinksInLine, 1500);
      assertLinear('a command link ending in dots', (k) => `command:marginalia.openPaper?${'.'.repeat(k)}x`, n, paperLinksInLine, 1500);
      assertLinear('a link ending in 200,000 commas', (k) => `vscode://marginalia.marginalia/open?id=2312.00752${','.repeat(k)} x`, n, paperLinksInLine, 1500);
    });

    it('still finds every link, and only where the pattern found it', () => {
      const command = 'command:marginalia.openPaper?%5B%222312.00752%22%5D';
      const passage = 'command:marginalia.openPaper?%5B%7B%22id%22%3A%222312.00752%22%2C%22passage%22%3A%22k3j2m9qa%22%7D%5D';
      const line = `see ${command}, a.b.vscode://marginalia.marginalia/open?id=2312.00752&passage=ab. (${passage}) _x://marginalia.marginalia/open?id=2312.00752`;
      const found = paperLinksInLine(line);
      assert.deepEqual(found, paperLinksByPattern(line));
      assert.deepEqual(
        found.map((f) => line.slice(f.start, f.end)),
        [command, 'a.b.vscode://marginalia.marginalia/open?id=2312.00752&passage=ab', passage],
        'a scheme glued to a word (_x://) is not one',
      );
    });

    it('finds what the former pattern found (property)', () => {
      const piece = fc.constantFrom(
        'command:marginalia.openPaper?',
        'VSCODE:',
        '://marginalia.marginalia/open?',
        '%5B%222312.00752%22%5D',
        'id=2312.00752',
        '&passage=k3j2m9qa',
        'vscode',
        'a',
        'Z',
        '1',
        '_',
        '.',
        '-',
        '+',
        ',',
        ':',
        ' ',
        ')',
        '"',
        '?',
        '/',
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
          const line = pieces.join('');
          assert.deepEqual(paperLinksInLine(line), paperLinksByPattern(line));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('math in paper text and notes', () => {
    const openers = (k: number) => '\\('.repeat(k / 2);
    it('splits 200,000 characters of unclosed \\( and \\[ and $$ in linear time', () => {
      const n = 200_000;
      assertLinear('splitMath \\(\\(…', openers, n, splitMath, 1500);
      assertLinear('splitMathRaw \\(\\(…', openers, n, splitMathRaw, 1500);
      assertLinear('splitMath \\[\\[…', (k) => '\\['.repeat(k / 2), n, splitMath, 1500);
      assertLinear('splitMath $$ $$ …', (k) => '$$ '.repeat(k / 3), n, splitMath, 1500);
      assertLinear('splitMath $a\\$a\\$…', (k) => `$${'a\\$'.repeat(k / 3)}`, n, splitMath, 1500);
    });

    it('parses a note of 80 KB of \\( in linear time', () => {
      assertLinear('note \\(\\(…', openers, 80_000, parseNoteMarkdown, 2500);
      assertLinear('note \\[ $$ …', (k) => '\\[$$'.repeat(k / 4), 80_000, parseNoteMarkdown, 2500);
    });

    it('keeps the formulas of a note', () => {
      const inline = parseNoteMarkdown('a $x^2$ and \\(y\\) and $$z$$, \\[w\\] [l](https://x) $5 and $6 \\(open')[1]!.children!;
      assert.deepEqual(
        inline.filter((t) => t.type === 'math_inline').map((t) => [t.content, (t.meta as { display: boolean }).display]),
        [
          ['x^2', false],
          ['y', false],
          ['z', true],
          ['w', true],
        ],
      );
      assert.ok(inline.some((t) => t.type === 'link_open'));
    });

    it('splits as the former search from every opener did (property)', () => {
      const piece = fc.constantFrom('$', '$$', '\\(', '\\)', '\\[', '\\]', '\\', '\\$', 'a', 'x', ' ', '1', '(', ')');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
          const input = pieces.join('');
          assert.deepEqual(splitMath(input), splitMathBySearch(input));
          const raw = splitMathRaw(input);
          assert.deepEqual(
            raw.filter((s) => s.kind === 'math').map((s) => (s.kind === 'math' ? s.tex : '')),
            splitMath(input).flatMap((s) => (s.kind === 'math' ? [s.tex] : [])),
          );
        }),
        { numRuns: 3000 },
      );
    });
  });
  describe('citation keys under the cursor (completion and hover in LaTeX, Markdown and .bib files)', () => {
    const n = 200_000;
    const everyLanguage = (line: string) => {
      for (const language of ['latex', 'markdown', 'bibtex'] as const) {
        keyAt(line, line.length - 1, language);
        keyPrefixAt(line, language);
      }
    };
    it('reads a 200,000-character line of unclosed or repeated citation commands in linear time', () => {
      assertLinear('\\cite{\\cite{…', (k) => '\\cite{'.repeat(k / 6), n, everyLanguage, 1500);
      assertLinear('\\cite[\\cite[…', (k) => '\\cite['.repeat(k / 6), n, everyLanguage, 1500);
      assertLinear('\\citecitecite…', (k) => `\\${'cite'.repeat(k / 4)}`, n, everyLanguage, 1500);
      assertLinear('\\cite{a}\\cite{a}…', (k) => '\\cite{a}'.repeat(k / 8), n, everyLanguage, 1500);
      assertLinear(' @a- @a-…', (k) => ' @a-'.repeat(k / 4), n, everyLanguage, 1500);
    });

    it('reads a crossref field of many keys and spaces in linear time (it took 46 s at 20 keys)', () => {
      assertLinear('crossref={a,  a,  …"', (k) => `crossref={${'a,  '.repeat(k / 4)}"`, n, everyLanguage, 1500);
      assertLinear('crossref={a,a,…}', (k) => `crossref={${'a,'.repeat(k / 2)}}`, n, everyLanguage, 1500);
    });

    it('still completes the key after the last comma of a crossref field', () => {
      assert.deepEqual(keyPrefixAt('  crossref = {gu', 'bibtex'), { start: 14, prefix: 'gu' });
      assert.deepEqual(keyPrefixAt('xref = "vaswani2017, gu', 'bibtex'), { start: 21, prefix: 'gu' });
      assert.deepEqual(keyPrefixAt('related={a,  ', 'bibtex'), { start: 13, prefix: '' });
      assert.equal(keyPrefixAt('crossref={a} gu', 'bibtex'), undefined);
      assert.equal(keyPrefixAt('crossref={a b', 'bibtex'), undefined);
    });

    it('finds in LaTeX what the former patterns found (property)', () => {
      const piece = fc.constantFrom(
        '\\cite',
        '\\citep',
        '\\textcite',
        '\\Citeauthor',
        '\\emph',
        '\\',
        '*',
        '{',
        '}',
        '[',
        ']',
        ',',
        ' ',
        'a',
        'gu2023',
        '%',
        'c',
        'ite',
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 16 }), fc.nat(80), (pieces, at) => {
          const line = pieces.join('');
          const ch = Math.min(at, line.length);
          assert.deepEqual(keyPrefixAt(line.slice(0, ch), 'latex'), latexPrefixByPattern(line.slice(0, ch)));
          assert.deepEqual(keyAt(line, ch, 'latex'), latexKeyByPattern(line, ch));
        }),
        { numRuns: 3000 },
      );
    });
  });
});
