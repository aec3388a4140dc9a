import assert from 'node:assert/strict';
import { applyNoteEdit, type NoteEdit } from '../../src/core/notes/noteEdit';
import { newNoteFile, parseNote, type NoteDocument } from '../../src/core/notes/noteFile';
import { noteVersion } from '../../src/core/notes/noteVersion';
import { conflictDecisionByPolicy, planNoteWrite, settleConflict, type NoteWriteInput, type NoteWritePlan } from '../../src/core/notes/noteWritePlan';
import type { Paper } from '../../src/core/paper';

const paper: Paper = {
  id: '2312.00752',
  arxivId: '2312.00752',
  title: 'Mamba',
  authors: [],
  abstract: '',
  categories: [],
  links: {},
  repos: [],
  source: 'library',
};

const BASE = `---
id: "2312.00752"
title: "Mamba"
status: to-read
---

# Mamba

## Note
<!-- marginalia:note id=aaaa1111 kind=general -->

First note.

## Note
<!-- marginalia:note id=bbbb2222 kind=general -->

Second note.
`;

const edit = (text: string, e: NoteEdit): string => applyNoteEdit(parseNote(text), e).serialize();
const setText = (id: string, text: string): NoteEdit => ({ op: 'update', id, patch: { text } });
const notesOf = (text: string) => Object.fromEntries(parseNote(text).notes.map((n) => [n.id, n.text]));

/** A plan against `current`, with `remembered` the texts of earlier versions still known. */
function plan(
  current: string | undefined,
  change: (doc: NoteDocument) => NoteDocument,
  baseVersion?: string,
  remembered: readonly string[] = [],
): NoteWritePlan {
  const input: NoteWriteInput = {
    path: 'papers/mamba.md',
    current,
    baseVersion,
    textOf: (version) => remembered.find((text) => noteVersion(text) === version),
    fresh: () => parseNote(newNoteFile(paper, { added: '2026-01-02' })),
    change,
  };
  return planNoteWrite(input);
}

function conflictOf(p: NoteWritePlan): Extract<NoteWritePlan, { kind: 'conflict' }> {
  assert.equal(p.kind, 'conflict', `expected a conflict, got ${JSON.stringify(p)}`);
  return p as Extract<NoteWritePlan, { kind: 'conflict' }>;
}

