import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPaperMessage } from '../../src/protocol/guards';

describe('openCodeLink message guard', () => {
  it('accepts a linked range by note id and a mention by path and line', () => {
    assert.ok(isPaperMessage({ type: 'openCodeLink', target: { kind: 'note', noteId: 'p0c4tz1e' } }));
    assert.ok(isPaperMessage({ type: 'openCodeLink', target: { kind: 'mention', path: 'src/model.py', line: 3 } }));
    assert.ok(isPaperMessage({ type: 'openCodeLink', target: { kind: 'mention', path: 'model.py', root: 'backend', line: 1 } }));
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      { type: 'openCodeLink' },
      { type: 'openCodeLink', target: { kind: 'note', noteId: '../x' } },
      { type: 'openCodeLink', target: { kind: 'note', noteId: 'a', path: 'x' } },
      { type: 'openCodeLink', target: { kind: 'mention', path: '', line: 1 } },
      { type: 'openCodeLink', target: { kind: 'mention', path: 'a\u0000b', line: 1 } },
      { type: 'openCodeLink', target: { kind: 'mention', path: 'x'.repeat(1001), line: 1 } },
      { type: 'openCodeLink', target: { kind: 'mention', path: 'model.py', line: 0 } },
      { type: 'openCodeLink', target: { kind: 'mention', path: 'model.py', line: 1.5 } },
      { type: 'openCodeLink', target: { kind: 'mention', path: 'model.py', line: 1, command: 'rm' } },
      { type: 'openCodeLink', target: { kind: 'file', path: '/etc/passwd' } },
      { type: 'openCodeLink', target: { kind: 'note', noteId: 'a' }, extra: 1 },
    ];
    for (const message of bad) assert.equal(isPaperMessage(message), false, JSON.stringify(message));
  });

  it('never throws on arbitrary targets', () => {
    fc.assert(fc.property(fc.anything(), (target) => typeof isPaperMessage({ type: 'openCodeLink', target }) === 'boolean'));
  });
});
