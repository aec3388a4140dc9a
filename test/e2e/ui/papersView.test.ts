/**
 * Drives the real VS Code UI with Marginalia as a user gets it: dist/marginalia.vsix installed with
 * --install-extension into a throwaway profile. (The extension-host suite covers development mode.)
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertVsixBuilt, e2eTimeoutMs, vsixPath } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { lookaheadRecords, openPapersView, quickPick, runCommand, searchSampleFeedForMamba, typeAtHumanPace } from '../support/vscodeUi';

describe('Papers UI in code-server, installed from the .vsix', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;

  before(async () => {
    assertVsixBuilt();
    session = await startSession({ vsix: vsixPath });
  });
  after(async () => {
    await session?.dispose();
  });

  it('runs the installed extension, not the repository in development mode', async () => {
    const { server, workbench } = session!;
    const installed = readdirSync(server.extensionsDir).filter((name) => name.startsWith('marginalia.marginalia-'));
    assert.equal(installed.length, 1, `installed extensions: ${readdirSync(server.extensionsDir).join(', ')}`);
    assert.doesNotMatch(await workbench.page.title(), /Extension Development Host/);
  });

  it('lists the bundled sample feed in the Papers view', async () => {
    const { workbench } = session!;
    const frame = await openPapersView(workbench);
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    const titles = await frame.locator('.paper .title').allTextContents();
    assert.ok(titles.length >= 5, `only ${titles.length} rows rendered`);
    assert.ok(
      titles.some((title) => title.includes('Mamba: Linear-Time Sequence Modeling')),
      `the seed's Mamba paper is not listed: ${titles.join(' | ')}`,
    );
    await workbench.screenshot('ui-papers-view');
  });

  it('filters the list as the user types in the search box', async () => {
    const { workbench } = session!;
    const frame = await openPapersView(workbench);
    const search = await searchSampleFeedForMamba(frame);
    await workbench.screenshot('ui-papers-search');
    await search.fill('');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
  });

  it('shows the answers the host looked ahead the moment their text is typed, and none that went stale', async () => {
    const { workbench, workspace } = session!;
    const frame = await openPapersView(workbench);
    const search = frame.locator('vscode-textfield.search input');
    const records = () => lookaheadRecords(frame);
    const typed = await typeAtHumanPace(frame, workbench.page, 'selective', /Mamba/);
    await frame.locator('.status', { hasText: /^\d+ of 96 papers/ }).waitFor();
    const ahead = typed.ahead.filter(Boolean).length;
    assert.ok(ahead >= 6, `${ahead} of the 9 keystrokes were shown from the look ahead`);
    assert.equal(typed.corrections, 0, "every looked-ahead answer was the host's answer to that text");
    // A space changes nothing the host would answer: the list shows the same papers at once, and the host agrees.
    const titles = await frame.locator('.paper .title').allTextContents();
    await search.press(' ');
    await workbench.page.waitForTimeout(500);
    const spaced = await records();
    assert.equal(spaced.from[spaced.from.length - 1], 'unchanged');
    assert.equal(spaced.corrections, 0);
    assert.deepEqual(await frame.locator('.paper .title').allTextContents(), titles);

    // The library changes after the look ahead for "mamba" arrived: it must not show the paper's old status.
    const mambaTitle = 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces';
    await search.fill('mamb');
    await frame
      .locator('.paper .title', { hasText: /Mamba: Linear-Time/ })
      .first()
      .waitFor();
    await workbench.page.waitForTimeout(700);
    const before = Number(await frame.locator('body').getAttribute('data-rendered-seq'));
    mkdirSync(join(workspace.path, 'papers'), { recursive: true });
    // The sample's Mamba has its arXiv id from the recorded facts bundled with the saved page.
    writeFileSync(join(workspace.path, 'papers', 'sample-mamba.md'), `---\nid: "2312.00752"\ntitle: "${mambaTitle}"\nstatus: read\n---\n`);
    await frame.locator(`body:not([data-rendered-seq="${before}"])`).waitFor();
    await search.press('a');
    const row = frame.locator('.paper', { hasText: 'Mamba: Linear-Time' }).first();
    await row.locator('.status-badge', { hasText: /^Read$/ }).waitFor();
    await workbench.page.waitForTimeout(500);
    assert.equal((await records()).corrections, 0, 'no answer looked ahead before the library changed was shown');
    await search.fill('');
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
  });

  it("keeps the user's place in the list when the library changes under it", async () => {
    const { workbench, workspace } = session!;
    const frame = await openPapersView(workbench);
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    const list = frame.locator('div.list[role="listbox"]');
    const scrolled = await list.evaluate((el) => {
      el.scrollTop = Math.round(el.scrollHeight * 0.4);
      return el.scrollTop;
    });
    assert.ok(scrolled > 200, `the list scrolled (${scrolled} px)`);
    // The rows at that place are drawn (not the first rows).
    await frame.locator('.vl-row[aria-posinset="40"]').waitFor();
    const before = Number(await frame.locator('body').getAttribute('data-rendered-seq'));
    // A note file arriving on disk (a `git pull`, another editor) changes the library: the view asks again.
    mkdirSync(join(workspace.path, 'papers'), { recursive: true });
    writeFileSync(
      join(workspace.path, 'papers', '2507.01004-zeco.md'),
      '---\nid: "2507.01004"\ntitle: "ZeCO: Zero Communication Overhead Sequence Parallelism for Linear Attention"\nstatus: reading\n---\n',
    );
    await frame.locator(`body:not([data-rendered-seq="${before}"])`).waitFor();
    const after = await list.evaluate((el) => el.scrollTop);
    assert.ok(Math.abs(after - scrolled) <= 1, `the list stayed at ${scrolled} px (now ${after})`);
    assert.ok(await frame.locator('.vl-row[aria-posinset="40"]').isVisible(), 'row 40 is still on screen');
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
  });

  it('keeps every row on its paper while the feed shown reloads (a click in that moment opens what it shows)', async () => {
    const { workbench } = session!;
    const frame = await openPapersView(workbench);
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    // At the top, drawn and still: rows put away by a scroll are not what this watches.
    const list = frame.locator('div.list[role="listbox"]');
    await list.evaluate((el) => {
      el.scrollTop = 0;
    });
    await frame.locator('.vl-row[aria-posinset="1"]').waitFor();
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // The list reuses its row elements: one that showed another paper for a moment would take a click meant for
    // the paper it showed before (a CI run opened the wrong paper so). Watch the rows through the reload.
    await frame.evaluate(() => {
      const w = window as unknown as { rowsSeen: number[]; rowsBefore: [Element, string][] };
      w.rowsBefore = [...document.querySelectorAll('.vl-row')].map((el) => [el, el.querySelector('.title')?.textContent ?? '']);
      w.rowsSeen = [];
      new MutationObserver(() => w.rowsSeen.push(document.querySelectorAll('.vl-row').length)).observe(document.body, { childList: true, subtree: true });
    });
    const before = Number(await frame.locator('body').getAttribute('data-rendered-seq'));
    await runCommand(workbench.page, 'Marginalia: Refresh Feed');
    // The reloaded feed is queried again: a newer query rendered.
    await frame.locator(`body:not([data-rendered-seq="${before}"])`).waitFor();
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await workbench.page.waitForTimeout(500);
    const { seen, moved, kept } = await frame.evaluate(() => {
      const w = window as unknown as { rowsSeen: number[]; rowsBefore: [Element, string][] };
      const shown = w.rowsBefore.filter(([el]) => el.isConnected);
      return {
        seen: w.rowsSeen,
        kept: shown.length,
        moved: shown.filter(([el, title]) => el.querySelector('.title')?.textContent !== title).map(([, title]) => title),
      };
    });
    assert.ok(seen.length > 0, 'the list changed during the reload');
    assert.ok(Math.min(...seen) > 0, `the list emptied during the reload (row counts seen: ${seen.join(', ')})`);
    assert.ok(kept >= 8, `${kept} row elements are still shown`);
    assert.deepEqual(moved, [], 'row elements that show another paper than before the reload');
  });

  it('runs "Marginalia: Search Papers" from the command palette and lists papers', async () => {
    const { page } = session!.workbench;
    await runCommand(page, 'Marginalia: Search Papers');
    const pick = quickPick(page, 'Marginalia: Search Papers');
    await pick.rows.first().waitFor();
    assert.ok((await pick.rows.count()) > 3, 'the QuickPick lists papers');
    await pick.input.pressSequentially('selective state spaces', { delay: 20 });
    await pick.rows.first().filter({ hasText: /Mamba/ }).waitFor();
    await session!.workbench.screenshot('ui-search-papers-quickpick');
    await page.keyboard.press('Escape');
    await pick.widget.waitFor({ state: 'hidden' });
  });
});
