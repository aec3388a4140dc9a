/**
 * A newcomer's first hour, in the real VS Code (code-server, the repository in development mode): the keyboard
 * reaches the search box, a file that is not a feed is refused, the filter panel fits a narrow sidebar, LaTeX in
 * plain text reads as text. Each test names the point of the issue it proves.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { screenshotIfFailed } from '../support/artifacts';
import { e2eTimeoutMs, repoRoot } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openPapersView, quickPick, runCommand } from '../support/vscodeUi';

describe('The first hour, in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'marginalia-first-hour-'));
    // Not a feed: a Python script, as a user might pick by mistake.
    writeFileSync(join(scratch, 'train.py'), 'import torch\n\n\ndef train(model):\n    # One epoch.\n    return model\n');
    session = await startSession({
      settings: {
        'marginalia.feeds.sources': [
          { kind: 'sample', id: 'sample' },
          { kind: 'file', id: 'hf-file', label: 'HF 2024-05-27 (file)', uri: `file://${join(repoRoot, 'test', 'fixtures', 'hf', 'hf_daily_2024-05-27.json')}` },
          // The saved Daily Papers page as it is, without the sample's recorded facts: no dates, upvotes or categories.
          { kind: 'file', id: 'page-file', label: 'Daily Papers page (file)', uri: `file://${join(repoRoot, 'media', 'sample', 'daily-papers.txt')}` },
        ],
      },
    });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'first-hour-failed');
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

  /**
   * Drags the sash at the sidebar's right edge until the sidebar is `width` px wide (VS Code's own minimum is 170),
   * as a user does; returns the width VS Code laid out.
   */
  async function setSidebarWidth(page: Page, width: number): Promise<number> {
    const sidebar = page.locator('.part.sidebar');
    for (let attempt = 0; attempt < 3; attempt++) {
      const box = (await sidebar.boundingBox())!;
      if (Math.abs(box.width - width) <= 1) return box.width;
      const edge = box.x + box.width;
      const sashes = page.locator('.monaco-sash.vertical');
      let sash: { x: number; y: number } | undefined;
      for (let i = 0; i < (await sashes.count()); i++) {
        const b = await sashes.nth(i).boundingBox();
        if (b && Math.abs(b.x + b.width / 2 - edge) <= 4 && b.height > 100) sash = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
      assert.ok(sash, "the sash at the sidebar's edge");
      await page.mouse.move(sash.x, sash.y);
      await page.mouse.down();
      await page.mouse.move(sash.x + (width - box.width) / 2, sash.y, { steps: 4 });
      await page.mouse.move(box.x + width, sash.y, { steps: 4 });
      await page.mouse.up();
    }
    return (await sidebar.boundingBox())!.width;
  }

  /** Whether anything in the Papers view's page is wider than the page, and how far the page is scrolled sideways. */
  const sideways = (frame: Frame) =>
    frame.evaluate(() => {
      const root = document.documentElement;
      const wider = [...document.querySelectorAll<HTMLElement>('.top *')]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
        .map((e) => e.tagName.toLowerCase() + (e.className ? `.${String(e.className).split(' ')[0]}` : ''));
      return {
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        bodyScrollWidth: document.body.scrollWidth,
        scrollX: window.scrollX,
        bodyScrollLeft: document.body.scrollLeft,
        wider,
      };
    });

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

  for (const width of [300, 170]) {
    it(`Filter panel: fits a ${width} px sidebar, wraps, and never scrolls sideways, even with a dropdown open`, async () => {
      const { page } = session.workbench;
      const frame = await openPapersView(session.workbench);
      await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
      const laidOut = await setSidebarWidth(page, width);
      assert.ok(Math.abs(laidOut - width) <= 1, `the sidebar is ${laidOut} px wide`);
      if (await frame.locator('.filters').isHidden()) await frame.locator('vscode-toolbar-button[label="Show filters"]').click();
      await frame.locator('.filters').waitFor();
      const open = await sideways(frame);
      assert.ok(open.scrollWidth <= open.clientWidth && open.bodyScrollWidth <= open.clientWidth, `nothing is wider than the view: ${JSON.stringify(open)}`);
      assert.deepEqual(open.wider, [], 'no control sticks out of the view');
      // Opening a dropdown must not move the page.
      for (const label of ['Sort by', 'Library status', 'Tag']) {
        await frame.locator(`vscode-single-select[aria-label="${label}"]`).click();
        await frame.locator(`vscode-single-select[aria-label="${label}"][open]`).waitFor();
        const dropped = await sideways(frame);
        assert.equal(dropped.scrollX, 0, `the page scrolled sideways with ${label} open: ${JSON.stringify(dropped)}`);
        assert.equal(dropped.bodyScrollLeft, 0);
        assert.ok(dropped.scrollWidth <= dropped.clientWidth, `${label} open: ${JSON.stringify(dropped)}`);
        if (label === 'Sort by') await session.workbench.screenshot(`first-hour-filters-${width}px-dropdown`);
        await page.keyboard.press('Escape');
        await frame.locator(`vscode-single-select[aria-label="${label}"][open]`).waitFor({ state: 'detached' });
      }
      await session.workbench.screenshot(`first-hour-filters-${width}px`);
    });
  }

  it('Filter panel: says which filters and sorts cannot apply to a feed without dates or upvotes', async () => {
    const { page } = session.workbench;
    await runCommand(page, 'Marginalia: Switch Feed Source');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Daily Papers page (file)' }).first().click();
    const frame = await openPapersView(session.workbench);
    await frame.locator('.status', { hasText: /^96 papers · Daily Papers page/ }).waitFor();
    if (await frame.locator('.filters').isHidden()) await frame.locator('vscode-toolbar-button[label="Show filters"]').click();
    // A Daily Papers page saved as text: no dates (a day without a year), no upvotes, no categories.
    await frame.locator('.why[data-why="sort"]', { hasText: 'This feed has no dates or upvotes: only relevance applies.' }).waitFor();
    await frame.locator('.why[data-why="dates"]', { hasText: 'This feed has no dates.' }).waitFor();
    await frame.locator('.why[data-why="category"]', { hasText: 'This feed has no categories.' }).waitFor();
    assert.equal(await frame.locator('vscode-textfield[aria-label="From date"]').evaluate((e) => (e as HTMLInputElement).disabled), true);
    assert.deepEqual(
      await frame.locator('vscode-single-select[aria-label="Sort by"] vscode-option[disabled]').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
      ['date', 'upvotes'],
    );
    await session.workbench.screenshot('first-hour-filters-unavailable');
  });

  it('Filter panel: when the filters exclude everything, says which one does and offers to clear it', async () => {
    const { page } = session.workbench;
    await runCommand(page, 'Marginalia: Switch Feed Source');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'HF 2024-05-27 (file)' }).first().click();
    const frame = await openPapersView(session.workbench);
    await frame.locator('.status', { hasText: /^13 papers/ }).waitFor();
    if (await frame.locator('.filters').isHidden()) await frame.locator('vscode-toolbar-button[label="Show filters"]').click();
    await frame.locator('.why[data-why="dates"]', { hasText: /^Papers (?:of|from 20\d\d-\d\d-\d\d to) 2024-05-2\d\.$/ }).waitFor();
    await frame.locator('vscode-textfield[aria-label="From date"] input').fill('2026-01-01');
    const why = frame.locator('.message .excluded');
    await why.waitFor();
    assert.match((await why.textContent()) ?? '', /^No papers from 2026-01-01 on — the feed has papers up to 2024-05-2\d\.$/);
    await session.workbench.screenshot('first-hour-filters-exclude-everything');
    await frame.locator('.message vscode-button', { hasText: 'Clear date filter' }).click();
    await frame.locator('.status', { hasText: /^13 papers/ }).waitFor();
    assert.equal(await frame.locator('vscode-textfield[aria-label="From date"] input').inputValue(), '');
  });

  it('Imports: a file that is not a feed is refused with one short message naming it once, and is not kept', async () => {
    const { page } = session.workbench;
    await runCommand(page, 'Marginalia: Add Feed Source');
    await quickPick(page, 'Add a feed source').rows.filter({ hasText: 'Import a file' }).first().click();
    // VS Code's own file dialog (in the browser, a quick input that takes a path).
    const dialog = quickPick(page, 'Import a feed file');
    await dialog.input.waitFor({ state: 'visible' });
    // The dialog lists the folder it opens at in its own time; a path typed before that is replaced by the folder's.
    await dialog.rows.first().waitFor();
    const file = dialog.rows.filter({ hasText: 'train.py' }).first();
    for (let attempt = 1; ; attempt++) {
      await dialog.input.fill(join(scratch, 'train.py'));
      if (
        await file.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
      assert.ok(attempt < 4, `the file dialog lists train.py (it shows "${await dialog.input.inputValue()}")`);
    }
    await page.keyboard.press('Enter');
    await dialog.widget.waitFor({ state: 'hidden' });
    // Toasts are hidden in the test harness: the message is in the notification centre.
    await page.locator('[id="status.notifications"]').click();
    const message = page.locator('.notifications-center .notification-list-item-message', { hasText: 'Not a feed' });
    await message.waitFor();
    const text = (await message.textContent()) ?? '';
    assert.match(text, /^Not a feed: train\.py is [^;]+; Marginalia reads Hugging Face JSON, arXiv Atom and RSS, and Daily Papers pages\.$/);
    assert.equal(text.split('train.py').length - 1, 1, 'the file is named once');
    await session.workbench.screenshot('first-hour-import-refused');
    await page.locator('[id="status.notifications"]').click();
    await page.locator('.notifications-center').waitFor({ state: 'hidden' });
    // The refused file did not become a source that fails each time it is chosen.
    await runCommand(page, 'Marginalia: Switch Feed Source');
    const sources = quickPick(page, 'Marginalia: Switch Feed Source');
    await sources.rows.first().waitFor();
    const labels = await sources.rows.allTextContents();
    assert.ok(
      labels.some((l) => l.includes('HF 2024-05-27 (file)')),
      labels.join(' | '),
    );
    assert.ok(!labels.some((l) => l.includes('train.py')), labels.join(' | '));
    await page.keyboard.press('Escape');
  });

  it('Tabs: a single click previews a paper and the next replaces it; a double click keeps it', async () => {
    const { page } = session.workbench;
    await runCommand(page, 'View: Close All Editors');
    // The bundled sample, whatever source an earlier test left active.
    await runCommand(page, 'Marginalia: Switch Feed Source');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Sample feed: a saved Hugging Face page' }).first().click();
    const list = await openPapersView(session.workbench);
    await list.locator('.status', { hasText: /^96 papers/ }).waitFor();
    const tabs = page.locator('.tabs-container .tab');
    const tabTitles = async () => (await tabs.allTextContents()).map((t) => t.trim());
    const row = (title: string) => list.locator('.paper .title', { hasText: title }).first();

    await row('ZeCO').click();
    await page.locator('.tabs-container .tab', { hasText: 'ZeCO' }).waitFor();
    // Another single click: the preview is replaced, not joined by a second tab.
    await row('MOHAF').click();
    await page.locator('.tabs-container .tab', { hasText: 'MOHAF' }).waitFor();
    await page.locator('.tabs-container .tab', { hasText: 'ZeCO' }).waitFor({ state: 'detached' });
    assert.equal(await tabs.count(), 1, `tabs: ${(await tabTitles()).join(' | ')}`);
    // A double click keeps it: the next paper opens beside it in a tab of its own.
    await row('MOHAF').dblclick();
    await row('ZeRO-Infinity').click();
    await page.locator('.tabs-container .tab', { hasText: 'ZeRO-Infinity' }).waitFor();
    const titles = await tabTitles();
    assert.equal(titles.length, 2, `tabs: ${titles.join(' | ')}`);
    assert.ok(
      titles.some((t) => t.startsWith('MOHAF')),
      `MOHAF was kept: ${titles.join(' | ')}`,
    );
    await session.workbench.screenshot('first-hour-tabs-preview');
  });
});
