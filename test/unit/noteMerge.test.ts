import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyNoteEdit, type NoteEdit } from '../../src/core/notes/noteEdit';
import { parseNote, type NoteDocument } from '../../src/core/notes/noteFile';
import { mergeNoteFiles, type MergeResult } from '../../src/core/notes/noteMerge';
import { noteVersion } from '../../src/core/notes/noteVersion';

const BASE = `---
id: "2312.00752"
title: "Mamba"
status: to-read
tags: [ssm]
# a comment that must survive
---

# Mamba

Free text written by hand.

## “a key weakness”
<!-- marginalia:note id=aaaa1111 kind=quote prefix="identify that " suffix=" of such" -->

> a key weakness

First note.

## Note
<!-- marginalia:note id=bbbb2222 kind=general -->

Second note.

## Note
<!-- marginalia:note id=cccc3333 kind=general -->

Third note.
`;

const edit = (text: string, ...edits: NoteEdit[]): string => edits.reduce<NoteDocument>((doc, e) => applyNoteEdit(doc, e), parseNote(text)).serialize();
const setText = (id: string, text: string): NoteEdit => ({ op: 'update', id, patch: { text } });
const add = (id: string, text: string): NoteEdit => ({ op: 'add', note: { id, kind: 'general', text } });
const clean = (result: MergeResult): string => {
  assert.equal(result.status, 'clean', `expected a clean merge, got ${JSON.stringify(result)}`);
  return result.status === 'clean' ? (result.text ?? '') : '';
};
const notesOf = (text: string) => Object.fromEntries(parseNote(text).notes.map((n) => [n.id, n.text]));

