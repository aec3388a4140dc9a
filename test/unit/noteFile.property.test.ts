import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { normaliseNote } from '../../src/core/notes/noteBody';
import { NoteDocument, NoteEditError, parseNote } from '../../src/core/notes/noteFile';
import type { NewNote, Note, ReadingStatus } from '../../src/core/notes/noteModel';

/**
 * Any code points, lone surrogates included. (fast-check's `unit: 'binary'` does the same but is
 * very slow to generate.)
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const binaryString = (maxLength = 30): fc.Arbitrary<string> => fc.string({ unit: anyCodePoint, maxLength });

const KNOWN_KEYS = new Set(['id', 'title', 'url', 'status', 'tags', 'repos', 'added', 'updated']);

/** Pieces that make parsers stumble, mixed with arbitrary strings. */
const FRAGMENTS = [
  '---',
  '...',
  '\n',
  '\r\n',
  '\r',
  '\uFEFF',
  '#',
  '## h',
  '### x',
  '<!-- marginalia:note id=a kind=quote -->',
  '<!-- marginalia:note id=b kind=code path=x.py lines=1-2 -->',
  '<!-- marginalia:note',
  '-->',
  '```',
  '~~~',
  '> q',
  'key: value',
  'tags: [a',
  'status: read',
  '"',
  "'",
  '&a',
  '*a',
  '{',
  '}',
  '- x',
  ' ',
  '\t',
  '|',
  '>-',
  '\u2028',
  '\u202e',
];
const messyText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), binaryString(4)), { maxLength: 40 })
  .map((parts) => parts.join(''));

const anyString = fc.oneof(fc.string({ maxLength: 30 }), binaryString(20), fc.constantFrom(...FRAGMENTS));

/** Body text with notes in it, as a person or Marginalia might have written it. */
const body = fc
  .array(fc.oneof(messyText, fc.constantFrom('\n## Note\n<!-- marginalia:note id=n0 kind=general -->\n\ntext\n', '\nfree text\n')), { maxLength: 4 })
  .map((p) => p.join(''));

/** A front matter with unknown keys, in one of several YAML styles, with comments sprinkled in. */
const frontMatterText = fc
  .record({
    unknown: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !KNOWN_KEYS.has(k)),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 4 },
    ),
    known: fc.record(
      {
        id: fc.string({ maxLength: 12 }),
        status: fc.constantFrom('to-read', 'reading', 'read'),
        tags: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    flow: fc.boolean(),
    quote: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE') as fc.Arbitrary<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>,
    comments: fc.array(fc.boolean(), { maxLength: 12 }),
  })
  .map(({ unknown, known, flow, quote, comments }) => {
    const yaml = stringify({ ...known, ...unknown }, { collectionStyle: flow ? 'flow' : 'any', defaultStringType: quote, lineWidth: 0 });
    const lines = yaml.split('\n');
    // A comment line before some top-level keys (lines at column 0 start a key in block style).
    const out = lines.flatMap((line, i) => (!flow && comments[i] && /^[^\s#-]/.test(line) ? [`# note ${i}`, line] : [line]));
    return { yaml: yaml === '{}\n' ? '' : out.join('\n'), unknownKeys: Object.keys(unknown) };
  });

const fullFile = fc.record({ fm: frontMatterText, body, crlf: fc.boolean(), bom: fc.boolean() }).map(({ fm, body: b, crlf, bom }) => {
  let text = `---\n${fm.yaml}---\n${b}`;
  if (crlf) text = text.replace(/\r?\n/g, '\r\n');
  return { text: (bom ? '\uFEFF' : '') + text, unknownKeys: fm.unknownKeys };
});

const noteInput: fc.Arbitrary<Omit<NewNote, 'id'>> = fc.oneof(
  fc.record({ kind: fc.constant('general' as const), text: anyString, heading: anyString }, { requiredKeys: ['kind'], noNullPrototype: true }),
  fc.record(
    {
      kind: fc.constant('quote' as const),
      quote: fc.record({ exact: anyString.filter((s) => s !== ''), prefix: anyString, suffix: anyString }, { requiredKeys: ['exact'], noNullPrototype: true }),
      text: anyString,
      source: anyString,
      created: anyString,
    },
    { requiredKeys: ['kind', 'quote'], noNullPrototype: true },
  ),
  fc.record(
    {
      kind: fc.constant('pdf' as const),
      pdf: fc.record(
        {
          page: fc.integer({ min: 1, max: 2000 }),
          rects: fc.array(
            fc.record(
              {
                x: fc.double({ noNaN: true, noDefaultInfinity: true }),
                y: fc.double({ min: 0, max: 1, noNaN: true }),
                width: fc.double({ min: 0, max: 1, noNaN: true }),
                height: fc.constant(0.02),
              },
              { noNullPrototype: true },
            ),
            { maxLength: 3 },
          ),
          // Any colour a hand-edited file may carry reads back exactly.
          colour: anyString,
        },
        { requiredKeys: ['page', 'rects'], noNullPrototype: true },
      ),
      quote: fc.record({ exact: anyString }, { noNullPrototype: true }),
      text: anyString,
    },
    { requiredKeys: ['kind', 'pdf'], noNullPrototype: true },
  ),
  fc.record(
    {
      kind: fc.constant('code' as const),
      code: fc.record(
        {
          path: anyString.filter((p) => p !== '' && !/[\r\n]/.test(p)),
          root: anyString,
          lines: fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 50 })).map(([start, n]) => ({ start, end: start + n })),
          snippet: anyString,
          language: fc.constantFrom('python', 'x y', 'c++', '`bad`'),
        },
        { requiredKeys: ['path', 'lines', 'snippet'], noNullPrototype: true },
      ),
      text: anyString,
    },
    { requiredKeys: ['kind', 'code'], noNullPrototype: true },
  ),
);

