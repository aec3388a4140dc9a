/**
 * A newcomer's first hour, in the real VS Code (code-server, the repository in development mode): the keyboard
 * reaches the search box, a file that is not a feed is refused, the filter panel fits a narrow sidebar, LaTeX in
 * plain text reads as text. Each test names the point of the issue it proves.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { e2eTimeoutMs, repoRoot } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openPapersView, runCommand } from '../support/vscodeUi';

describe('The first hour, in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'marginalia-first-hour-'));
    copyFileSync(join(repoRoot, 'test', 'fixtures', 'bibtex', 'arxivsrc_2412.19437_deepseekv3_main.bib'), join(scratch, 'main.bib'));
    session = await startSession({
      settings: { 'marginalia.feeds.sources': [{ kind: 'sample', id: 'sample' }] },
    });
  });

  after(async () => {
    await session?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** The search box's text, through the web component's shadow root. */
  const searchValue = (frame: Frame) => frame.locator('vscode-textfield.search input').inputValue();

  /** Moves the keyboard focus out of the Papers view, into the Explorer. */
  async function focusElsewhere(page: Page): Promise<void> {
    await runCommand(page, 'View: Show Explorer');
    await page.locator('.part.sidebar .composite.title h2', { hasText: /^Explorer$/i }).waitFor();
  }

  it('Keyboard: "Focus on Papers View" puts the cursor in the search box, so typing searches', async () => {
    const { page } = session.workbench;
    const before = await openPapersView(session.workbench);
    await before.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await focusElsewhere(page);
    await runCommand(page, 'Papers: Focus on Papers View');
    // Hidden, the view was disposed: a new page loads (its list drawn), then the user types.
    const frame = await session.workbench.webviewFrame('.paper .title');
    await page.keyboard.type('mamba', { delay: 40 });
    await frame.locator('.status', { hasText: /^\d+ of 96 papers/ }).waitFor();
    await frame.locator('.paper .title', { hasText: /Mamba/ }).first().waitFor();
    assert.equal(await searchValue(frame), 'mamba');
    await session.workbench.screenshot('first-hour-keyboard-focus-view');
    await frame.locator('vscode-textfield.search input').fill('');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
  });

  it('Keyboard: "Focus Paper Search" is in the palette and on Ctrl+Alt+P', async () => {
    const { page } = session.workbench;
    // In the palette, with its keybinding shown beside it.
    await page.keyboard.press('F1');
    const pick = page.locator('.quick-input-widget');
    await pick.locator('.quick-input-box input').fill('>Marginalia: Focus Paper Search');
    const row = pick.locator('.monaco-list-row', { hasText: 'Marginalia: Focus Paper Search' });
    await row.waitFor();
    const keys = (await row.locator('.monaco-keybinding').textContent())?.replace(/\s+/g, '') ?? '';
    assert.match(keys, /Ctrl\+Alt\+P/i, `the palette shows the keybinding (${keys})`);
    await page.keyboard.press('Escape');
    // From anywhere else, the chord puts the cursor in the search box.
    await focusElsewhere(page);
    await page.keyboard.press('Control+Alt+P');
    const frame = await session.workbench.webviewFrame('.paper .title');
    await page.keyboard.type('selective', { delay: 40 });
    await frame.locator('.status', { hasText: /^\d+ of 96 papers/ }).waitFor();
    assert.equal(await searchValue(frame), 'selective');
    await frame.locator('vscode-textfield.search input').fill('');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
  });
});
