import assert from 'node:assert/strict';
import { isPaperMessage } from '../../src/protocol/guards';
import { noteVersion } from '../../src/core/notes/noteVersion';

const version = noteVersion('some text');

describe('paper view notes messages', () => {
  it('accepts well-formed note edits', () => {
    const ok = [
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'add', kind: 'general', text: 'hello *world*' } },
      {
        type: 'editNote',
        requestId: 2,
        baseVersion: '',
        change: { op: 'add', kind: 'quote', text: '', quote: { exact: 'a key weakness', prefix: 'that ', suffix: ' of' } },
      },
      { type: 'editNote', requestId: 3, baseVersion: version, change: { op: 'update', id: 'k3j2m9qa', text: 'x', heading: 'Why' } },
      { type: 'editNote', requestId: 4, baseVersion: version, change: { op: 'remove', id: 'a_b-c' } },
      { type: 'requestTrust' },
    ];
    for (const message of ok) assert.ok(isPaperMessage(message), JSON.stringify(message));
  });

  it('refuses hostile or malformed ones', () => {
    const bad = [
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'remove', id: '../../x' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'remove', id: '/etc/passwd' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'remove', id: 'a--b' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'update', id: 'ｘ', text: '' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'update', id: 'a\u202eb', text: '' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'update', id: 'a', text: 'x', heading: 'two\nlines' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'add', kind: 'pdf', text: '' } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'add', kind: 'general', text: 'x'.repeat(100_001) } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'add', kind: 'quote', text: '', quote: { exact: '  ' } } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'add', kind: 'quote', text: '', quote: { exact: 'x', path: '../y' } } },
      { type: 'editNote', requestId: 1, baseVersion: version, change: { op: 'add', kind: 'general', text: '', id: 'chosen' } },
      { type: 'editNote', requestId: 1, baseVersion: '../x', change: { op: 'remove', id: 'a' } },
      { type: 'editNote', requestId: -1, baseVersion: version, change: { op: 'remove', id: 'a' } },
      { type: 'editNote', requestId: 1.5, baseVersion: version, change: { op: 'remove', id: 'a' } },
      { type: 'editNote', requestId: 1, baseVersion: version },
      { type: 'editNote', requestId: 1, baseVersion: version, change: null },
    ];
    for (const message of bad) assert.ok(!isPaperMessage(message), JSON.stringify(message).slice(0, 200));
  });
});
