/**
 * Every scan of a note file is linear: a long line of spaces in an anchor or a heading, or a long run of blank lines
 * at the end of a file, costs time in proportion to its length. The inputs are the shapes that made the former
 * patterns quadratic, at sizes where a quadratic scan takes seconds and a linear one milliseconds. Properties check
 * that the linear scans read exactly what the former patterns read.
 *
 * `generalHeading` (src/host/paper/paperNotes.ts) was made linear too, but its module imports `vscode`, so it has
 * no unit test here.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isAnchorLine, parseAnchorLine, type AnchorAttribute, type ParsedAnchor } from '../../src/core/notes/anchorComment';
import { parseHeading } from '../../src/core/notes/noteBody';
import { blankTail, parseNote } from '../../src/core/notes/noteFile';
import { mergeNoteFiles } from '../../src/core/notes/noteMerge';
import { assertLinear } from '../support/linearTime';

const n = 200_000;

/** The former anchor line pattern and reader, kept as the reference for what the linear one must read. */
const FORMER_ANCHOR_LINE = /^ {0,3}<!--[ \t]*marginalia:note(?:[ \t]+(.*?))?[ \t]*-->[ \t]*$/s;
const FORMER_ATTRIBUTE = /[ \t]*([A-Za-z][A-Za-z0-9_-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/sy;

function formerParseAnchorLine(line: string): ParsedAnchor | undefined {
  const match = FORMER_ANCHOR_LINE.exec(line);
  if (!match) return undefined;
  const inner = match[1] ?? '';
  const attributes: AnchorAttribute[] = [];
  const problems: string[] = [];
  let position = 0;
  while (position < inner.length) {
    FORMER_ATTRIBUTE.lastIndex = position;
    const attr = FORMER_ATTRIBUTE.exec(inner);
    if (!attr) {
      problems.push(`unreadable text in the note anchor: ${inner.slice(position).trim()}`);
      break;
    }
    position = FORMER_ATTRIBUTE.lastIndex;
    const [, name, raw] = attr as unknown as [string, string, string];
    if (raw.startsWith('"')) {
      try {
        attributes.push({ name, value: JSON.parse(raw) as string });
      } catch {
        problems.push(`the value of ${name} in the note anchor is not a valid quoted string`);
      }
    } else {
      attributes.push({ name, value: raw });
    }
  }
  return { attributes, problems };
}

/** The former heading reader. */
function formerParseHeading(line: string): { level: number; text: string } | undefined {
  const m = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/s.exec(line);
  if (!m) return undefined;
  const text = (m[2] ?? '').replace(/(^|[ \t]+)#+$/, '').trim();
  return { level: m[1]!.length, text };
}

/** The former trim of blank lines at the end of a text, as `removeNote` (`$1`) and the merge (the file's eol) did it. */
const FORMER_BLANK_TAIL = /(\r?\n)(?:[ \t]*\r?\n)+$/;
const trimmedForRemove = (text: string): string => {
  const tail = blankTail(text);
  return tail ? text.slice(0, tail.end) : text;
};
const trimmedForMerge = (text: string, eol: string): string => {
  const tail = blankTail(text);
  return tail ? text.slice(0, tail.start) + eol : text;
};

const FRONT = '---\nid: x\n---\n\n';
const NOTE = '# A\n<!-- marginalia:note id=a1 -->\nA\n';

describe('linear scans of note files', () => {
  describe('note anchor lines', () => {
    it('reads a 200,000-character line of spaces after marginalia:note in linear time', () => {
      const spaces = (k: number) => `<!-- marginalia:note a${' '.repeat(k)}a`;
      assertLinear('isAnchorLine <!-- marginalia:note a   …a', spaces, n, isAnchorLine, 1500);
      assertLinear('parseAnchorLine <!-- marginalia:note a   …a', spaces, n, parseAnchorLine, 1500);
      assertLinear('parseNote with such an anchor line', (k) => `${FRONT}<!-- marginalia:note a${' '.repeat(k)}a\n`, n, parseNote, 1500);
    });

    it('reads anchors as before', () => {
      assert.deepEqual(parseAnchorLine('<!-- marginalia:note id=k3j2m9qa kind=quote prefix="we find that " -->'), {
        attributes: [
          { name: 'id', value: 'k3j2m9qa' },
          { name: 'kind', value: 'quote' },
          { name: 'prefix', value: 'we find that ' },
        ],
        problems: [],
      });
      assert.deepEqual(parseAnchorLine('   <!--marginalia:note-->\t '), { attributes: [], problems: [] });
      assert.equal(isAnchorLine('<!-- marginalia:noteid=a -->'), false);
      assert.equal(isAnchorLine('    <!-- marginalia:note id=a -->'), false);
      assert.equal(isAnchorLine('<!-- marginalia:note id=a -->-->'), true);
      assert.equal(isAnchorLine('<!-- marginalia:note id=a --> x'), false);
    });

    it('reads what the former pattern read (property)', () => {
      const piece = fc.constantFrom(
        '<!--',
        'marginalia:note',
        '-->',
        '--',
        '-',
        '>',
        '<',
        ' ',
        '  ',
        '\t',
        'id=',
        'a',
        'k3j2m9qa',
        '"',
        '"x y"',
        '\\',
        '\n',
        '\r',
        '\u2028',
      );
      const prefix = fc.constantFrom('', ' ', '   ', '    ', '<!-- marginalia:note', '<!--\tmarginalia:note', ' <!--marginalia:note ');
      const suffix = fc.constantFrom('', '-->', ' -->', '--> ', ' \t-->\t ', '--->', '-- >');
      fc.assert(
        fc.property(prefix, fc.array(piece, { maxLength: 12 }), suffix, (start, pieces, end) => {
          const line = start + pieces.join('') + end;
          assert.equal(isAnchorLine(line), FORMER_ANCHOR_LINE.test(line));
          assert.deepEqual(parseAnchorLine(line), formerParseAnchorLine(line));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('headings', () => {
    it('reads a 200,000-character heading line of spaces in linear time', () => {
      assertLinear('parseHeading # a   …a', (k) => `# a${' '.repeat(k)}a`, n, parseHeading, 1500);
      assertLinear('parseHeading # a   …#a', (k) => `# a${' '.repeat(k)}#a`, n, parseHeading, 1500);
      const note = (k: number) => `${FRONT}# a${' '.repeat(k)}a\n<!-- marginalia:note id=n1 -->\ntext\n`;
      assertLinear('parseNote with such a heading', note, n, parseNote, 1500);
    });

    it('reads headings as before', () => {
      assert.deepEqual(parseHeading('## Title ##  '), { level: 2, text: 'Title' });
      assert.deepEqual(parseHeading('# Title \\#'), { level: 1, text: 'Title \\#' });
      assert.deepEqual(parseHeading('# C#'), { level: 1, text: 'C#' });
      assert.deepEqual(parseHeading('### ###'), { level: 3, text: '' });
      assert.deepEqual(parseHeading('##'), { level: 2, text: '' });
      assert.equal(parseHeading('#hashtag'), undefined);
      assert.equal(parseHeading('####### seven'), undefined);
    });

    it('reads what the former pattern read (property)', () => {
      const piece = fc.constantFrom('#', '##', '######', ' ', '  ', '\t', 'a', 'Title', '\\#', '\\', '\r', '\u2028', '\u00a0', '\v');
      const prefix = fc.constantFrom('', ' ', '   ', '    ', '#', '# ', '###### ', '####### ', '#\t');
      fc.assert(
        fc.property(prefix, fc.array(piece, { maxLength: 12 }), (start, pieces) => {
          const line = start + pieces.join('');
          assert.deepEqual(parseHeading(line), formerParseHeading(line));
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('blank lines at the end of a note file', () => {
    it('removes the last note after 200,000 line breaks in linear time', () => {
      const removeLast = (k: number) => `${FRONT}intro${'\n'.repeat(k)}end\n\n${NOTE}`;
      assertLinear('removeNote after \\n\\n\\n…', removeLast, n, (text) => parseNote(text).removeNote('a1'), 1500);
      const blankLines = (k: number) => `intro${'\n'.repeat(k)}end\n`;
      assertLinear('blankTail after \\n\\n\\n…', blankLines, n, blankTail, 1500);
      assertLinear('blankTail of  \\r\\n \\r\\n…', (k) => `intro${' \r\n'.repeat(k / 3)}`, n, blankTail, 1500);
    });

    // The run is in all three versions of the file, and each is read several times: 100,000 line breaks suffice.
    it('merges the removal of the last note after 100,000 line breaks in linear time', () => {
      const merge = (text: string): unknown => {
        const base = `${FRONT}intro${text}end\n\n${NOTE}`;
        return mergeNoteFiles(base, `${FRONT}intro${text}end\n`, `${base}\n`);
      };
      assertLinear('mergeNoteFiles after \\n\\n\\n…', (k) => '\n'.repeat(k), 100_000, merge, 1500);
    });

    it('trims as before', () => {
      const file = `${FRONT}intro\n\n${NOTE}\n\n${NOTE.replace(/a1/g, 'b2').replace('# A', '# B')}`;
      assert.equal(parseNote(file).removeNote('b2').serialize(), `${FRONT}intro\n\n${NOTE}`);
      assert.equal(trimmedForRemove('a\r\n \r\n\t\n'), 'a\r\n');
      assert.equal(trimmedForMerge('a\r\n \r\n\t\n', '\r\n'), 'a\r\n');
      assert.equal(trimmedForRemove('a\n'), 'a\n');
      assert.equal(blankTail('a\n \nb\n'), undefined);
    });

    it('trims what the former pattern trimmed (property)', () => {
      const piece = fc.constantFrom('\n', '\n', '\r\n', '\r', ' ', '\t', 'a', 'end');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 14 }), fc.constantFrom('\n', '\r\n'), (pieces, eol) => {
          const text = pieces.join('');
          assert.equal(trimmedForRemove(text), text.replace(FORMER_BLANK_TAIL, '$1'));
          assert.equal(trimmedForMerge(text, eol), text.replace(FORMER_BLANK_TAIL, eol));
        }),
        { numRuns: 3000 },
      );
    });
  });
});