/** What `addNote` is documented to store for an input. */
function expectedNote(input: NewNote, level: number): Note {
  const { text, heading, ...rest } = input;
  return normaliseNote({ ...rest, text: text ?? '', heading: heading ?? '', level, extra: {} } as Note);
}

/**
 * Outside the edited key's lines, the YAML is unchanged: what differs between the two line lists lies
 * within the key's lines (its line and the indented lines after it), or is one new key appended.
 * Flow-mapping front matter is exempt: it goes through the documented fallback, which may reformat.
 */
function assertOnlyKeyLinesChanged(before: string, after: string, key: string): void {
  if (/^\s*\{/.test(before) || before.trim() === '' || before === after) return;
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const isKeyLine = (line: string): boolean => [key, `"${key}"`, `'${key}'`].some((k) => line.startsWith(`${k}:`));
  const k = a.findIndex(isKeyLine);
  const message = `editing ${key} changed other lines:\n${a.slice(head, a.length - tail).join('\n')}\n=>\n${b.slice(head, b.length - tail).join('\n')}`;
  if (k === -1) {
    assert.ok(head === a.length - tail && (head === b.length - tail || isKeyLine(b[head]!)), message);
    return;
  }
  let end = k + 1;
  while (end < a.length && (a[end] === '' || /^[\s-]/.test(a[end]!))) end++;
  assert.ok(head >= k && a.length - tail <= end, message);
}

function freeText(doc: NoteDocument): string {
  // The body with every note section cut out (the part Marginalia must never touch).
  let text = doc.serialize();
  for (const n of [...doc.notes].reverse()) {
    if (n.id === '') continue;
    const rendered = text.indexOf('<!-- marginalia:note id=' + n.id);
    if (rendered !== -1) text = text.slice(0, rendered);
  }
  return text;
}

describe('note files (properties)', () => {
  it('parse never throws and serialize(parse(x)) === x for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          messyText,
          fullFile.map((f) => f.text),
          binaryString(),
        ),
        (text) => {
          const doc = parseNote(text);
          assert.equal(doc.serialize(), text);
          void doc.notes;
          void doc.problems;
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random edits keep unknown keys, comments elsewhere, and the body', () => {
    const edit = fc.oneof(
      fc.record({ op: fc.constant('status' as const), value: fc.constantFrom<ReadingStatus>('to-read', 'reading', 'read') }),
      fc.record({ op: fc.constant('tags' as const), value: fc.array(anyString, { maxLength: 4 }) }),
      fc.record({ op: fc.constant('title' as const), value: anyString }),
      fc.record({ op: fc.constant('id' as const), value: anyString }),
      fc.record({ op: fc.constant('remove' as const), value: fc.constantFrom('id', 'status', 'tags', 'title', 'updated') }),
      fc.record({ op: fc.constant('add' as const), value: noteInput }),
      fc.record({ op: fc.constant('update' as const), value: anyString }),
      fc.record({ op: fc.constant('delete' as const), value: fc.nat() }),
    );
    fc.assert(
      fc.property(fullFile, fc.array(edit, { minLength: 1, maxLength: 6 }), ({ text, unknownKeys }, edits) => {
        let doc = parseNote(text);
        fc.pre(doc.error === undefined);
        const unknown = Object.fromEntries(unknownKeys.map((k) => [k, doc.frontMatter?.data[k]]));
        let counter = 0;
        for (const e of edits) {
          const before = doc;
          switch (e.op) {
            case 'status':
              doc = doc.setStatus(e.value);
              assert.equal(doc.meta.status, e.value);
              break;
            case 'tags':
              doc = doc.setTags(e.value);
              assert.deepEqual(doc.meta.tags, [...new Set(e.value.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean))]);
              break;
            case 'title':
              doc = doc.setTitle(e.value);
              if (e.value.trim() !== '') assert.equal(doc.meta.title, e.value.replace(/\s+/g, ' ').trim());
              break;
            case 'id':
              doc = doc.setField('id', e.value);
              assert.equal(doc.frontMatter?.data['id'], e.value);
              break;
            case 'remove':
              doc = doc.removeField(e.value);
              assert.equal(doc.frontMatter?.data[e.value], undefined);
              break;
            case 'add': {
              const id = `p${counter++}`;
              const levels = before.notes.map((n) => n.level).filter((l) => l > 0);
              doc = doc.addNote({ ...e.value, id });
              assert.deepEqual(doc.getNote(id), expectedNote({ ...e.value, id }, levels[levels.length - 1] ?? 2));
              assert.ok(doc.serialize().startsWith(before.serialize().replace(/\r?\n?$/, '')));
              break;
            }
            case 'update': {
              const target = doc.notes.find((n) => n.id !== '');
              if (!target) continue;
              try {
                doc = doc.updateNote(target.id, { text: e.value });
              } catch (err) {
                // A note read from a damaged anchor (say a quote note without its quote) cannot be rewritten.
                assert.ok(err instanceof NoteEditError && err.code === 'invalid-note', String(err));
                continue;
              }
              break;
            }
            case 'delete': {
              const ids = doc.notes.map((n) => n.id).filter((id) => id !== '');
              if (ids.length === 0) continue;
              doc = doc.removeNote(ids[e.value % ids.length]!);
              break;
            }
          }
          assert.equal(doc.error, undefined);
          for (const key of unknownKeys) assert.deepEqual(doc.frontMatter?.data[key], unknown[key], `unknown key ${key} changed`);
          if (['status', 'tags', 'title', 'id', 'remove'].includes(e.op)) {
            assert.equal(doc.body, before.body, 'a front matter edit touched the body');
            const key = e.op === 'remove' ? e.value : e.op;
            assertOnlyKeyLinesChanged(before.frontMatter?.yaml ?? '', doc.frontMatter?.yaml ?? '', key as string);
          } else {
            assert.equal(doc.frontMatter?.yaml, before.frontMatter?.yaml, 'a note edit touched the front matter');
            if (e.op === 'update') assert.equal(freeText(doc), freeText(before));
          }
          assert.equal(parseNote(doc.serialize()).serialize(), doc.serialize());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an added note reads back as itself, whatever it holds', () => {
    fc.assert(
      fc.property(fc.oneof(body, fc.constant('')), fc.boolean(), noteInput, (b, crlf, input) => {
        const text = crlf ? b.replace(/\r?\n/g, '\r\n') : b;
        const start = parseNote(text);
        const levels = start.notes.map((n) => n.level).filter((l) => l > 0);
        let doc: NoteDocument;
        try {
          doc = start.addNote({ ...input, id: 'zz' });
        } catch (error) {
          // A file that opens front matter and never closes it ("---" alone, say): a note with a "---" line would
          // close it and turn the note into front matter. Refused, the file untouched; anything else is a failure.
          const opensFrontMatter = start.frontMatter === undefined && /^\uFEFF?---[ \t]*(\r?\n|\r|$)/.test(text);
          if (opensFrontMatter && error instanceof NoteEditError) return;
          throw error;
        }
        assert.deepEqual(doc.getNote('zz'), expectedNote({ ...input, id: 'zz' }, levels[levels.length - 1] ?? 2));
        assert.equal(doc.notes.filter((n) => n.id === 'zz').length, 1);
        // Notes that were there are still there, unchanged.
        assert.deepEqual(
          doc.notes.slice(0, start.notes.length).map((n) => n.id),
          start.notes.map((n) => n.id),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
