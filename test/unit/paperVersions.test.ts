import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseArxivAtom } from '../../src/core/feeds/arxivAtom';
import {
  moveCitationCommandUri,
  newerVersion,
  newerVersionLine,
  noteVersion,
  parseMoveCitationArgs,
  versionBadge,
  versionChangeText,
  versionInUse,
  versionRewritePlan,
  type TextReplacement,
} from '../../src/core/links/paperVersions';
import { paperHoverMarkdown } from '../../src/core/links/paperHover';
import type { Paper } from '../../src/core/paper';

const papersOf = (name: string): readonly Paper[] => parseArxivAtom(readFileSync(`test/fixtures/arxiv/${name}`, 'utf8')).papers;
const paper = (name: string, id: string): Paper => {
  const found = papersOf(name).find((p) => p.id === id);
  assert.ok(found, id);
  return found;
};
const apply = (text: string, plan: readonly TextReplacement[]): string =>
  [...plan].sort((a, b) => b.start - a.start).reduce((t, r) => t.slice(0, r.start) + r.text + t.slice(r.end), text);

describe('paper versions', () => {
  // The recorded classic answer for 1111.2011: v2 of 2012-04-02, first published 2011-11-08.
  const bethe = paper('arxiv_classic_2016_idlist_1111.2011v2.xml', '1111.2011');
  // From the recorded 2026 search: 2409.05654 is at v9, with a comment saying why.
  const ninth = paper('arxiv_newapi_2026_search_testing_100.xml', '2409.05654');

  it('sees a newer version than the one cited, with both dates and the comment of the latest', () => {
    assert.deepEqual(newerVersion(1, bethe), {
      arxivId: '1111.2011',
      cited: 1,
      latest: 2,
      firstDate: '2011-11-08',
      latestDate: '2012-04-02',
      comment: '8 pages, 3 figures. Published version',
    });
    const news = newerVersion(3, ninth);
    assert.equal(news?.latest, 9);
    assert.equal(news?.latestDate, '2025-05-08');
    assert.match(news?.comment ?? '', /^Somehow re-uploaded the old version/);
  });

  it('says nothing when the citation has no version, is the latest, or the record has no version', () => {
    assert.equal(newerVersion(undefined, bethe), undefined);
    assert.equal(newerVersion(2, bethe), undefined);
    assert.equal(newerVersion(5, bethe), undefined);
    const { version: _dropped, ...unversioned } = bethe;
    assert.equal(newerVersion(1, unversioned), undefined);
  });

  it('words the hover line, the badge and what changed', () => {
    const news = newerVersion(1, bethe)!;
    assert.equal(newerVersionLine(news), 'v2 is out (2012-04-02); you cite v1');
    assert.equal(newerVersionLine(news, 'read'), 'v2 is out (2012-04-02); you read v1');
    assert.equal(versionBadge(news), 'v1 → v2');
    assert.equal(versionChangeText(news), 'v1 2011-11-08 · v2 2012-04-02 · Comment on v2: 8 pages, 3 figures. Published version');
    const bare = newerVersion(1, { id: '1111.2011', version: 2 })!;
    assert.equal(newerVersionLine(bare), 'v2 is out; you cite v1');
    assert.equal(versionChangeText(bare), '');
  });

  it('moves every older versioned citation of the paper, in every form, and nothing else', () => {
    const text = [
      '# Selective scan, arXiv:1111.2011v1 (eq. 3)',
      '# see https://arxiv.org/pdf/1111.2011v1.pdf and https://arxiv.org/abs/1111.2011v1#s2',
      '# latest: 1111.2011, newer: 1111.2011v3, other paper: 1111.2012v1, 2409.05654v1',
      'x = "v1.1111.2011v1"',
    ].join('\n');
    const moved = apply(text, versionRewritePlan(text, '1111.2011', 2));
    assert.equal(
      moved,
      [
        '# Selective scan, arXiv:1111.2011v2 (eq. 3)',
        '# see https://arxiv.org/pdf/1111.2011v2.pdf and https://arxiv.org/abs/1111.2011v2#s2',
        '# latest: 1111.2011, newer: 1111.2011v3, other paper: 1111.2012v1, 2409.05654v1',
        'x = "v1.1111.2011v1"',
      ].join('\n'),
    );
    // Only the digits change, so an edit never touches the id itself.
    for (const r of versionRewritePlan(text, '1111.2011', 2)) assert.equal(text.slice(r.start, r.end), '1');
  });

  it('moves one citation only when asked, and old-style ids too', () => {
    const text = 'hep-th/9901001v1 and arXiv:hep-th/9901001v2, then hep-th/9901001v1';
    const last = text.lastIndexOf('hep-th');
    assert.equal(apply(text, versionRewritePlan(text, 'hep-th/9901001', 12, last)), 'hep-th/9901001v1 and arXiv:hep-th/9901001v2, then hep-th/9901001v12');
    assert.equal(apply(text, versionRewritePlan(text, 'hep-th/9901001', 3)), 'hep-th/9901001v3 and arXiv:hep-th/9901001v3, then hep-th/9901001v3');
  });

  it('reads the version a note says was read', () => {
    assert.equal(noteVersion({ version: 2 }), 2);
    assert.equal(noteVersion({ version: 'v3' }), 3);
    assert.equal(noteVersion({ version: ' 4 ' }), 4);
    for (const bad of [0, -1, 1.5, 'latest', '', null, [2]]) assert.equal(noteVersion({ version: bad }), undefined, String(bad));
    assert.equal(noteVersion({}), undefined);
    assert.equal(noteVersion(undefined), undefined);
  });
});

