import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWindowsReservedName, noteFileName, titleSlug } from '../../src/core/notes/noteFileName';
import { resolveNotePath } from '../../src/core/notes/notePath';

/**
 * Any code points, lone surrogates included. (fast-check's `unit: 'binary'` does the same but is
 * very slow to generate.)
 */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const binaryString = (maxLength = 30): fc.Arbitrary<string> => fc.string({ unit: anyCodePoint, maxLength });

/**
 * An independent, pessimistic reading of a path: every way some layer might decode it (percent
 * escapes, Unicode compatibility forms, backslashes as separators), then POSIX resolution. If any
 * reading leaves the folder, the path was unsafe.
 */
function readings(path: string): string[] {
  const out = new Set<string>([path]);
  for (const p of [...out]) {
    try {
      out.add(decodeURIComponent(p));
    } catch {
      // not valid percent-encoding: nothing to decode
    }
  }
  for (const p of [...out]) {
    out.add(p.normalize('NFKC'));
    out.add(p.normalize('NFKD'));
  }
  for (const p of [...out]) out.add(p.replace(/\\/g, '/'));
  return [...out];
}

function staysInside(folder: string, path: string): boolean {
  return readings(path).every((p) => {
    if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.includes('\0')) return false;
    const stack: string[] = [];
    for (const segment of p.split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (stack.length === 0) return false;
        stack.pop();
      } else stack.push(segment);
    }
    const prefix = folder === '' ? [] : folder.split('/');
    return prefix.every((s, i) => stack[i] === s) && stack.length > prefix.length;
  });
}

const HOSTILE = [
  '..',
  '.',
  '/',
  '\\',
  '%2e',
  '%2f',
  '%5c',
  '%2E%2E',
  '．',
  '／',
  '＼',
  '‥',
  '…',
  '\u2024',
  '\u0000',
  '\u202e',
  '\u200b',
  '\u2066',
  'C:',
  'c:\\',
  '\\\\server\\share',
  '~',
  'CON',
  'nul',
  'com1',
  '.git',
  '.vscode',
  ' ',
  '.md',
  'x',
  'a',
  'é',
  'e\u0301',
  '\u00a0',
  ':',
  '*',
  '?',
  '"',
  '<',
  '>',
  '|',
  '\n',
  '\r',
  '\t',
  'ﹰ',
  '℀',
  '⒈',
  'ǅ',
  '\ud800',
];

