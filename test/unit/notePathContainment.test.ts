import assert from 'node:assert/strict';
import fc from 'fast-check';
import { containedNotePath } from '../../src/core/notes/notePath';

describe('containedNotePath', () => {
  it('accepts note files in the notes folder, and gives their workspace-relative path', () => {
    assert.deepEqual(containedNotePath('/w/proj', 'papers', '/w/proj/papers/2312.00752-mamba.md'), { ok: true, path: 'papers/2312.00752-mamba.md' });
    assert.deepEqual(containedNotePath('/w/proj/', 'notes/papers/', '/w/proj/notes/papers/sub/x.md'), { ok: true, path: 'notes/papers/sub/x.md' });
    assert.deepEqual(containedNotePath('/w/proj', '', '/w/proj/x.md'), { ok: true, path: 'x.md' });
    assert.deepEqual(containedNotePath('/w/proj', '.', '/w/proj/Übersicht (Entwurf).md'), { ok: true, path: 'Übersicht (Entwurf).md' });
  });

  it('refuses anything else', () => {
    const hostile = [
      '/w/proj/papers2/x.md',
      '/w/proj/x.md',
      '/w/proj/papers/../x.md',
      '/w/proj/papers/../../etc/passwd.md',
      '/w/proj/papers/./x.md',
      '/w/proj/papers//x.md',
      '/w/proj/papers/.git/x.md',
      '/w/proj/papers/.vscode/tasks.md',
      '/w/proj/papers/x.txt',
      '/w/proj/papers/x\\..\\..\\y.md',
      '/w/proj/papers/x\u202egnp.md',
      '/w/proj/papers/a\u0000.md',
      '/w/proj/papers/CON.md',
      '/w/proj/papers/x.md.',
      '/w/proj/papers/．．/x.md',
      '/w/proj/papers/%2e%2e/x.md',
      '/etc/passwd',
      'C:/w/proj/papers/x.md',
    ];
    for (const path of hostile) assert.equal(containedNotePath('/w/proj', 'papers', path).ok, false, path);
  });

  it('never accepts a path that leaves the folder once resolved (property)', () => {
    const segment = fc.oneof(fc.constantFrom('..', '.', '', 'papers', 'x.md', '．．', '%2e%2e', '\u2025', 'a\\b', 'C:'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = `/w/proj/papers/${segments.join('/')}`;
        const result = containedNotePath('/w/proj', 'papers', path);
        if (!result.ok) return;
        // What a file system would do with it: resolve dot segments. It must stay inside.
        const resolved = new URL(`file://${path}`).pathname;
        assert.ok(resolved.startsWith('/w/proj/papers/'), `${path} → ${resolved}`);
        assert.ok(!result.path.split('/').some((s) => s === '..' || s === '.' || s === ''));
      }),
      { numRuns: 2000 },
    );
  });
});
