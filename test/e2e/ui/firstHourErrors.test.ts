/**
 * The first hour, errors that vanish: every failure says what went wrong in the user's terms and offers the next
 * step. Clone without Git, Clone offline (git's url.insteadOf sends github.com to a closed port, then to a local
 * repository for Retry), Ctrl+click on an arXiv id arXiv has no paper for, and on one while arXiv (the fixture
 * server) is stopped. Screenshots go to .test-artifacts/ (first-hour-errors-*.png).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { Workbench } from '../../../scripts/harness/workbench';
import { startFixtureServer, type FixtureServer } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { e2eTimeoutMs } from '../support/env';
import { createWebWalkerStandIn } from '../support/gitStandIn';
import { startSession, type E2eSession } from '../support/session';
import { ctrlClick, openFile, openPapersView, waitUntil } from '../support/vscodeUi';

/** The notification that says `text`, looked for in the notification centre (toasts hide when the page is not focused). */
async function notification(page: Page, text: string | RegExp) {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await page.locator('[id="status.notifications"]').click();
  const item = center.locator('.notification-list-item', { hasText: text }).first();
  await item.waitFor({ timeout: 60_000 });
  return item;
}

async function clearNotifications(page: Page): Promise<void> {
  if (!(await page.locator('.notifications-center').isVisible())) await page.locator('[id="status.notifications"]').click();
  await page
    .locator('.notifications-center .action-label[aria-label^="Clear All Notifications"]')
    .first()
    .click()
    .catch(() => undefined);
  if (await page.locator('.notifications-center').isVisible()) await page.keyboard.press('Escape');
}

/** Opens the WebShaper paper from the Papers view and returns its paper view. */
async function webShaper(workbench: Workbench): Promise<Frame> {
  const list = await openPapersView(workbench);
  await list.locator('.paper .title', { hasText: 'WebShaper' }).click();
  return workbench.webviewFrame('.paper-view h1.title:text-matches("WebShaper")');
}