describe('note file names', () => {
  it('is id + short slug', () => {
    assert.equal(
      noteFileName({ id: '2312.00752', title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces' }),
      '2312.00752-mamba-linear-time-sequence-modeling.md',
    );
    assert.equal(noteFileName({ id: 'solv-int/9901001', title: 'Integrable Systems' }), 'solv-int-9901001-integrable-systems.md');
    assert.equal(noteFileName({ id: 'math.GT/0309136', title: 'Knots' }), 'math.GT-0309136-knots.md');
    assert.equal(noteFileName({ id: 'title:some-paper', title: 'Some Paper: Über Ramírez' }), 'some-paper-uber-ramirez.md');
    assert.equal(noteFileName({ id: '2401.00001', title: '大模型' }), '2401.00001.md');
    assert.match(noteFileName({ id: 'title:大模型', title: '大模型' }), /^paper-[0-9a-f]{8}\.md$/);
  });

  it('avoids Windows device names', () => {
    assert.equal(noteFileName({ id: 'title:con', title: 'CON' }), 'paper-con.md');
    assert.equal(noteFileName({ id: 'title:x', title: 'Aux' }), 'paper-aux.md');
    assert.ok(isWindowsReservedName('nul.md'));
    assert.ok(isWindowsReservedName('COM1.tar.gz'));
    assert.ok(!isWindowsReservedName('console.md'));
  });

  it('keeps slugs short and on word boundaries', () => {
    assert.equal(titleSlug('Attention Is All You Need'), 'attention-is-all-you-need');
    // Cut at 40 characters, then trailing function words dropped (`…-goes-on-and-on` → `…-goes`).
    assert.equal(titleSlug('A Very Long Title That Goes On And On Well Beyond Forty Characters'), 'a-very-long-title-that-goes');
    assert.equal(titleSlug('Supercalifragilisticexpialidociousness-and-more-words'), 'supercalifragilisticexpialidociousness');
  });

  it('property: every name is short, ASCII, Windows-safe, and accepted by the path check', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), binaryString(), fc.constantFrom(...HOSTILE)), binaryString(), fc.boolean(), (id, title, titleId) => {
        const name = noteFileName({ id: titleId ? `title:${id}` : id, title });
        assert.match(name, /^[A-Za-z0-9][A-Za-z0-9.-]*\.md$/);
        assert.ok(name.length <= 100, name);
        assert.ok(!isWindowsReservedName(name), name);
        assert.ok(!name.includes('..'), name);
        const resolved = resolveNotePath('papers', name);
        assert.ok(resolved.ok, `${name}: ${resolved.ok ? '' : resolved.reason}`);
        assert.equal(noteFileName({ id: titleId ? `title:${id}` : id, title }), name);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('note path safety', () => {
  it('joins plain names', () => {
    assert.deepEqual(resolveNotePath('papers', '2312.00752-mamba.md'), { ok: true, path: 'papers/2312.00752-mamba.md' });
    assert.deepEqual(resolveNotePath('papers/', 'sub/x.md'), { ok: true, path: 'papers/sub/x.md' });
    assert.deepEqual(resolveNotePath('.', 'x.md'), { ok: true, path: 'x.md' });
    assert.deepEqual(resolveNotePath('', 'x.md'), { ok: true, path: 'x.md' });
    assert.deepEqual(resolveNotePath('.notes/papers', 'Ramírez.md'), { ok: true, path: '.notes/papers/Ramírez.md' });
    assert.deepEqual(resolveNotePath('papers', 'x.json', { extensions: [] }), { ok: true, path: 'papers/x.json' });
  });

  it('refuses everything that could leave the folder or misbehave', () => {
    const refused = [
      '../../x.md',
      '..',
      '../x.md',
      'a/../../x.md',
      './x.md',
      '/etc/passwd.md',
      'C:\\x.md',
      'C:x.md',
      'c:/x.md',
      '\\\\server\\share\\x.md',
      'a\\..\\x.md',
      '%2e%2e/x.md',
      '%2E%2E%2Fx.md',
      '..%2fx.md',
      'x.md\u0000.txt',
      '．．/x.md',
      '．．／x.md',
      '‥/x.md',
      'x\u202eharmless.md',
      'x\u200b.md',
      'CON.md',
      'con',
      'nul.md',
      'Com1.md',
      'x.md.',
      'x.md ',
      ' x.md',
      '.git/config.md',
      '.vscode/tasks.md',
      'a//b.md',
      'a/',
      '',
      'x',
      '.md',
      'x:stream.md',
      'x*.md',
      'x?.md',
      'x|y.md',
      'x\ny.md',
      '~/x.md',
      'x\ud800.md',
    ];
    for (const name of refused) {
      const result = resolveNotePath('papers', name);
      assert.equal(result.ok, false, `accepted ${JSON.stringify(name)}`);
      if (!result.ok) assert.ok(result.reason.length > 0);
    }
    for (const folder of ['../x', '/abs', 'C:\\x', 'a/../..', 'a\\b']) assert.equal(resolveNotePath(folder, 'x.md').ok, false, folder);
  });

  it('says why, without echoing invisible characters', () => {
    const result = resolveNotePath('papers', 'x\u202etxt.md');
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, /\\u\{202e\}/);
  });

  it('property: never yields a path outside the folder, for any hostile input', () => {
    const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 4 }), binaryString(3));
    const hostile = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
    const withExt = fc.tuple(hostile, fc.boolean()).map(([p, ext]) => (ext ? `${p}.md` : p));
    fc.assert(
      fc.property(fc.constantFrom('papers', 'notes/papers', '', '.'), withExt, (folder, name) => {
        const result = resolveNotePath(folder, name);
        if (!result.ok) return;
        const base = folder === '.' ? '' : folder;
        assert.ok(staysInside(base, result.path), `${JSON.stringify(name)} -> ${result.path}`);
        assert.ok(!/[\p{C}\\]/u.test(result.path), result.path);
        assert.ok(result.path.endsWith('.md'));
      }),
      { numRuns: 5000 },
    );
  });
});
