/**
 * The Papers view and the paper view end to end, against recorded feeds served on 127.0.0.1: switch sources
 * (a replayed Hugging Face day, an arXiv query, a hostile file), search with highlights, open a paper, copy its
 * BibTeX, save it to the library and find the note on disk, clone its repository from a local git repository that
 * stands in for GitHub, go offline and see the cached feed, and look at it all in light, dark and high contrast.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { e2eTimeoutMs } from '../support/env';
import { createWebWalkerStandIn } from '../support/gitStandIn';
import { startSession, type E2eSession } from '../support/session';
import { openPapersView, runCommand, switchFeedSource, waitUntil } from '../support/vscodeUi';

const hostilePayload = JSON.stringify([
  {
    paper: {
      id: '2401.00001',
      authors: [{ name: '<img src=x onerror="document.body.dataset.pwned=1">Mallory' }],
      publishedAt: '2024-01-01T00:00:00.000Z',
      submittedOnDailyAt: '2024-01-02T00:00:00.000Z',
      title: '<script>document.body.dataset.pwned=1</script>Hostile <b>title</b>',
      summary: 'An abstract with <iframe src="javascript:alert(1)"></iframe> and <img src=x onerror="document.body.dataset.pwned=1"> & $x<y$.',
      upvotes: 1,
      ai_keywords: ['<svg onload="document.body.dataset.pwned=1">'],
      githubRepo: 'javascript:alert(1)',
    },
    title: '<script>document.body.dataset.pwned=1</script>Hostile <b>title</b>',
    publishedAt: '2024-01-01T00:00:00.000Z',
    numComments: 0,
  },
]);

describe('Feeds, search and the paper view in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let server: FixtureServer;
  let session: E2eSession;
  let scratch: string;

  before(async () => {
    server = await startFixtureServer();
    scratch = mkdtempSync(join(tmpdir(), 'marginalia-feeds-'));
    writeFileSync(join(scratch, 'hostile.json'), hostilePayload);
    // A local repository standing in for github.com/Alibaba-NLP/WebWalker; git's url.insteadOf sends the clone there.
    createWebWalkerStandIn(scratch);
    session = await startSession({
      settings: {
        'marginalia.feeds.huggingFaceApi': `${server.url}/hf/api`,
        'marginalia.feeds.arxivApi': `${server.url}/arxiv/api/query`,
        'marginalia.citations.enabled': true,
        'marginalia.citations.semanticScholarApi': `${server.url}/s2/graph/v1`,
        'marginalia.feeds.timeoutSeconds': 5,
        'marginalia.feeds.sources': [
          { kind: 'sample', id: 'sample' },
          { kind: 'hf-daily', id: 'hf-day', label: 'HF day 2025-07-22', period: 'day', date: '2025-07-22', sort: 'trending' },
          { kind: 'arxiv', id: 'ax-testing', label: 'arXiv testing', query: 'all:testing', sortBy: 'relevance', maxResults: 100 },
          { kind: 'file', id: 'hostile', label: 'Hostile feed', uri: `file://${join(scratch, 'hostile.json')}` },
        ],
        'git.enabled': true,
        'git.openAfterClone': 'never',
      },
      // One paper citing the one opened is in the library (a note), another is cited in the code (see Citations).
      prepare: (folder) => {
        mkdirSync(join(folder, 'papers'), { recursive: true });
        writeFileSync(
          join(folder, 'papers', '2607.22410-kalman-filter.md'),
          '---\nid: "2607.22410"\ntitle: A Kalman Filter Based Approach to NV Diamond Data Fusion For Improved Temperature Sensing\nstatus: to-read\n---\n',
        );
        writeFileSync(join(folder, 'thermometry.py'), '# Chiral discrimination as in arXiv:2607.22154\ndef discriminate():\n    pass\n');
      },
    });
    writeFileSync(
      join(session.server.profileDir, 'home', '.gitconfig'),
      `[url "file://${join(scratch, 'github')}/"]\n\tinsteadOf = https://github.com/\n[user]\n\tname = Test\n\temail = test@example.com\n`,
    );
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'feeds-and-paper-failed');
  });

  after(async () => {
    await session?.dispose();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function statusText(frame: Frame, pattern: RegExp): Promise<string> {
    const status = frame.locator('.status', { hasText: pattern });
    await status.waitFor();
    return (await status.textContent()) ?? '';
  }

  /** The paper view showing a paper whose title matches: other paper views stay open beside it, so ask for the title. */
  async function paperViewFrame(titlePattern: RegExp): Promise<Frame> {
    return session.workbench.webviewFrame(`.paper-view h1.title:text-matches(${JSON.stringify(titlePattern.source)}, "${titlePattern.flags}")`);
  }

  it('switches to a replayed Hugging Face day and an arXiv query', async () => {
    let frame = await switchFeedSource(session.workbench, 'HF day 2025-07-22');
    await statusText(frame, /^16 papers/);
    const titles = await frame.locator('.paper .title').allTextContents();
    assert.match(titles[0] ?? '', /MiroMind-M1/, 'trending order: the most upvoted first');
    frame = await switchFeedSource(session.workbench, 'arXiv testing');
    await statusText(frame, /^100 papers/);
    await session.workbench.screenshot('feeds-arxiv-query');
  });

  it('searches as the user types and highlights the matched words', async () => {
    const frame = await switchFeedSource(session.workbench, 'HF day 2025-07-22');
    await statusText(frame, /^16 papers/);
    const search = frame.locator('vscode-textfield.search input');
    await search.click();
    await search.pressSequentially('gaussian', { delay: 40 });
    const text = await statusText(frame, /^\d+ of 16 papers/);
    const shown = Number(/^(\d+)/.exec(text)?.[1]);
    assert.ok(shown >= 2 && shown < 16, `"gaussian" shows ${shown} papers`);
    const marks = await frame.locator('.paper mark').allTextContents();
    assert.ok(marks.length >= 2, 'matches are highlighted');
    for (const mark of marks) assert.match(mark, /^gaussian/i);
    await session.workbench.screenshot('feeds-search-highlights');
    await search.fill('');
    await statusText(frame, /^16 papers/);
  });

  async function openWebShaper(): Promise<Frame> {
    const frame = await switchFeedSource(session.workbench, 'HF day 2025-07-22');
    await frame.locator('.paper .title', { hasText: 'WebShaper' }).click();
    return paperViewFrame(/WebShaper/);
  }

  it('opens a paper, copies its BibTeX and saves it to the library as a note on disk', async () => {
    const paper = await openWebShaper();
    assert.ok((await paper.locator('.authors .author').count()) > 3, 'authors are listed');
    await paper.locator('.repos li', { hasText: 'Alibaba-NLP/WebWalker' }).waitFor();
    await paper.locator('vscode-button', { hasText: 'Copy BibTeX' }).click();
    await paper.locator('.toast', { hasText: 'BibTeX copied' }).waitFor();

    await paper.locator('vscode-single-select[aria-label="Library status"]').click();
    await paper.locator('vscode-single-select[aria-label="Library status"]').getByRole('option', { name: 'To read' }).click();
    await paper.locator('.toast', { hasText: /Saved as "to read"/ }).waitFor();
    const notes = join(session.workspace.path, 'papers');
    const file = readdirSync(notes).find((name) => name.startsWith('2507.15061-'));
    assert.ok(file, `a note for 2507.15061 in ${notes}`);
    const text = readFileSync(join(notes, file), 'utf8');
    assert.match(text, /^id: "?2507\.15061"?$/m);
    assert.match(text, /^status: to-read$/m);
    assert.match(text, /^title: .*WebShaper/m);
    await session.workbench.screenshot('paper-view-saved');
  });

  it("clones the paper's repository into the workspace", async () => {
    const paper = await openWebShaper();
    await paper.locator('.repos li', { hasText: 'Alibaba-NLP/WebWalker' }).locator('vscode-button', { hasText: 'Clone' }).click();
    const clone = join(session.workspace.path, 'WebWalker');
    const readme = await waitUntil(
      'the clone on disk',
      () => (existsSync(join(clone, 'README.md')) ? readFileSync(join(clone, 'README.md'), 'utf8') : undefined),
      60_000,
    );
    assert.equal(readme, '# WebWalker (local stand-in)\n');
    await paper.locator('.toast', { hasText: 'Cloned into WebWalker' }).waitFor();
    // The offer to add the clone to the workspace (shown in the notification centre: toasts stay hidden here).
    const { page } = session.workbench;
    await page.locator('[id="status.notifications"]').click();
    await page.locator('.notifications-center', { hasText: 'Add to Workspace' }).waitFor();
    await session.workbench.screenshot('paper-view-cloned');
    await page.locator('[id="status.notifications"]').click();
    await page.locator('.notifications-center').waitFor({ state: 'hidden' });
  });

  it('shows what the opened paper cites and what cites it, marked, and its Hugging Face links', async () => {
    // Only WebShaper was opened so far: nothing else was asked of Semantic Scholar or Hugging Face.
    const asked = () => server.requests.map((r) => r.path).filter((path) => path.startsWith('/s2/') || path.startsWith('/hf/api/papers/'));
    assert.ok(
      asked().every((path) => path.includes('2507.15061')),
      asked().join('\n'),
    );
    const paper = await openWebShaper();
    const references = paper.locator('.citation-part.references[data-status="ready"]');
    const citedBy = paper.locator('.citation-part.citations[data-status="ready"]');
    const hf = paper.locator('.citation-part.hf[data-status="ready"]');
    await Promise.all([references.waitFor(), citedBy.waitFor(), hf.waitFor()]);
    for (const path of ['/s2/graph/v1/paper/arXiv:2507.15061/references?', '/s2/graph/v1/paper/arXiv:2507.15061/citations?', '/hf/api/papers/2507.15061']) {
      assert.ok(
        asked().some((p) => p.startsWith(path)),
        `asked ${path}`,
      );
    }
    // The recorded pages: three references (none on arXiv), three citing papers of which S2 has more.
    assert.equal(await references.locator('h2').textContent(), 'References3+');
    assert.equal(await references.locator('.citation-title').first().textContent(), 'Timekeeping with electron spin states in diamond');
    assert.equal(await references.locator('.citation-row').count(), 3);
    assert.equal(await citedBy.locator('h2').textContent(), 'Cited by3+');
    assert.equal(await citedBy.locator('.citation-summary').textContent(), 'At least 3 papers cite this one (1 in your library, 1 cited in this workspace).');
    assert.equal(
      await citedBy
        .locator('.citation-row[data-arxiv-id="2607.22410"] .citation-mark')
        .allTextContents()
        .then((t) => t.join()),
      'In library',
    );
    assert.equal(
      await citedBy
        .locator('.citation-row[data-arxiv-id="2607.22154"] .citation-mark')
        .allTextContents()
        .then((t) => t.join()),
      'Cited here',
    );
    assert.equal(
      await hf
        .locator('h3')
        .allTextContents()
        .then((t) => t.join()),
      'Datasets (1)',
    );
    assert.equal(await hf.locator('.hf-repo.dataset a').textContent(), 'WhySoCodius/in-context-grid-reasoning');
    await hf.scrollIntoViewIfNeeded();
    await citedBy.scrollIntoViewIfNeeded();
    await session.workbench.screenshot('paper-view-citations');
    // A citing paper noted while the view is open is marked at once, from the cached lists.
    const before = asked().length;
    writeFileSync(join(session.workspace.path, 'papers', '2607.22154-chiral.md'), '---\nid: "2607.22154"\ntitle: Molecular chiral discrimination\n---\n');
    await citedBy.locator('.citation-row[data-arxiv-id="2607.22154"] .citation-mark.library').waitFor();
    assert.equal(await citedBy.locator('.citation-summary').textContent(), 'At least 3 papers cite this one (2 in your library, 1 cited in this workspace).');
    assert.equal(asked().length, before, 'nothing fetched again');
    // A citing paper in the library opens in Marginalia (from its note).
    await citedBy.locator('.citation-row[data-arxiv-id="2607.22410"] a.citation-title').click();
    await paperViewFrame(/Kalman Filter Based Approach/);
  });

  it('looks native in light, dark and high contrast themes', async () => {
    // The theme is set in the workspace's settings file, which VS Code applies as soon as it changes on disk.
    const settingsFile = join(session.workspace.path, '.vscode', 'settings.json');
    mkdirSync(join(session.workspace.path, '.vscode'), { recursive: true });
    // Its own paper view: the test before leaves another paper in the preview tab.
    await openWebShaper();
    for (const [name, theme, kind] of [
      ['light', 'Default Light Modern', 'vscode-light'],
      ['dark', 'Default Dark Modern', 'vscode-dark'],
      ['high-contrast', 'Default High Contrast', 'vscode-high-contrast'],
    ] as const) {
      writeFileSync(settingsFile, JSON.stringify({ 'workbench.colorTheme': theme }, null, 2));
      const frame = await openPapersView(session.workbench);
      await frame.waitForFunction((cls) => document.body.classList.contains(cls), kind);
      const paper = await paperViewFrame(/WebShaper/);
      await paper.waitForFunction((cls) => document.body.classList.contains(cls), kind);
      // Text must stay readable: its colour differs from the background's.
      const [fg, bg] = await frame.evaluate(() => [
        getComputedStyle(document.querySelector('.paper .title')!).color,
        getComputedStyle(document.body).backgroundColor,
      ]);
      assert.notEqual(fg, bg);
      await session.workbench.screenshot(`theme-${name}`);
    }
    rmSync(settingsFile);
  });

  it('keeps hostile titles, authors and abstracts as text', async () => {
    const frame = await switchFeedSource(session.workbench, 'Hostile feed');
    await statusText(frame, /^1 paper ·/);
    const title = frame.locator('.paper .title').first();
    assert.equal(await title.textContent(), '<script>document.body.dataset.pwned=1</script>Hostile <b>title</b>');
    // document.querySelectorAll, unlike Playwright's locators, stays out of the UI toolkit's own shadow roots.
    const injected = await frame.evaluate(() => [...document.querySelectorAll('.paper script, .paper img, .paper b')].map((e) => e.outerHTML));
    assert.deepEqual(injected, [], "no element came from the feed's text");
    await title.click();
    const paper = await paperViewFrame(/Hostile/);
    assert.match((await paper.locator('.abstract').textContent()) ?? '', /<iframe src="javascript:alert\(1\)"><\/iframe>/);
    const inPaper = await paper.evaluate(() =>
      [...document.querySelectorAll('.paper-view iframe, .paper-view img, .paper-view script, .paper-view svg')].map((e) => e.outerHTML.slice(0, 200)),
    );
    assert.deepEqual(inPaper, [], "no element came from the feed's text");
    assert.equal(await paper.locator('.repos').count(), 0, 'a javascript: "repo" is not a link');
    for (const f of [frame, paper]) assert.equal(await f.evaluate(() => document.body.dataset.pwned ?? null), null);
    await session.workbench.screenshot('hostile-feed');
  });

  it('shows the cached feed with its age when the network is gone', async () => {
    let frame = await switchFeedSource(session.workbench, 'HF day 2025-07-22');
    await statusText(frame, /^16 papers/);
    await server.close();
    await runCommand(session.workbench.page, 'Marginalia: Refresh Feed');
    frame = await openPapersView(session.workbench);
    await frame.locator('.notice', { hasText: /Offline copy from .* ago/ }).waitFor();
    await statusText(frame, /^16 papers/);
    await session.workbench.screenshot('feeds-offline');
  });

  it('says the citations are offline when Semantic Scholar and Hugging Face cannot be reached', async () => {
    // The server is closed (the test before): a paper never opened has no copy to fall back on.
    const frame = await openPapersView(session.workbench);
    await frame.locator('.paper .title', { hasText: 'MiroMind-M1' }).click();
    const paper = await paperViewFrame(/MiroMind-M1/);
    for (const part of ['references', 'citations', 'hf']) {
      const error = paper.locator(`.citation-part.${part}[data-status="failed"] .citation-error.offline`);
      await error.waitFor();
      assert.match(
        (await error.textContent()) ?? '',
        part === 'hf' ? /^Offline\. Hugging Face could not be reached/ : /^Offline\. Semantic Scholar could not be reached/,
      );
    }
    // The rest of the view is all there.
    assert.ok(((await paper.locator('.abstract').textContent()) ?? '').length > 100, 'the abstract is shown');
    await paper.locator('.citation-part.citations').scrollIntoViewIfNeeded();
    await session.workbench.screenshot('paper-view-citations-offline');
  });
});