describe('Move Citation to the Latest Version: arguments', () => {
  it('reads ids, versions and files, from objects, strings and command URIs', () => {
    assert.deepEqual(parseMoveCitationArgs({ id: '1111.2011', to: 2, uri: 'file:///w/a.py' }), { id: '1111.2011', to: 2, uri: 'file:///w/a.py' });
    assert.deepEqual(parseMoveCitationArgs('arXiv:1111.2011v1'), { id: '1111.2011' });
    assert.equal(parseMoveCitationArgs(undefined), undefined);
    const uri = moveCitationCommandUri({ id: 'hep-th/9901001', to: 3 });
    assert.match(uri, /^command:marginalia\.moveCitationToLatestVersion\?/);
    const [arg] = JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))) as unknown[];
    assert.deepEqual(parseMoveCitationArgs(arg), { id: 'hep-th/9901001', to: 3 });
  });

  it('refuses what is not a paper, a version or a URI', () => {
    for (const bad of [
      {},
      { id: 'nope' },
      { id: '1111.2011 and 1111.2012' },
      { id: '1111.2011', to: 0 },
      { id: '1111.2011', to: 2.5 },
      { id: '1111.2011', uri: 7 },
      [1],
      5,
    ]) {
      const parsed = parseMoveCitationArgs(bad);
      assert.ok(parsed && 'error' in parsed, JSON.stringify(bad));
    }
  });
});

describe('the hover line of a newer version', () => {
  const bethe = paper('arxiv_classic_2016_idlist_1111.2011v2.xml', '1111.2011');
  const hover = (version: number | undefined, found: Paper, documentUri?: string): string =>
    paperHoverMarkdown({
      arxivId: '1111.2011',
      version,
      paperId: '1111.2011',
      lookup: { state: 'found', paper: found },
      notes: 0,
      ...(documentUri ? { documentUri } : {}),
    });

  it('says which version is out, since when, what its comment says, and links the move for this file', () => {
    const md = hover(1, bethe, 'file:///w/model.py');
    assert.match(
      md,
      /\*\*v2 is out \(2012-04-02\); you cite v1\*\* · Comment on v2: 8 pages, 3 figures\. Published version · \[Move to v2\]\(command:marginalia\.moveCitationToLatestVersion\?/,
    );
    const link = /\[Move to v2\]\((command:[^ )]+)/.exec(md)![1]!;
    const [arg] = JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))) as unknown[];
    assert.deepEqual(parseMoveCitationArgs(arg), { id: '1111.2011', to: 2, uri: 'file:///w/model.py' });
  });

  it('says nothing of versions for the latest one or an unversioned citation', () => {
    assert.doesNotMatch(hover(2, bethe), /is out|Move to/);
    assert.doesNotMatch(hover(undefined, bethe), /is out|Move to/);
  });

  it('escapes the comment, which comes from arXiv', () => {
    const md = hover(1, { ...bethe, comment: 'see [here](command:workbench.action.terminal.new) <img src=x>' });
    assert.match(md, /Comment on v2: see \\\[here\\\]\(command:workbench/);
    assert.doesNotMatch(md, /(?<!\\)\]\(command:workbench/);
    assert.doesNotMatch(md, /(?<!\\)<img/);
  });
});

describe('the version in use', () => {
  it('is the note’s when it says, else the oldest the workspace cites, else none', () => {
    const lines = ['# arXiv:1111.2011v2 and 1111.2012v1', 'see https://arxiv.org/abs/1111.2011v1', 'latest: 1111.2011'];
    assert.deepEqual(versionInUse('1111.2011', { version: 2 }, lines), { version: 2, verb: 'read' });
    assert.deepEqual(versionInUse('1111.2011', {}, lines), { version: 1, verb: 'cite' });
    assert.deepEqual(versionInUse('1111.2011', undefined, ['latest: 1111.2011']), undefined);
    assert.deepEqual(versionInUse('1111.2012', undefined, lines), { version: 1, verb: 'cite' });
  });
});
