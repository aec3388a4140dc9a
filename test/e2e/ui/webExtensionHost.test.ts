/**
 * Marginalia in VS Code's browser extension host (a web worker, as in vscode.dev and github.dev): the installed
 * .vsix, with `remote.extensionKind` asking VS Code to run it on the web side, so its `browser` bundle runs instead
 * of the Node one, with no Node API at all. The Papers view lists the bundled feed, search answers as the user
 * types (the index built in slices on the worker's thread), and a paper saved to the library is written to the
 * workspace on disk through `vscode.workspace.fs`.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertVsixBuilt, e2eTimeoutMs, vsixPath } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openPaperFromList, openPapersView, runCommand, searchSampleFeedForMamba, typeAtHumanPace, waitUntil } from '../support/vscodeUi';

describe('Marginalia in the browser extension host (code-server, web worker)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;

  before(async () => {
    assertVsixBuilt();
    session = await startSession({ vsix: vsixPath, settings: { 'remote.extensionKind': { 'marginalia.marginalia': ['web'] } } });
  });
  after(async () => {
    await session?.dispose();
  });

  it('lists the bundled sample feed, running in the web worker extension host', async () => {
    const { workbench } = session!;
    const frame = await openPapersView(workbench);
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    await runCommand(workbench.page, 'Developer: Show Running Extensions');
    const page = workbench.page;
    // The list opens as a modal editor: Escape closes it, also when the row is not found (the next tests need the
    // window).
    const modal = page.locator('.monaco-modal-editor-block');
    try {
      // The list is virtual and sorted by activation time, slowest first: Marginalia's row, quick to wake, can be
      // below the rows drawn. Scrolled until it is.
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Marginalia' }).filter({ hasText: 'web worker' });
      const list = page.locator('.runtime-extensions-editor .monaco-list').first();
      await list.waitFor();
      await list.hover();
      for (let step = 0; step < 40 && (await row.count()) === 0; step++) {
        await page.mouse.wheel(0, 200);
        await page.waitForTimeout(100);
      }
      await row.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
        await workbench.screenshot('web-extension-host-running-failed');
        throw error;
      });
      await workbench.screenshot('web-extension-host-running');
    } finally {
      for (let attempt = 0; attempt < 5 && (await modal.count()) > 0; attempt++) {
        await page.keyboard.press('Escape');
        await modal.waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
      }
    }
    assert.equal(await modal.count(), 0, 'the running extensions list closed');
  });

  it('searches as the user types', async () => {
    const { workbench } = session!;
    const frame = await openPapersView(workbench);
    await searchSampleFeedForMamba(frame);
    await workbench.screenshot('web-extension-host-search');
    // The host's look ahead works here too (no setImmediate in a web worker: it takes turns through a MessageChannel).
    const typed = await typeAtHumanPace(frame, workbench.page, 'selective', /Mamba/);
    assert.ok(typed.ahead.filter(Boolean).length >= 6, `looked ahead: ${typed.from.join(' ')}`);
    assert.equal(typed.corrections, 0);
  });

  it('saves a paper to the library as a note in the workspace, through vscode.workspace.fs', async () => {
    const { workbench, workspace } = session!;
    const paper = await openPaperFromList(workbench, 'Mamba: Linear-Time Sequence Modeling', '.notes-section');
    await paper.locator('vscode-single-select[aria-label="Library status"]').click();
    await paper.locator('vscode-single-select[aria-label="Library status"]').getByRole('option', { name: 'To read' }).click();
    await paper.locator('.toast', { hasText: /Saved as "to read"/ }).waitFor();
    const notes = join(workspace.path, 'papers');
    const text = await waitUntil('the note on disk', () => {
      if (!existsSync(notes)) return undefined;
      for (const name of readdirSync(notes)) {
        const content = readFileSync(join(notes, name), 'utf8');
        if (/^title: "?Mamba: Linear-Time Sequence Modeling/m.test(content)) return content;
      }
      return undefined;
    });
    assert.match(text, /^status: to-read$/m);
    await workbench.screenshot('web-extension-host-saved');
  });
});
