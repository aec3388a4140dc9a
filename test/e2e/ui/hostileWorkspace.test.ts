/**
 * A hostile repository in the real VS Code: its `.vscode/settings.json` points every endpoint (feeds, arXiv lookups,
 * PDF downloads, citations) at a second server on 127.0.0.1, sets its own feed sources, timeout and clone folder, and the folder
 * opens in Restricted Mode. The feed and the PDF must come from the user's servers; the workspace's server must
 * receive no request, and nothing from it may land in the extension's global storage.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfOriginFolder } from '../../../src/core/pdf/cacheName';
import { startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { e2eTimeoutMs } from '../support/env';
import { readerData, readerFrame, runPaletteCommand } from '../support/pdfReaderUi';
import { startSession, type E2eSession } from '../support/session';
import { openPapersView, waitUntil } from '../support/vscodeUi';

describe('A hostile workspace in Restricted Mode (code-server UI)', function () {
  this.timeout(e2eTimeoutMs);
  let real: FixtureServer | undefined;
  let fake: FixtureServer | undefined;
  let session: E2eSession | undefined;
  const storage = () => join(session!.server.userDataDir, 'User', 'globalStorage', 'marginalia.marginalia');

  before(async () => {
    real = await startFixtureServer();
    fake = await startFixtureServer();
    const fakeUrl = fake.url;
    session = await startSession({
      restricted: true,
      settings: {
        'marginalia.feeds.huggingFaceApi': `${real.url}/hf/api`,
        'marginalia.feeds.arxivApi': `${real.url}/arxiv/api/query`,
        'marginalia.pdf.arxivBase': `${real.url}/pdf`,
        'marginalia.citations.enabled': true,
        'marginalia.citations.semanticScholarApi': `${real.url}/s2/graph/v1`,
        'marginalia.feeds.sources': [{ kind: 'hf-daily', id: 'hf-day', label: 'HF day 2025-07-22', period: 'day', date: '2025-07-22', sort: 'trending' }],
        'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' },
      },
      prepare: (folder) => {
        mkdirSync(join(folder, '.vscode'), { recursive: true });
        writeFileSync(
          join(folder, '.vscode', 'settings.json'),
          JSON.stringify({
            'marginalia.feeds.huggingFaceApi': `${fakeUrl}/hf/api`,
            'marginalia.feeds.arxivApi': `${fakeUrl}/arxiv/api/query`,
            'marginalia.pdf.arxivBase': `${fakeUrl}/pdf`,
            'marginalia.citations.semanticScholarApi': `${fakeUrl}/s2/graph/v1`,
            'marginalia.feeds.sources': [{ kind: 'arxiv', id: 'planted', label: 'Planted feed', query: 'all:testing', sortBy: 'relevance', maxResults: 100 }],
            'marginalia.feeds.timeoutSeconds': 1,
            'marginalia.clone.parentFolder': '/tmp/planted-clones',
          }),
        );
      },
    });
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'hostile-failed');
  });
  after(async () => {
    await session?.dispose();
    await real?.close();
    await fake?.close();
  });

  it('loads the user’s feed from the user’s server, never the workspace’s', async () => {
    const { page } = session!.workbench;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    const papers = await openPapersView(session!.workbench);
    await papers.locator('.paper .title', { hasText: 'MiroMind-M1' }).first().waitFor();
    assert.ok(
      real!.requests.some((r) => r.path.startsWith('/hf/api/daily_papers')),
      'the feed came from the user’s server',
    );
    assert.equal(await papers.getByText('Planted feed').count(), 0, 'the workspace’s source is not offered');
    await session!.workbench.screenshot('ui-hostile-workspace-feed');
    // Everything kept in global storage says it came from the user's server.
    const feeds = join(storage(), 'feeds');
    const files = await waitUntil('the cached feed', () =>
      existsSync(feeds) && readdirSync(feeds).some((f) => f.endsWith('.json')) ? readdirSync(feeds).filter((f) => f.endsWith('.json')) : undefined,
    );
    for (const file of files) {
      const cached = JSON.parse(readFileSync(join(feeds, file), 'utf8')) as { from?: string };
      assert.equal(cached.from, real!.url, `${file} came from the user’s server`);
    }
    assert.deepEqual(fake!.requests, [], 'the workspace’s server received nothing');
  });

  it('downloads a PDF from the user’s arXiv base into that origin’s folder, never the workspace’s', async () => {
    const wb = session!.workbench;
    await runPaletteCommand(wb.page, 'Marginalia: Open Paper PDF');
    const input = wb.page.locator('.quick-input-widget .quick-input-box input[placeholder="1706.03762"]');
    await input.waitFor({ state: 'visible' });
    await input.fill('arXiv:1111.2011v2');
    await wb.page.keyboard.press('Enter');
    const frame = await readerFrame(wb, '1111.2011v2.pdf');
    assert.equal((await readerData(frame)).pages, '8');
    assert.ok(
      real!.requests.some((r) => r.path === '/pdf/1111.2011v2'),
      'downloaded from the user’s arXiv base',
    );
    const pdf = join(storage(), 'pdf');
    assert.ok(readdirSync(join(pdf, pdfOriginFolder(real!.url)!)).includes('1111.2011v2.pdf'), 'kept under the user’s server’s origin');
    assert.equal(existsSync(join(pdf, '1111.2011v2.pdf')), false, 'not where arXiv’s own copy goes');
    assert.deepEqual(fake!.requests, [], 'the workspace’s server received nothing');
  });

  it('asks the user’s Semantic Scholar and Hugging Face servers for a paper’s citations, never the workspace’s', async () => {
    const papers = await openPapersView(session!.workbench);
    await papers.locator('.paper .title', { hasText: 'MiroMind-M1' }).first().click();
    const paper = await session!.workbench.webviewFrame('.citation-part.citations[data-status="ready"]');
    await paper.locator('.citation-part.hf[data-status="ready"]').waitFor();
    const asked = real!.requests.map((r) => r.path);
    assert.ok(
      asked.some((p) => /^\/s2\/graph\/v1\/paper\/arXiv:\d{4}\.\d{5}\/citations\?/.test(p)),
      'citations from the user’s S2 server',
    );
    assert.ok(
      asked.some((p) => p.startsWith('/hf/api/papers/')),
      'links from the user’s HF server',
    );
    for (const folder of ['citations', 'hf-papers']) {
      const list = () => (existsSync(join(storage(), folder)) ? readdirSync(join(storage(), folder)).filter((f) => f.endsWith('.json')) : []);
      const files = await waitUntil(`cached ${folder}`, () => (list().length ? list() : undefined));
      for (const file of files)
        assert.equal((JSON.parse(readFileSync(join(storage(), folder, file), 'utf8')) as { from?: string }).from, real!.url, `${folder}/${file}`);
    }
    assert.deepEqual(fake!.requests, [], 'the workspace’s server received nothing');
  });
});
