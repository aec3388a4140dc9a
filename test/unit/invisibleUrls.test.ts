import assert from 'node:assert/strict';
import { httpUrl } from '../../src/core/feeds/feedText';
import { hasInvisibleFormatting, isSafeWebUrl, urlHasInvisibleFormatting } from '../../src/core/net/urlSafety';
import { classifyRepoUrl, extractRepoLinks, noteRepoLinks, ownRepoLink } from '../../src/core/repoLinks';
import { isPaperMessage, isPdfMessage, isWebUrl } from '../../src/protocol/guards';

/** The characters that make a URL read as something else; each one alone must be enough to refuse it. */
const INVISIBLES = [
  ['right-to-left override', '\u202E'],
  ['left-to-right override', '\u202D'],
  ['right-to-left embedding', '\u202B'],
  ['pop directional formatting', '\u202C'],
  ['right-to-left isolate', '\u2067'],
  ['first strong isolate', '\u2068'],
  ['pop directional isolate', '\u2069'],
  ['right-to-left mark', '\u200F'],
  ['arabic letter mark', '\u061C'],
  ['zero-width space', '\u200B'],
  ['zero-width joiner', '\u200D'],
  ['word joiner', '\u2060'],
  ['byte order mark', '\uFEFF'],
  ['soft hyphen', '\u00AD'],
  ['tag character', '\u{E0041}'],
] as const;

const spoof = (ch: string) => `https://github.com/evil/${ch}gnp.txt`;

describe('URLs with invisible formatting characters', () => {
  it('are recognised, written as is or percent-encoded (once or twice)', () => {
    for (const [name, ch] of INVISIBLES) {
      assert.ok(hasInvisibleFormatting(`a${ch}b`), name);
      assert.ok(urlHasInvisibleFormatting(spoof(ch)), name);
      assert.ok(urlHasInvisibleFormatting(`https://github.com/evil/${encodeURIComponent(ch)}gnp.txt`), `${name}, encoded`);
    }
    assert.ok(urlHasInvisibleFormatting('https://example.com/%25E2%2580%25AEgnp.txt'), 'an override encoded twice');
    assert.ok(urlHasInvisibleFormatting('https://example.com/%E2%80%AE%zz'), 'beside a malformed escape');
  });

  it('leave ordinary links alone, non-Latin text and emoji included', () => {
    for (const url of [
      'https://github.com/state-spaces/mamba',
      'https://arxiv.org/abs/2312.00752v2',
      'https://example.com/a%20b?q=%C3%A9t%C3%A9#x',
      'https://ja.wikipedia.org/wiki/%E6%9D%B1%E4%BA%AC',
      'https://example.com/%zz',
      'https://example.com/日本語/עברית',
    ]) {
      assert.equal(urlHasInvisibleFormatting(url), false, url);
      assert.ok(isSafeWebUrl(url), url);
    }
  });

  it('are refused by every webview message that opens or clones a URL', () => {
    for (const [name, ch] of INVISIBLES) {
      const url = spoof(ch);
      assert.equal(isWebUrl(url), false, name);
      assert.equal(isPaperMessage({ type: 'openLink', url }), false, name);
      assert.equal(isPaperMessage({ type: 'openRepo', url, target: 'browser' }), false, name);
      assert.equal(isPaperMessage({ type: 'cloneRepo', url }), false, name);
      assert.equal(isPdfMessage({ type: 'openLink', url }), false, name);
    }
    // A user name before the host makes the link read as the site it is not.
    assert.equal(isWebUrl('https://github.com@evil.example/x'), false);
  });

  it('never become a feed link or a repo link', () => {
    for (const [name, ch] of INVISIBLES) {
      assert.equal(httpUrl(spoof(ch)), undefined, name);
      assert.equal(classifyRepoUrl(`https://github.com/evil/repo${ch}`), undefined, name);
      assert.equal(classifyRepoUrl(`https://project${ch}.example.org/`, true), undefined, name);
      assert.deepEqual(extractRepoLinks({ githubRepo: `https://github.com/evil/repo${ch}`, projectPage: `https://evil.example/${ch}x` }), [], name);
      assert.deepEqual(noteRepoLinks([`https://github.com/evil/repo${ch}`]), [], name);
    }
    assert.equal(httpUrl('https://github.com/state-spaces/mamba'), 'https://github.com/state-spaces/mamba');
  });
});

describe('repo links in a note', () => {
  it('are classified like a feed’s: only real GitHub URLs are GitHub repos', () => {
    const links = noteRepoLinks([
      'https://github.com/state-spaces/mamba',
      'https://evil.example/github.com/state-spaces/mamba',
      'javascript:alert(1)',
      'https://github.com/state-spaces/mamba/tree/main',
    ]);
    assert.deepEqual(
      links.map((l) => [l.kind, l.url]),
      [
        ['github', 'https://github.com/state-spaces/mamba'],
        ['project-page', 'https://evil.example/github.com/state-spaces/mamba'],
      ],
    );
  });
});

describe('repos a paper view may ask the host to open or clone', () => {
  const repos = [
    { kind: 'github', url: 'https://github.com/state-spaces/mamba', slug: 'state-spaces/mamba', origins: ['githubRepo'] },
    { kind: 'project-page', url: 'https://mamba.example.org/', origins: ['projectPage'] },
    { kind: 'github', url: 'http://github.com/old/http-only', slug: 'old/http-only', origins: ['abstract'] },
  ] as const;

  it('are the paper’s own https links; only git repositories are cloned', () => {
    assert.equal(ownRepoLink(repos, 'https://github.com/state-spaces/mamba', 'clone')?.slug, 'state-spaces/mamba');
    assert.equal(ownRepoLink(repos, 'https://mamba.example.org/', 'open')?.kind, 'project-page');
    assert.equal(ownRepoLink(repos, 'https://mamba.example.org/', 'clone'), undefined, 'a project page is not cloned');
  });

  it('never a URL the webview made up, another scheme or plain http', () => {
    for (const url of [
      'https://github.com/evil/payload',
      'ext::sh -c touch% /tmp/pwned',
      'file:///home/user/.ssh',
      'https://github.com/state-spaces/mamba.git',
      'http://github.com/old/http-only',
    ]) {
      assert.equal(ownRepoLink(repos, url, 'open'), undefined, url);
      assert.equal(ownRepoLink(repos, url, 'clone'), undefined, url);
    }
  });
});