describe('The first hour: errors that say what went wrong (code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let fixtures: FixtureServer;
  let port = 0;
  let session: E2eSession;
  let scratch: string;
  let gitconfig = '';

  before(async () => {
    fixtures = await startFixtureServer();
    port = Number(new URL(fixtures.url).port);
    scratch = mkdtempSync(join(tmpdir(), 'marginalia-errors-'));
    // A local repository standing in for github.com/Alibaba-NLP/WebWalker, for the Retry that works.
    createWebWalkerStandIn(scratch);
    session = await startSession({
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'marginalia.feeds.huggingFaceApi': `${fixtures.url}/hf/api`,
        'marginalia.feeds.arxivApi': `${fixtures.url}/arxiv/api/query`,
        'marginalia.feeds.timeoutSeconds': 5,
        'marginalia.feeds.sources': [{ kind: 'hf-daily', id: 'hf-day', label: 'HF day 2025-07-22', period: 'day', date: '2025-07-22', sort: 'trending' }],
        'git.enabled': true,
        'git.openAfterClone': 'never',
      },
    });
    gitconfig = join(session.server.profileDir, 'home', '.gitconfig');
    // One id a file: a hover asks arXiv about the file's other ids too, and the offline test needs one never asked.
    writeFileSync(join(session.workspace.path, 'refs.md'), '# Reading list\n\n- arXiv:2501.99999 (a typo for some paper)\n');
    writeFileSync(join(session.workspace.path, 'later.md'), '# To read later\n\n- arXiv:1111.2011 (Bethe lattice)\n');
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'first-hour-errors-failed');
  });

  after(async () => {
    await session?.dispose();
    await fixtures?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('Errors: Clone offline says Git could not reach the host, offers Retry and Git’s output, and Retry clones', async () => {
    const { page } = session.workbench;
    // github.com is a closed port on this machine: what git meets offline.
    writeFileSync(gitconfig, '[url "http://127.0.0.1:9/"]\n\tinsteadOf = https://github.com/\n');
    const paper = await webShaper(session.workbench);
    await paper.locator('.repos li', { hasText: 'Alibaba-NLP/WebWalker' }).locator('vscode-button', { hasText: 'Clone' }).click();
    const item = await notification(page, /Git could not reach github\.com\. Are you offline/);
    assert.match((await item.textContent()) ?? '', /Git said: “unable to access .*(Failed to connect|Couldn't connect)/);
    const buttons = (await item.locator('.monaco-button').allTextContents()).map((b) => b.trim());
    assert.deepEqual(buttons, ['Retry', 'Show Git Output', 'Open in Browser', 'Open in github.dev']);
    await session.workbench.screenshot('first-hour-errors-clone-offline');
    // Back online: Retry clones.
    writeFileSync(
      gitconfig,
      `[url "file://${join(scratch, 'github')}/"]\n\tinsteadOf = https://github.com/\n[user]\n\tname = Test\n\temail = test@example.com\n`,
    );
    await item.locator('.monaco-button', { hasText: 'Retry' }).click();
    const readme = join(session.workspace.path, 'WebWalker', 'README.md');
    await waitUntil('the clone', () => (existsSync(readme) ? true : undefined), 60_000);
    assert.equal(readFileSync(readme, 'utf8'), '# WebWalker (local stand-in)\n');
    await clearNotifications(page);
  });

  it('Errors: Ctrl+click on an arXiv id arXiv has no paper for opens a paper view with its links and a Retry that shows it is retrying', async () => {
    const { page } = session.workbench;
    await openFile(page, 'refs.md', 'Reading list');
    await ctrlClick(page, 'arXiv:2501.99999');
    const view = await session.workbench.webviewFrame('body[data-missing="not-found"]', 120_000);
    assert.equal((await view.locator('h1.title').textContent())?.trim(), 'arXiv:2501.99999');
    assert.match((await view.locator('.missing-message').textContent()) ?? '', /No such paper on arXiv\. arXiv has no paper with the id 2501\.99999/);
    assert.equal(await view.locator('a.link[href="https://arxiv.org/abs/2501.99999"]').count(), 1);
    assert.equal(await view.locator('a.link[href="https://arxiv.org/pdf/2501.99999"]').count(), 1);
    await session.workbench.screenshot('first-hour-errors-unknown-id');
    const retry = view.locator('vscode-button', { hasText: 'Retry' });
    await retry.click();
    // arXiv is asked at most once every 3 s: the retry waits its turn, and says so meanwhile.
    await view.locator('body[data-retrying="true"] vscode-button[disabled]', { hasText: 'Retrying…' }).waitFor({ timeout: 10_000 });
    await session.workbench.screenshot('first-hour-errors-retrying');
    await view.locator('body[data-retrying="false"][data-missing="not-found"]').waitFor({ timeout: 60_000 });
    const askedFor = (r: { path: string }) => (new URL(r.path, 'http://x').searchParams.get('id_list') ?? '').split(',').includes('2501.99999');
    assert.ok(fixtures.requests.filter(askedFor).length >= 2, 'Retry asked arXiv again');
  });

  it('Errors: offline, Ctrl+click on an arXiv id says arXiv could not be reached, and Retry opens the paper once back online', async () => {
    const { page } = session.workbench;
    await fixtures.close();
    await openFile(page, 'later.md', 'To read later');
    await ctrlClick(page, 'arXiv:1111.2011');
    const view = await session.workbench.webviewFrame('body[data-missing="unreachable"]', 90_000);
    assert.equal((await view.locator('h1.title').textContent())?.trim(), 'arXiv:1111.2011');
    assert.match(
      (await view.locator('.missing-message').textContent()) ?? '',
      /arXiv could not be reached\. Could not reach 127\.0\.0\.1:\d+.*Are you offline\?/,
    );
    await session.workbench.screenshot('first-hour-errors-offline-id');
    fixtures = await startFixtureServer(port);
    await view.locator('vscode-button', { hasText: 'Retry' }).click();
    await session.workbench.webviewFrame('.paper-view h1.title:text-matches("Quantum Criticality")', 60_000);
    await session.workbench.screenshot('first-hour-errors-retry-found');
  });
});

describe('The first hour: errors without Git (code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let fixtures: FixtureServer;
  let session: E2eSession;

  before(async () => {
    fixtures = await startFixtureServer();
    session = await startSession({
      settings: {
        'workbench.colorTheme': 'Default Light Modern',
        'marginalia.feeds.huggingFaceApi': `${fixtures.url}/hf/api`,
        'marginalia.feeds.sources': [{ kind: 'hf-daily', id: 'hf-day', label: 'HF day 2025-07-22', period: 'day', date: '2025-07-22', sort: 'trending' }],
        // Git off, as the harness has it: "Git model not found" is what the Git extension says then.
        'git.enabled': false,
      },
    });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'first-hour-errors-failed');
  });

  after(async () => {
    await session?.dispose();
    await fixtures?.close();
  });

  it('Errors: Clone without Git says Git is not available here and offers the browser and github.dev', async () => {
    const { page } = session.workbench;
    const paper = await webShaper(session.workbench);
    await paper.locator('.repos li', { hasText: 'Alibaba-NLP/WebWalker' }).locator('vscode-button', { hasText: 'Clone' }).click();
    const item = await notification(page, 'Git is not available in this VS Code');
    const buttons = await item.locator('.monaco-button').allTextContents();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['Open in Browser', 'Open in github.dev'],
    );
    assert.doesNotMatch((await item.textContent()) ?? '', /Git model not found/);
    await session.workbench.screenshot('first-hour-errors-clone-no-git');
    await clearNotifications(page);
  });
});
