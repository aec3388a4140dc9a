/**
 * Imports that become feed sources, in the real extension host: "Import arXiv Snapshot…" streams a real snapshot
 * extract from disk through a filter, and "Harvest arXiv (OAI-PMH)…" asks the fixture server's recorded arXiv, which
 * first answers 503 with Retry-After: 10. Each import is saved in global storage and shown as the active source; the
 * sources the user had are put back afterwards, so the suite's later tests see them.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseFeed } from '../../../src/core/feeds/parseFeed';
import type { MarginaliaApi } from '../../../src/host/api';
import type { FeedImportSummary } from '../../../src/host/feeds/feedImports';

const extensionId = 'marginalia.marginalia';

describe('Feed imports in the extension host', function () {
  this.timeout(120_000);
  let api: MarginaliaApi;
  let fixtures: vscode.Uri;
  let sourcesBefore: unknown;
  let activeBefore: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<MarginaliaApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    fixtures = vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures');
    sourcesBefore = vscode.workspace.getConfiguration('marginalia').inspect('feeds.sources')?.globalValue;
    activeBefore = api.feedState().source.id;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('marginalia').update('feeds.sources', sourcesBefore, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('marginalia.selectSource', activeBefore);
  });

  /** The active feed once loaded: its source's id and its papers' ids. */
  async function activeFeed(): Promise<{ id: string; label: string; papers: string[] }> {
    const state = await api.whenFeedSettled();
    assert.equal(state.kind, 'ready', state.kind === 'error' ? state.error.message : state.kind);
    return { id: state.source.id, label: state.label, papers: state.kind === 'ready' ? state.feed.result.papers.map((p) => p.id) : [] };
  }

  it('imports the papers of an arXiv snapshot that pass a filter as a feed source', async () => {
    const snapshot = vscode.Uri.joinPath(fixtures, 'arxiv_snapshot', 'kaggle_snapshot_first100lines_2023.jsonl');
    const expected = parseFeed(readFileSync(snapshot.fsPath))
      .papers.filter((p) => p.categories.some((c) => c === 'math' || c.startsWith('math.')) && p.published! >= '2007-04-02' && p.published! < '2007-04-03')
      .map((p) => p.id);
    assert.ok(expected.length >= 3, `only ${expected.length} papers in the fixture pass the filter`);
    const summary = (await vscode.commands.executeCommand('marginalia.importArxivSnapshot', snapshot, {
      categories: ['math'],
      from: '2007-04-02',
      until: '2007-04-02',
    })) as FeedImportSummary | undefined;
    assert.ok(summary?.source && summary.file, `the import added no source: ${JSON.stringify(summary)}`);
    assert.deepEqual([summary.read, summary.matched, summary.papers], [100, expected.length, expected.length]);
    const feed = await activeFeed();
    assert.equal(feed.id, summary.source.id);
    assert.equal(feed.label, 'arXiv snapshot: math · 2007-04-02');
    assert.deepEqual(feed.papers, expected);
    // Kept in the extension's global storage as a snapshot extract, one line a paper.
    const file = vscode.Uri.parse(summary.file);
    assert.match(file.path, /\/imports\/import-[\w]+\.jsonl$/);
    assert.equal(
      new TextDecoder()
        .decode(await vscode.workspace.fs.readFile(file))
        .trim()
        .split('\n').length,
      expected.length,
    );
    const saved = vscode.workspace.getConfiguration('marginalia').inspect<{ id: string; uri?: string }[]>('feeds.sources')?.globalValue ?? [];
    assert.ok(
      saved.some((s) => s.id === summary.source!.id && s.uri === summary.file),
      'the source is in the user’s sources',
    );
  });

  it('refuses a file that is not a snapshot, adding no source', async () => {
    const sources = api.feedState().source.id;
    const summary = await vscode.commands.executeCommand(
      'marginalia.importArxivSnapshot',
      vscode.Uri.joinPath(fixtures, 'zotero', 'csl_json_library.json'),
      {},
    );
    assert.equal(summary, undefined);
    assert.equal(api.feedState().source.id, sources);
  });

  it('harvests arXiv over OAI-PMH, waiting out a 503 Retry-After, as a feed source', async () => {
    const endpoint = vscode.workspace.getConfiguration('marginalia').get<string>('feeds.arxivOai') ?? '';
    assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+\/oai2$/, 'the harness points marginalia.feeds.arxivOai at the fixture server');
    const started = Date.now();
    const summary = (await vscode.commands.executeCommand('marginalia.harvestArxivOai', { from: '2015-01-01', until: '2015-01-03' })) as
      FeedImportSummary | undefined;
    assert.ok(summary?.source, `the harvest added no source: ${JSON.stringify(summary)}`);
    const log = (await (await fetch(new URL('/__requests', endpoint))).json()) as { path: string; at: number }[];
    const asked = log.filter((r) => r.path.startsWith('/oai2?') && r.path.includes('verb=ListRecords') && r.at >= started);
    assert.equal(asked.length, 2, 'asked again after the 503');
    assert.ok(asked[1]!.at - asked[0]!.at >= 9_900, `asked again after ${asked[1]!.at - asked[0]!.at} ms, not the 10 s Retry-After said`);
    assert.deepEqual([summary.read, summary.papers], [1, 2]);
    const feed = await activeFeed();
    assert.equal(feed.id, summary.source.id);
    assert.equal(feed.label, 'arXiv OAI: all of arXiv, 2015-01-01 to 2015-01-03');
    assert.deepEqual(feed.papers.sort(), ['1412.8544', 'hep-th/9504118']);
  });
});