describe('note write plan', () => {
  it('applies an edit with no base to what the file holds now', () => {
    const p = plan(BASE, (doc) => doc.setStatus('reading'));
    assert.equal(p.kind, 'write');
    assert.equal(p.kind === 'write' && p.outcome, 'written');
    assert.equal(p.kind === 'write' && parseNote(p.text).meta.status, 'reading');
    assert.equal(p.kind === 'write' && p.message, undefined);
  });

  it('writes an edit made against the current version as it is', () => {
    const p = plan(BASE, (doc) => applyNoteEdit(doc, setText('aaaa1111', 'mine')), noteVersion(BASE));
    assert.deepEqual(p, { kind: 'write', text: edit(BASE, setText('aaaa1111', 'mine')), outcome: 'written', message: undefined });
  });

  it('starts a new note when there is no file', () => {
    for (const baseVersion of [undefined, '']) {
      const p = plan(undefined, (doc) => doc.setTags(['ssm']), baseVersion);
      assert.equal(p.kind, 'write');
      const doc = parseNote(p.kind === 'write' ? p.text : '');
      assert.equal(doc.meta.id, '2312.00752');
      assert.equal(doc.meta.added, '2026-01-02');
      assert.deepEqual(doc.meta.tags, ['ssm']);
    }
  });

  it('applies an edit made when there was no file to the file that appeared since', () => {
    const p = plan(BASE, (doc) => doc.setTags(['ssm']), '');
    assert.equal(p.kind, 'write');
    assert.equal(p.kind === 'write' && p.outcome, 'written');
    assert.deepEqual(notesOf(p.kind === 'write' ? p.text : ''), notesOf(BASE));
  });

  it('says unchanged when the edit changes nothing', () => {
    assert.deepEqual(
      plan(BASE, (doc) => doc, noteVersion(BASE)),
      { kind: 'keep', outcome: 'unchanged' },
    );
    assert.deepEqual(
      plan(BASE, (doc) => doc.setStatus('to-read')),
      { kind: 'keep', outcome: 'unchanged' },
    );
  });

  it('merges an edit of an older version with a change to another note made since', () => {
    const theirs = edit(BASE, setText('bbbb2222', 'theirs'));
    const p = plan(theirs, (doc) => applyNoteEdit(doc, setText('aaaa1111', 'mine')), noteVersion(BASE), [BASE]);
    assert.equal(p.kind, 'write');
    assert.equal(p.kind === 'write' && p.outcome, 'merged');
    assert.equal(p.kind === 'write' && p.message, 'papers/mamba.md changed since; your edit was merged with those changes.');
    assert.deepEqual(notesOf(p.kind === 'write' ? p.text : ''), { aaaa1111: 'mine', bbbb2222: 'theirs' });
  });

  it('says unchanged when the file already holds what the edit would make of it', () => {
    const both = edit(BASE, setText('aaaa1111', 'same'));
    assert.deepEqual(
      plan(both, (doc) => applyNoteEdit(doc, setText('aaaa1111', 'same')), noteVersion(BASE), [BASE]),
      { kind: 'keep', outcome: 'unchanged' },
    );
  });

  it('reports a conflict when the same note changed on both sides, with both resolutions', () => {
    const theirs = edit(BASE, setText('aaaa1111', 'theirs'));
    const c = conflictOf(plan(theirs, (doc) => applyNoteEdit(doc, setText('aaaa1111', 'mine')), noteVersion(BASE), [BASE]));
    assert.deepEqual(
      c.conflicts.map((x) => x.kind),
      ['note'],
    );
    assert.equal(c.mine, edit(BASE, setText('aaaa1111', 'mine')));
    assert.equal(c.current, theirs);
    assert.ok(c.keepBoth, 'a note conflict can keep both');
    const kept = Object.values(notesOf(c.keepBoth));
    assert.ok(kept.includes('mine') && kept.includes('theirs'), `both texts kept: ${JSON.stringify(kept)}`);

    const mine = settleConflict(c, 'mine');
    assert.equal(mine.kind === 'write' && mine.text, c.mine);
    assert.equal(mine.outcome, 'merged');
    assert.match(mine.message ?? '', /^Overwrote the changes in the file: The note “.*” was changed here and changed in the file\.$/);
    const both = settleConflict(c, 'both');
    assert.equal(both.kind === 'write' && both.text, c.keepBoth);
    assert.match(both.message ?? '', /^Kept both versions: /);
    assert.deepEqual(settleConflict(c, 'theirs').kind, 'keep');
    assert.equal(settleConflict(c, 'theirs').outcome, 'kept-theirs');
    assert.match(settleConflict(c, 'theirs').message ?? '', /^Kept the file as it is: /);
    assert.equal(settleConflict(c, 'cancel').outcome, 'cancelled');
    assert.match(settleConflict(c, 'cancel').message ?? '', /^Not saved: /);
  });

  it('reports a conflict, not a guess, when the version the edit was made against is no longer known', () => {
    const theirs = edit(BASE, setText('bbbb2222', 'theirs'));
    const add: NoteEdit = { op: 'add', note: { id: 'cccc3333', kind: 'general', text: 'mine' } };
    const c = conflictOf(plan(theirs, (doc) => applyNoteEdit(doc, add), noteVersion(BASE)));
    assert.deepEqual(c.conflicts, [{ kind: 'unsafe', detail: 'the version this edit was made against is no longer known' }]);
    assert.equal(c.keepBoth, undefined);
    // Applied to a fresh note, not to the file: "keep mine" is the user's explicit choice to overwrite.
    assert.deepEqual(notesOf(c.mine), { cccc3333: 'mine' });
    assert.deepEqual(settleConflict(c, 'both'), { kind: 'keep', outcome: 'unchanged' });
  });

  it('refuses an edit of a version whose front matter cannot be read', () => {
    const broken = BASE.replace('status: to-read', 'status: [unclosed');
    assert.throws(() => plan(broken, (doc) => doc.setStatus('reading')), /^Error: papers\/mamba\.md: .*Fix the front matter, then try again\.$/);
  });

  it('settles by policy without asking, except for ask', () => {
    assert.equal(conflictDecisionByPolicy('keep-both', true), 'both');
    assert.equal(conflictDecisionByPolicy('keep-both', false), 'theirs');
    assert.equal(conflictDecisionByPolicy('keep-mine', false), 'mine');
    assert.equal(conflictDecisionByPolicy('keep-theirs', true), 'theirs');
    assert.equal(conflictDecisionByPolicy('cancel', true), 'cancel');
    assert.equal(conflictDecisionByPolicy('ask', true), 'ask');
  });
});
