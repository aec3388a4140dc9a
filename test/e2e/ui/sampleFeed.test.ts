/**
 * The bundled samples offline, in the real VS Code: the saved page's Mamba paper carries its recorded arXiv id,
 * authors and date (paper view, BibTeX, hovers in code), the recorded Hugging Face day sorts by date and upvotes,
 * and Open PDF says plainly that the user is offline, with Retry. Every network endpoint points at a closed port.
 */
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { hoverUntil, openFile, switchFeedSource } from '../support/vscodeUi';

/** Nothing listens on port 9 (discard): every request fails at once, as offline. */
const OFFLINE = 'http://127.0.0.1:9';

describe('bundled samples, offline', function () {
  this.timeout(2 * e2eTimeoutMs);
  let session: E2eSession;

  before(async () => {
    session = await startSession({
      settings: {
        'marginalia.feeds.huggingFaceApi': `${OFFLINE}/api`,
        'marginalia.feeds.arxivApi': `${OFFLINE}/api/query`,
        'marginalia.pdf.arxivBase': `${OFFLINE}/pdf`,
      },
    });
  });
  after(async () => {
    await session?.dispose();
  });

  async function sortBy(frame: Frame, label: string): Promise<string[]> {
    if (!(await frame.locator('vscode-single-select[aria-label="Sort by"]').isVisible()))
      await frame.locator('vscode-toolbar-button[label="Show filters"]').click();
    const select = frame.locator('vscode-single-select[aria-label="Sort by"]');
    await select.click();
    await select.getByRole('option', { name: label }).click();
    await frame.waitForFunction(
      (value) => (document.querySelector('vscode-single-select[aria-label="Sort by"]') as unknown as { value: string }).value === value,
      label === 'Newest first' ? 'date' : label === 'Most upvoted' ? 'upvotes' : label === 'Relevant to this workspace' ? 'workspace' : 'relevance',
    );
    return frame.locator('.paper .title').allTextContents();
  }

  async function openMamba(): Promise<Frame> {
    const frame = await switchFeedSource(session.workbench, 'Sample feed');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await frame.locator('.paper .title', { hasText: 'Mamba: Linear-Time Sequence Modeling' }).first().click();
    return session.workbench.webviewFrame('.paper-view h1.title:text-matches("Mamba: Linear-Time")');
  }

  // First in this session: nothing has shown the Papers view yet, so the sample is not loaded when the hover asks.
  it('sample hover: arXiv:2312.00752 in a .py file shows the sample’s Mamba paper offline, before the Papers view is shown', async () => {
    const { page } = session.workbench;
    assert.equal(await page.locator('.pane-header[aria-label^="Papers"]').count(), 0, 'the Papers view is not shown yet');
    await openFile(page, 'model.py', 'A toy selective');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Albert Gu' });
    await hoverUntil(page, 'arXiv:2312.00752', hover);
    assert.match((await hover.textContent()) ?? '', /Mamba: Linear-Time Sequence Modeling with Selective State Spaces/);
    await session.workbench.screenshot('sample-hover-mamba');
  });

  it('sample paper view: the Mamba paper shows its authors, arXiv id and date', async () => {
    const paper = await openMamba();
    assert.deepEqual(await paper.locator('.authors .author').allTextContents(), ['Albert Gu', 'Tri Dao']);
    const facts = await paper.locator('.facts .fact').allTextContents();
    assert.ok(facts.includes('arXiv:2312.00752'), `facts: ${facts.join(' | ')}`);
    assert.ok(
      facts.some((f) => /^Published .*2023/.test(f)),
      `facts: ${facts.join(' | ')}`,
    );
    assert.ok(
      facts.some((f) => /140 upvotes/.test(f)),
      `facts: ${facts.join(' | ')}`,
    );
    await paper.locator('vscode-button', { hasText: 'Open PDF' }).waitFor();
    await session.workbench.screenshot('sample-mamba-paper-view');
  });

  it('sample Copy BibTeX: the Mamba paper yields eprint 2312.00752, its authors and year', async () => {
    const paper = await openMamba();
    const { page } = session.workbench;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await paper.locator('vscode-button', { hasText: 'Copy BibTeX' }).click();
    await paper.locator('.toast', { hasText: 'BibTeX copied' }).waitFor();
    const bibtex = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(bibtex, /^@misc\{gu2023mamba,/);
    assert.match(bibtex, /author=\{Albert Gu and Tri Dao\}/);
    assert.match(bibtex, /year=\{2023\}/);
    assert.match(bibtex, /eprint=\{2312\.00752\},\n {2}archivePrefix=\{arXiv\}/);
  });

  it('sample Open PDF offline: says "You are offline" with Retry and Open in Browser', async () => {
    const paper = await openMamba();
    await paper.locator('vscode-button', { hasText: 'Open PDF' }).click();
    // The test harness's smoke-test driver hides toasts: the message is in the notification centre.
    const { page } = session.workbench;
    await page.locator('[id="status.notifications"]').click();
    const message = page.locator('.notifications-center .monaco-list-row', { hasText: 'You are offline' });
    try {
      await message.waitFor();
    } catch (error) {
      await session.workbench.screenshot('sample-pdf-offline-failed');
      throw error;
    }
    assert.match((await message.textContent()) ?? '', /PDF of "Mamba: Linear-Time Sequence Modeling with Selective State Spaces" could not be downloaded/);
    await message.getByRole('button', { name: 'Retry' }).waitFor();
    await message.getByRole('button', { name: 'Open in Browser' }).waitFor();
    await session.workbench.screenshot('sample-pdf-offline');
    await page.locator('[id="status.notifications"]').click();
  });

  it('HF-day sample: sorting by date and by upvotes changes the order', async () => {
    const frame = await switchFeedSource(session.workbench, 'Sample: Hugging Face day (recorded 2025-07-22)');
    await frame.locator('.status', { hasText: /^16 papers/ }).waitFor();
    const feedOrder = await frame.locator('.paper .title').allTextContents();
    assert.match(feedOrder[0] ?? '', /MiroMind-M1/);
    const byDate = await sortBy(frame, 'Newest first');
    await frame.locator('.paper .title').first().filter({ hasText: 'Latent Denoising' }).waitFor();
    assert.notDeepEqual(await frame.locator('.paper .title').allTextContents(), feedOrder, `by date: ${byDate[0]}`);
    await session.workbench.screenshot('sample-hf-day-by-date');
    await sortBy(frame, 'Most upvoted');
    await frame.locator('.paper .title').first().filter({ hasText: 'MiroMind-M1' }).waitFor();
    // On the saved page, the recorded upvotes put Mamba (140) first.
    const page = await switchFeedSource(session.workbench, 'Sample feed');
    await page.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await sortBy(page, 'Most upvoted');
    await page.locator('.paper .title').first().filter({ hasText: 'Mamba: Linear-Time Sequence Modeling' }).waitFor();
    await sortBy(page, 'Relevance');
  });

  it('sample feed sorted by this workspace: the cited paper first, each row says why, and files update it', async () => {
    const { workbench, workspace } = session;
    const frame = await switchFeedSource(session.workbench, 'Sample feed');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await sortBy(frame, 'Relevant to this workspace');
    // The workspace's model.py cites arXiv:2312.00752 and implements a selective scan.
    const first = frame.locator('.vl-row[aria-posinset="1"] .paper');
    await first.locator('.title', { hasText: 'Mamba: Linear-Time Sequence Modeling' }).waitFor();
    await first.locator('.why-line', { hasText: /^Why: cites 2312\.00752; .*matches: .*selective/ }).waitFor();
    await frame.locator('.status', { hasText: /Ranked by \d+ files of this workspace/ }).waitFor();
    // Screen readers hear the why in the row's description.
    const described = await frame.locator('.vl-row[aria-posinset="1"]').getAttribute('aria-describedby');
    assert.match((await frame.locator(`[id="${described}"]`).textContent()) ?? '', /Why: cites 2312\.00752/);
    await workbench.screenshot('sample-sorted-by-workspace');

    // A note naming another paper's title arrives: the ranking follows it without any command.
    writeFileSync(join(workspace.path, 'zeco-notes.md'), '# Reading list\n\nZeCO: Zero Communication Overhead Sequence Parallelism for Linear Attention.\n');
    const zeco = frame.locator('.vl-row[aria-posinset="2"] .paper', { hasText: 'ZeCO' });
    await zeco.locator('.why-line', { hasText: /names its title/ }).waitFor({ timeout: 30_000 });
    await workbench.screenshot('sample-sorted-by-workspace-updated');

    // The same ranking in the "For This Workspace" section, each paper with its why.
    const header = workbench.page.locator('.pane-header', { hasText: 'For This Workspace' });
    await header.click();
    const item = workbench.page.locator('.monaco-list-row[aria-label^="Mamba: Linear-Time Sequence Modeling"]').first();
    await item.waitFor();
    assert.match((await item.getAttribute('aria-label')) ?? '', /Why: cites 2312\.00752; names its title; matches: /);
    await item.locator('.label-description', { hasText: /^cites 2312\.00752/ }).waitFor();
    assert.ok(
      (await workbench.page.locator('.monaco-list-row[aria-label^="ZeCO: Zero Communication"]').count()) === 1,
      'the section lists the newly named paper',
    );
    await workbench.screenshot('sample-for-this-workspace');
    await header.click();
    rmSync(join(workspace.path, 'zeco-notes.md'));
    await sortBy(frame, 'Relevance');
    // Other sorts show no why: the answer's rows (drawn before its status line) drop it.
    await frame.locator('.status', { hasText: /^96 papers(?!.*Ranked by)/ }).waitFor();
    assert.equal(await frame.locator('.why-line:visible').count(), 0, 'other sorts show no why');
  });
});
