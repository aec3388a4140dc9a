/**
 * The bundled samples offline, in the real VS Code: the saved page's Mamba paper carries its recorded arXiv id,
 * authors and date (paper view, BibTeX, hovers in code), the recorded Hugging Face day sorts by date and upvotes,
 * and Open PDF says plainly that the user is offline, with Retry. Every network endpoint points at a closed port.
 */
import { strict as assert } from 'node:assert';
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
    if (!(await frame.locator('vscode-single-select[aria-label="Sort by"]').isVisible())) await frame.locator('vscode-toolbar-button[label="Show filters"]').click();
    const select = frame.locator('vscode-single-select[aria-label="Sort by"]');
    await select.click();
    await select.getByRole('option', { name: label }).click();
    await frame.waitForFunction((value) => (document.querySelector('vscode-single-select[aria-label="Sort by"]') as unknown as { value: string }).value === value, label === 'Newest first' ? 'date' : label === 'Most upvoted' ? 'upvotes' : 'relevance');
    return frame.locator('.paper .title').allTextContents();
  }

  async function openMamba(): Promise<Frame> {
    const frame = await switchFeedSource(session.workbench, 'Sample feed');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await frame.locator('.paper .title', { hasText: 'Mamba: Linear-Time Sequence Modeling' }).first().click();
    return session.workbench.webviewFrame('.paper-view h1.title:text-matches("Mamba: Linear-Time")');
  }

  it('sample paper view: the Mamba paper shows its authors, arXiv id and date', async () => {
    const paper = await openMamba();
    assert.deepEqual(await paper.locator('.authors .author').allTextContents(), ['Albert Gu', 'Tri Dao']);
    const facts = await paper.locator('.facts .fact').allTextContents();
    assert.ok(facts.includes('arXiv:2312.00752'), `facts: ${facts.join(' | ')}`);
    assert.ok(facts.some((f) => /^Published .*2023/.test(f)), `facts: ${facts.join(' | ')}`);
    assert.ok(facts.some((f) => /140 upvotes/.test(f)), `facts: ${facts.join(' | ')}`);
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
    await page.locator('.paper .title').first().filter({ hasText: 'Mamba: Linear-Time Sequence Modeling' }).waitFor();
    await sortBy(page, 'Relevance');
  });

  it('sample hover: arXiv:2312.00752 in a .py file shows the sample’s Mamba paper offline', async () => {
    const { page } = session.workbench;
    await openFile(page, 'model.py', 'A toy selective');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Albert Gu' });
    await hoverUntil(page, 'arXiv:2312.00752', hover);
    assert.match((await hover.textContent()) ?? '', /Mamba: Linear-Time Sequence Modeling with Selective State Spaces/);
    await session.workbench.screenshot('sample-hover-mamba');
  });
});