describe('note file merge', () => {
  it('takes the only side that changed', () => {
    const ours = edit(BASE, setText('aaaa1111', 'mine'));
    assert.equal(clean(mergeNoteFiles(BASE, ours, BASE)), ours);
    assert.equal(clean(mergeNoteFiles(BASE, BASE, ours)), ours);
    assert.equal(clean(mergeNoteFiles(BASE, ours, ours)), ours);
  });

  it('merges edits of different notes, keeping everything else byte for byte', () => {
    const ours = edit(BASE, setText('aaaa1111', 'First note, edited in the view.'));
    const theirs = edit(BASE, setText('cccc3333', 'Third note, edited in the editor.'));
    const merged = clean(mergeNoteFiles(BASE, ours, theirs));
    assert.deepEqual(notesOf(merged), { aaaa1111: 'First note, edited in the view.', bbbb2222: 'Second note.', cccc3333: 'Third note, edited in the editor.' });
    assert.equal(merged, edit(BASE, setText('aaaa1111', 'First note, edited in the view.'), setText('cccc3333', 'Third note, edited in the editor.')));
  });

  it('merges an added note, a removed note and a front matter change', () => {
    const ours = edit(BASE, add('dddd4444', 'Added in the view.'));
    const theirs = parseNote(edit(BASE, { op: 'remove', id: 'bbbb2222' }))
      .setStatus('reading')
      .serialize();
    const merged = clean(mergeNoteFiles(BASE, ours, theirs));
    assert.deepEqual(Object.keys(notesOf(merged)), ['aaaa1111', 'cccc3333', 'dddd4444']);
    assert.equal(parseNote(merged).meta.status, 'reading');
    assert.match(merged, /# a comment that must survive/);
    assert.match(merged, /Free text written by hand\./);
  });

  it('inserts a note after the note it followed on its side', () => {
    const text = BASE.replace(
      '## Note\n<!-- marginalia:note id=bbbb2222',
      '## Inserted\n<!-- marginalia:note id=eeee5555 kind=general -->\n\nBetween.\n\n## Note\n<!-- marginalia:note id=bbbb2222',
    );
    const theirs = edit(BASE, setText('cccc3333', 'changed'));
    const merged = clean(mergeNoteFiles(BASE, text, theirs));
    assert.deepEqual(Object.keys(notesOf(merged)), ['aaaa1111', 'eeee5555', 'bbbb2222', 'cccc3333']);
  });

  it('merges front matter key by key, and tags as sets', () => {
    const ours = parseNote(BASE).setTags(['ssm', 'mine']).setStatus('read').serialize();
    const theirs = parseNote(BASE).setTags(['theirs']).setField('rating', 5).serialize();
    const merged = parseNote(clean(mergeNoteFiles(BASE, ours, theirs)));
    assert.deepEqual(merged.meta.tags, ['theirs', 'mine']);
    assert.equal(merged.meta.status, 'read');
    assert.equal(merged.frontMatter?.data['rating'], 5);
  });

  it('reports a note edited on both sides, with a keep-both that loses nothing', () => {
    const ours = edit(BASE, setText('aaaa1111', 'Mine.'));
    const theirs = edit(BASE, setText('aaaa1111', 'Theirs.'));
    const result = mergeNoteFiles(BASE, ours, theirs);
    assert.equal(result.status, 'conflict');
    if (result.status !== 'conflict') return;
    assert.deepEqual(result.conflicts, [{ kind: 'note', id: 'aaaa1111', heading: '“a key weakness”', ours: 'edited', theirs: 'edited' }]);
    const both = parseNote(result.keepBoth!);
    assert.deepEqual(both.notes.map((n) => n.text).sort(), ['Mine.', 'Second note.', 'Theirs.', 'Third note.']);
    const copy = both.notes.find((n) => n.text === 'Mine.')!;
    assert.equal(copy.kind, 'quote');
    assert.equal(copy.quote?.exact, 'a key weakness');
    assert.match(copy.heading, /other version/);
  });

  it('reports a note removed on one side and edited on the other; keep-both keeps the edit', () => {
    const ours = edit(BASE, { op: 'remove', id: 'bbbb2222' });
    const theirs = edit(BASE, setText('bbbb2222', 'Edited on disk.'));
    for (const [o, t, expected] of [
      [ours, theirs, { ours: 'deleted', theirs: 'edited' }],
      [theirs, ours, { ours: 'edited', theirs: 'deleted' }],
    ] as const) {
      const result = mergeNoteFiles(BASE, o, t);
      assert.equal(result.status, 'conflict');
      if (result.status !== 'conflict') continue;
      assert.deepEqual(result.conflicts, [{ kind: 'note', id: 'bbbb2222', heading: 'Note', ...expected }]);
      assert.ok(parseNote(result.keepBoth!).notes.some((n) => n.text === 'Edited on disk.'));
    }
  });

  it('reports free text changed on both sides and a status set to two values, without keep-both', () => {
    const ours = parseNote(BASE.replace('Free text written by hand.', 'Mine.')).setStatus('read').serialize();
    const theirs = parseNote(BASE.replace('Free text written by hand.', 'Theirs.')).setStatus('reading').serialize();
    const result = mergeNoteFiles(BASE, ours, theirs);
    assert.equal(result.status, 'conflict');
    if (result.status !== 'conflict') return;
    assert.deepEqual(result.conflicts, [{ kind: 'text' }, { kind: 'field', key: 'status' }]);
    assert.equal(result.keepBoth, undefined);
  });

  it('carries note edits over onto a side whose free text changed', () => {
    const ours = edit(BASE.replace('Free text written by hand.', 'Free text, edited in the view.'), setText('cccc3333', 'x'));
    const theirs = edit(BASE, setText('aaaa1111', 'Edited on disk.'));
    const merged = clean(mergeNoteFiles(BASE, ours, theirs));
    assert.match(merged, /Free text, edited in the view\./);
    assert.deepEqual(notesOf(merged), { aaaa1111: 'Edited on disk.', bbbb2222: 'Second note.', cccc3333: 'x' });
  });

  it('handles a deleted file', () => {
    const ours = edit(BASE, setText('aaaa1111', 'Mine.'));
    assert.deepEqual(mergeNoteFiles(BASE, ours, undefined), { status: 'conflict', conflicts: [{ kind: 'file', deletedBy: 'theirs' }], keepBoth: ours });
    assert.deepEqual(mergeNoteFiles(BASE, BASE, undefined), { status: 'clean', text: undefined });
  });

  it('keeps CRLF files CRLF, and a BOM', () => {
    const crlf = '\uFEFF' + BASE.replace(/\n/g, '\r\n');
    const ours = edit(crlf, add('dddd4444', 'new'));
    const theirs = edit(crlf, setText('aaaa1111', 'disk'));
    const merged = clean(mergeNoteFiles(crlf, ours, theirs));
    assert.ok(merged.startsWith('\uFEFF---\r\n'));
    assert.ok(!/[^\r]\n/.test(merged), 'every line break is CRLF');
    assert.deepEqual(notesOf(merged), { aaaa1111: 'disk', bbbb2222: 'Second note.', cccc3333: 'Third note.', dddd4444: 'new' });
  });

  it('versions tell texts apart', () => {
    assert.equal(noteVersion(undefined), '');
    assert.equal(noteVersion(BASE), noteVersion(`${BASE}`));
    assert.notEqual(noteVersion(BASE), noteVersion(BASE.replace('First', 'first')));
    assert.notEqual(noteVersion('ab'), noteVersion('ba'));
  });
});

// ---- fuzzing ----------------------------------------------------------------------------------------------

const IDS = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
const word = fc.constantFrom('alpha', 'beta', 'gamma', 'δέλτα', '$x^2$', '**bold**', '`code`', '> not a quote', '# heading', '- item', '', ' ', '\\');
const noteText = fc.array(word, { maxLength: 6 }).map((w) => w.join(' '));
const multiLine = fc.array(noteText, { maxLength: 3 }).map((lines) => lines.join('\n'));

/** One side's random edits, applied to whatever the file currently holds. */
const sideEdit = fc.oneof(
  fc.record({ kind: fc.constant('update' as const), id: fc.constantFrom(...IDS), text: multiLine }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...IDS) }),
  fc.record({
    kind: fc.constant('add' as const),
    id: fc.constantFrom(...IDS),
    text: multiLine,
    quote: fc.option(
      noteText.filter((t) => t.trim() !== ''),
      { nil: undefined },
    ),
  }),
  fc.record({ kind: fc.constant('tags' as const), tags: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom('to-read' as const, 'reading' as const, 'read' as const) }),
  fc.record({ kind: fc.constant('free' as const), text: noteText }),
);
type SideEdit = typeof sideEdit extends fc.Arbitrary<infer T> ? T : never;

