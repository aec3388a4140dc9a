/**
 * The relevance scan reads text from the repository the user opens (`.gitignore` files, manifests), and every scan of
 * it is linear. The inputs are the shapes that made the former regexes exponential (in the glob) or quadratic (in the
 * text); properties check that the new scans find exactly what the former regexes found.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IgnoreRules, parseGitignore } from '../../src/core/relevance/fileRules';
import { dependencyNames } from '../../src/core/relevance/manifests';
import { assertLinear } from '../support/linearTime';

// ---- the former implementations, kept as the reference --------------------------------------------------------

function globToRegExpBefore(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += `\\${glob[++i]}`;
    else out += /[.+^${}()|\\]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

interface RuleBefore {
  readonly re: RegExp;
  readonly negated: boolean;
  readonly folderOnly: boolean;
}

function parseGitignoreBefore(text: string, base = ''): RuleBefore[] {
  const rules: RuleBefore[] = [];
  const prefix = base ? `${base.replace(/\/+$/, '')}/` : '';
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const folderOnly = line.endsWith('/');
    if (folderOnly) line = line.replace(/\/+$/, '');
    if (!line) continue;
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    const body = globToRegExpBefore(line);
    const source = `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${anchored ? '' : '(?:.*/)?'}${body}$`;
    rules.push({ re: new RegExp(source), negated, folderOnly });
  }
  return rules;
}

function ignoresBefore(rules: readonly RuleBefore[], relativePath: string): boolean {
  if (rules.length === 0) return false;
  const parts = relativePath.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    const isFolder = i < parts.length;
    let ignored = false;
    for (const rule of rules) {
      if (rule.folderOnly && !isFolder) continue;
      if (rule.re.test(path)) ignored = !rule.negated;
    }
    if (ignored) return true;
  }
  return false;
}

function pythonRequirementBefore(line: string): string | undefined {
  const text = line.replace(/(?:^|\s)#(?!egg=).*/, '').trim();
  if (!text || text.startsWith('-') || /^(?:git\+|https?:|\.|\/)/.test(text)) return /#egg=([A-Za-z0-9._-]+)/.exec(text)?.[1]?.toLowerCase();
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1]?.toLowerCase();
}

/** The former scans of the three manifests whose patterns changed (pyproject without its TOML tables, unchanged). */
function dependencyNamesBefore(name: 'environment.yml' | 'go.mod' | 'pyproject.toml', text: string): string[] {
  const names: string[] = [];
  if (name === 'pyproject.toml') {
    for (const m of text.matchAll(/^\s*(?:dependencies|requires)\s*=\s*\[/gm)) {
      const open = text.indexOf('[', m.index + m[0].length - 1);
      if (open < 0) continue;
      const close = text.indexOf(']', open);
      const body = text.slice(open + 1, close < 0 ? undefined : close);
      for (const q of body.matchAll(/["']([^"'\n]+)["']/g)) {
        const found = pythonRequirementBefore(q[1]!);
        if (found) names.push(found);
      }
    }
  } else if (name === 'environment.yml') {
    for (const m of text.matchAll(/^\s*-\s+(?:pip:\s*)?([A-Za-z0-9][A-Za-z0-9._-]*)/gm)) if (m[1] !== 'pip') names.push(m[1]!.toLowerCase());
  } else {
    for (const m of text.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/[^\s]+)\s+v\d/gm))
      names.push(m[1]!.slice(m[1]!.lastIndexOf('/') + 1).toLowerCase());
  }
  return [...new Set(names)];
}

/** What a call returned, or that it threw (a bad range such as `[b-a]` threw before and still does). */
function outcome<T>(f: () => T): T | 'throws' {
  try {
    return f();
  } catch {
    return 'throws';
  }
}

// ---- the tests -------------------------------------------------------------------------------------------------

/** Whether a `.gitignore` of the one line `glob` ignores `path`. */
function ignoredBy(glob: string, path: string): boolean {
  const rules = new IgnoreRules();
  rules.add('.gitignore', `${glob}\n`);
  return rules.ignores(path);
}