function applySide(text: string, edits: readonly SideEdit[]): string {
  let doc = parseNote(text);
  for (const e of edits) {
    try {
      if (e.kind === 'update') doc = doc.updateNote(e.id, { text: e.text });
      else if (e.kind === 'remove') doc = doc.removeNote(e.id);
      else if (e.kind === 'add')
        doc = doc.addNote(e.quote ? { id: e.id, kind: 'quote', quote: { exact: e.quote }, text: e.text } : { id: e.id, kind: 'general', text: e.text });
      else if (e.kind === 'tags') doc = doc.setTags(e.tags);
      else if (e.kind === 'status') doc = doc.setStatus(e.status);
      else doc = parseNote(doc.serialize().replace('Free text.', `Free text. ${e.text}`));
    } catch {
      // An edit that does not apply (unknown id, duplicate) is skipped, as the host would refuse it.
    }
  }
  return doc.serialize();
}

const baseFile = fc
  .record({ notes: fc.subarray(IDS.slice(0, 4)), eol: fc.constantFrom('\n', '\r\n'), texts: fc.array(multiLine, { minLength: 4, maxLength: 4 }) })
  .map(({ notes, eol, texts }) => {
    let doc = parseNote(`---${eol}id: x${eol}tags: [a]${eol}---${eol}${eol}# Paper${eol}${eol}Free text.${eol}`);
    notes.forEach((id, i) => (doc = doc.addNote({ id, kind: 'general', text: texts[i]! })));
    return doc.serialize();
  });

const notesMap = (text: string) => new Map(parseNote(text).notes.map((n) => [n.id, n.text]));

describe('note file merge (fuzzed)', () => {
  it('a clean merge keeps each side’s changes to each note; a conflict’s keep-both loses no note text', () => {
    fc.assert(
      fc.property(baseFile, fc.array(sideEdit, { maxLength: 5 }), fc.array(sideEdit, { maxLength: 5 }), (base, oursEdits, theirsEdits) => {
        const ours = applySide(base, oursEdits);
        const theirs = applySide(base, theirsEdits);
        const result = mergeNoteFiles(base, ours, theirs);
        const [b, o, t] = [notesMap(base), notesMap(ours), notesMap(theirs)];
        if (result.status === 'clean') {
          const m = notesMap(result.text!);
          for (const id of new Set([...b.keys(), ...o.keys(), ...t.keys()])) {
            const expected = o.get(id) !== b.get(id) ? o.get(id) : t.get(id);
            assert.equal(m.get(id), expected, `note ${id}`);
          }
          assert.equal(parseNote(result.text!).problems.filter((p) => /twice/.test(p.message)).length, 0);
          // Both sides' front matter changes are in.
          const meta = parseNote(result.text!).meta;
          const [mb, mo, mt] = [parseNote(base).meta, parseNote(ours).meta, parseNote(theirs).meta];
          assert.equal(meta.status, mo.status !== mb.status ? mo.status : mt.status);
          for (const tag of mo.tags)
            if (!mb.tags.includes(tag) && mt.tags.includes(tag) === mb.tags.includes(tag)) assert.ok(meta.tags.includes(tag), `tag ${tag} added on our side`);
          return;
        }
        if (result.keepBoth !== undefined) {
          const kept = [...notesMap(result.keepBoth).values()];
          for (const side of [o, t]) {
            for (const [id, value] of side) {
              if (value !== b.get(id)) assert.ok(kept.includes(value), `the changed text of ${id} (${JSON.stringify(value)}) is kept`);
            }
          }
        } else {
          assert.ok(
            result.conflicts.some((c) => c.kind !== 'note'),
            'keep-both is only withheld for conflicts outside notes',
          );
        }
        assert.ok(!result.conflicts.some((c) => c.kind === 'unsafe'), JSON.stringify(result.conflicts));
      }),
      { numRuns: 1000 },
    );
  });

  it('is symmetric: swapping sides gives the same notes or the same conflicts', () => {
    fc.assert(
      fc.property(baseFile, fc.array(sideEdit, { maxLength: 4 }), fc.array(sideEdit, { maxLength: 4 }), (base, oursEdits, theirsEdits) => {
        const ours = applySide(base, oursEdits);
        const theirs = applySide(base, theirsEdits);
        const a = mergeNoteFiles(base, ours, theirs);
        const b = mergeNoteFiles(base, theirs, ours);
        assert.equal(a.status, b.status);
        if (a.status === 'clean' && b.status === 'clean') {
          assert.deepEqual(new Map([...notesMap(a.text!)].sort()), new Map([...notesMap(b.text!)].sort()));
        } else if (a.status === 'conflict' && b.status === 'conflict') {
          const ids = (r: typeof a) => r.conflicts.map((c) => (c.kind === 'note' ? c.id : c.kind)).sort();
          assert.deepEqual(ids(a), ids(b));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