describe('linear scans of a workspace for relevance', () => {
  describe('.gitignore rules', () => {
    it('matches a glob of many stars in time linear in the glob and the path', () => {
      // Paths that end as the glob does, so that the whole glob has to be tried (and fails).
      const name = `${'a'.repeat(60)}/b`;
      const deep = `${'a/'.repeat(40)}zzz`;
      assertLinear(
        '*a×7 then b against a 60-character name',
        (k) => `${'*a'.repeat(k)}b`,
        7,
        (glob) => ignoredBy(glob, name),
        1500,
      );
      assertLinear(
        '**/×8 then zz against a path 40 folders deep',
        (k) => `${'**/'.repeat(k)}zz`,
        8,
        (glob) => ignoredBy(glob, deep),
        1500,
      );
      const n = 200_000;
      assertLinear(
        '*a*a*a… of 200,000 characters',
        (k) => `${'*a'.repeat(k / 2)}b`,
        n,
        (glob) => ignoredBy(glob, name),
        1500,
      );
      assertLinear(
        '**/**/… of 200,000 characters',
        (k) => `${'**/'.repeat(k / 3)}zz`,
        n,
        (glob) => ignoredBy(glob, 'a/a/a/zzz'),
        1500,
      );
      assertLinear(
        'a name of 200,000 characters against *a*a*a*b',
        (k) => `${'a'.repeat(k)}/b`,
        n,
        (path) => ignoredBy('*a*a*a*b', path),
        1500,
      );
    });

    it('trims a line of 200,000 spaces in linear time', () => {
      assertLinear(
        'spaces then x',
        (k) => `${' '.repeat(k)}x`,
        200_000,
        (text) => parseGitignore(text),
        1500,
      );
      assertLinear(
        'x then spaces',
        (k) => `x${' '.repeat(k)}`,
        200_000,
        (text) => parseGitignore(text),
        1500,
      );
    });

    it('keeps an escaped trailing space and drops the rest', () => {
      assert.ok(ignoredBy('a\\ ', 'a '));
      assert.ok(!ignoredBy('a\\ ', 'a'));
      assert.ok(ignoredBy('a\\  \t', 'a '), 'one escaped space stays, the spaces after it go');
      assert.ok(ignoredBy('a \t ', 'a'));
      assert.equal(parseGitignore('   \n\t\n').length, 0);
    });

    it('matches stars, double stars, classes and escapes as git does', () => {
      assert.ok(ignoredBy('*.log', 'x/y/run.log'));
      assert.ok(!ignoredBy('*.log', 'run.log.txt'));
      assert.ok(ignoredBy('a/*.py', 'a/b.py'));
      assert.ok(!ignoredBy('a/*.py', 'a/b/c.py'), 'a star stays within its folder');
      assert.ok(ignoredBy('a/**/c.py', 'a/c.py'));
      assert.ok(ignoredBy('a/**/c.py', 'a/b/d/c.py'));
      assert.ok(ignoredBy('a/**', 'a/b/c'));
      assert.ok(ignoredBy('file?.txt', 'file1.txt'));
      assert.ok(!ignoredBy('file?.txt', 'file10.txt'));
      assert.ok(ignoredBy('[!a]x', 'bx'));
      assert.ok(!ignoredBy('[!a]x', 'ax'));
      assert.ok(ignoredBy('[a-c]x', 'bx'));
      assert.ok(ignoredBy('\\*x', '*x'));
      assert.ok(!ignoredBy('\\*x', 'ax'));
      assert.ok(ignoredBy('\\#x', '#x'));
      assert.ok(ignoredBy('a[b', 'a[b'), 'an unclosed bracket is itself');
      // The former regex read an escaped letter as a regex escape (`\\d` a digit); git, and now this, read the letter.
      assert.ok(ignoredBy('x\\d', 'xd'));
      assert.ok(!ignoredBy('x\\d', 'x1'));
    });

    it('matches what the former regexes matched (property)', () => {
      // Letters are ones a regex reads as themselves when escaped: the former `\\b` was a word boundary, not `b`.
      const globPiece = fc.constantFrom('*', '**', '?', '/', 'a', 'e', '.', '**/', '[', ']', '!', '-', '\\', ' ', '\t', '#', '\\ ');
      const pathPiece = fc.constantFrom('a', 'e', '.', '/', 'ae', 'a.e', ' ', '*', '[', '\\', '#', '!', '-', '\n');
      const line = fc.array(globPiece, { maxLength: 9 }).map((p) => p.join(''));
      const text = fc.tuple(fc.array(line, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n')).map(([ls, eol]) => ls.join(eol));
      const path = fc.array(pathPiece, { minLength: 1, maxLength: 10 }).map((p) => p.join(''));
      fc.assert(
        fc.property(text, fc.array(path, { minLength: 1, maxLength: 6 }), fc.constantFrom('', 'a', 'a.b/a'), (gitignore, paths, base) => {
          const before = outcome(() => parseGitignoreBefore(gitignore, base));
          const now = outcome(() => parseGitignore(gitignore, base));
          if (before === 'throws' || now === 'throws') {
            assert.equal(now, before);
            return;
          }
          assert.deepEqual(
            now.map((r) => [r.negated, r.folderOnly]),
            before.map((r) => [r.negated, r.folderOnly]),
          );
          for (const p of paths) {
            assert.deepEqual(
              now.map((r) => r.matches(p)),
              before.map((r) => r.re.test(p)),
              `${JSON.stringify(gitignore)} on ${JSON.stringify(p)}`,
            );
            const rules = new IgnoreRules();
            rules.add(base ? `${base}/.gitignore` : '.gitignore', gitignore);
            assert.equal(rules.ignores(p), ignoresBefore(before, p));
          }
        }),
        { numRuns: 3000 },
      );
    });
  });

  describe('manifests', () => {
    const manifests = ['environment.yml', 'go.mod', 'pyproject.toml'] as const;

    it('reads a manifest of 200,000 blank lines in linear time', () => {
      for (const name of manifests) {
        assertLinear(
          `${name}: newlines then x`,
          (k) => `${'\n'.repeat(k)}x`,
          200_000,
          (text) => dependencyNames(name, text),
          1500,
        );
        assertLinear(
          `${name}: CRLF blank lines then x`,
          (k) => `${'\r\n'.repeat(k / 2)}x`,
          200_000,
          (text) => dependencyNames(name, text),
          1500,
        );
      }
    });

    it('reads indented entries, with LF or CRLF line ends', () => {
      for (const eol of ['\n', '\r\n']) {
        const env = ['name: x', 'dependencies:', '  - numpy=1.2', '', '  - pip:', '    - torch', '  -   einops'].join(eol);
        assert.deepEqual(dependencyNames('environment.yml', env), ['numpy', 'torch', 'einops']);
        const go = ['module x', '', 'require (', '\tgithub.com/spf13/cobra v1.8.0', ')', 'require golang.org/x/text v0.3.0'].join(eol);
        assert.deepEqual(dependencyNames('go.mod', go), ['cobra', 'text']);
        const py = ['[project]', '', '  dependencies = [', '  "torch>=2",', "  'einops'", ']'].join(eol);
        assert.deepEqual(dependencyNames('pyproject.toml', py), ['torch', 'einops']);
      }
    });

    it('finds what the former patterns found (property)', () => {
      const piece = fc.constantFrom(
        '\n',
        '\r\n',
        '\r',
        ' ',
        '\t',
        '\f',
        '\u00a0',
        '\u2028',
        '\ufeff',
        '-',
        '- ',
        'pip:',
        'numpy',
        'x',
        'require',
        'github.com/a/b',
        'v1',
        'dependencies',
        'requires',
        '=',
        '[',
        ']',
        '"a"',
        "'b'",
        ',',
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 16 }), fc.constantFrom(...manifests), (pieces, name) => {
          // No piece makes a `[tool.poetry…]` header, so a pyproject's TOML tables add nothing to compare.
          const text = pieces.join('');
          assert.deepEqual(dependencyNames(name, text), dependencyNamesBefore(name, text), JSON.stringify(text));
        }),
        { numRuns: 3000 },
      );
    });
  });
});
