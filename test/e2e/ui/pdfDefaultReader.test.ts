/**
 * The first hour, PDFs: a PDF clicked in the Explorer opens in Marginalia's reader (VS Code has no PDF viewer; as
 * text, one keystroke with auto-save would damage it), whatever a workspace's `.vscode/settings.json` says about
 * `marginalia.pdf.defaultReader`, and nothing a workspace sets is written into the user's settings.json. The user
 * turning the setting off in their own settings gives PDFs back to VS Code.
 * Screenshots go to .test-artifacts/ (first-hour-pdf-*.png).
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../../scripts/harness/workbench';
import { fixturesDir } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { assertE2eReady, e2eTimeoutMs, repoRoot } from '../support/env';
import { readerFrame, reloadWindow, runPaletteCommand } from '../support/pdfReaderUi';
import { stopStarted } from '../support/session';
import { explorerRow, waitUntil } from '../support/vscodeUi';
import { createTestWorkspace, type TestWorkspace } from '../support/workspace';
import { applyWorkspaceSettings } from '../support/workspaceSettings';

/**
 * Clicks a file in the Explorer, as a newcomer does (a single click opens it in preview), opening its folder first.
 * After a window reload the Explorer expands the folders it had open on its own, a moment later: a click on a folder
 * toggles it, so the folder is clicked only while it says it is collapsed (once a click closed it as it opened).
 */
async function clickInExplorer(page: Page, folder: string, name: string): Promise<void> {
  const file = await explorerRow(page, name);
  const dir = await explorerRow(page, folder);
  const deadline = Date.now() + 30_000;
  while (!(await file.isVisible())) {
    assert.ok(Date.now() < deadline, `the Explorer shows ${folder}/${name}`);
    if ((await dir.getAttribute('aria-expanded')) === 'false') await dir.click();
    await file.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  }
  await file.click();
}

/** What Marginalia's output channel wrote in this code-server's logs, every window and extension host of it. */
function marginaliaLog(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  return (readdirSync(logs, { recursive: true }) as string[])
    .filter((f) => f.endsWith('Marginalia.log'))
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('\n');
}

describe('The first hour: PDFs open in the reader (code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let userSettingsPath = '';
  let userSettings = '';

  before(async () => {
    assertE2eReady();
    workspace = await createTestWorkspace();
    await mkdir(join(workspace.path, 'pdfs'), { recursive: true });
    await cp(join(fixturesDir, 'pdf', 'arxiv_1111.2011v2.pdf'), join(workspace.path, 'pdfs', 'quantum.pdf'));
    await cp(join(fixturesDir, 'pdf', 'arxiv_1706.03762v5_attention.pdf'), join(workspace.path, 'pdfs', 'attention.pdf'));
    // A workspace that asks for the reader: earlier versions wrote that into the user's own settings.
    await mkdir(join(workspace.path, '.vscode'), { recursive: true });
    await writeFile(join(workspace.path, '.vscode', 'settings.json'), JSON.stringify({ 'marginalia.pdf.defaultReader': true }, null, 2));
    // No theme: VS Code would rename a theme setting in the file, which this test compares byte for byte.
    server = await startCodeServer();
    userSettingsPath = join(server.userDataDir, 'User', 'settings.json');
    userSettings = await readFile(userSettingsPath, 'utf8');
    workbench = await openWorkbench(server, { folder: workspace.path, extensionDevelopmentPath: repoRoot });
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, workbench, 'first-hour-pdf-failed');
  });

  after(() => stopStarted({ workbench, server, workspace }));

  it('PDFs: a PDF clicked in the Explorer opens in the reader, and the workspace’s setting writes nothing to the user’s settings', async () => {
    const wb = workbench!;
    await clickInExplorer(wb.page, 'pdfs', 'quantum.pdf');
    const frame = await readerFrame(wb, 'quantum.pdf');
    assert.equal(await frame.evaluate(() => document.body.dataset.state), 'ready');
    assert.equal(await wb.page.locator('.editor-instance .monaco-editor').count(), 0, 'no text editor shows the PDF');
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('first-hour-pdf-explorer-click');
    assert.equal(await readFile(userSettingsPath, 'utf8'), userSettings, 'the user’s settings.json is as it was');
  });

  it('PDFs: a workspace that turns the setting off neither changes the user’s settings nor takes the reader away', async () => {
    const wb = workbench!;
    // Read by VS Code before the click, or the click would prove nothing.
    await applyWorkspaceSettings(wb.page, workspace!.path, { 'marginalia.pdf.defaultReader': false });
    await clickInExplorer(wb.page, 'pdfs', 'attention.pdf');
    await readerFrame(wb, 'attention.pdf');
    assert.equal(await readFile(userSettingsPath, 'utf8'), userSettings, 'the user’s settings.json is as it was');
  });

  it('PDFs: turned off in the user’s settings, a clicked PDF opens in VS Code’s own editor again', async () => {
    const wb = workbench!;
    // From the palette, not by keys: the reader has the keyboard, and keys a webview passes on to the workbench can
    // arrive after the next ones.
    await runPaletteCommand(wb.page, 'View: Close All Editors');
    // The user's settings.json, edited in VS Code as a user does (VS Code does not watch it for edits from outside).
    await runPaletteCommand(wb.page, 'Preferences: Open User Settings (JSON)');
    const editor = wb.page.locator('.editor-instance .monaco-editor', { hasText: '"workbench.' }).first();
    await editor.waitFor();
    await editor.locator('.view-lines').click();
    // After the last setting (the line above the closing brace), as a user adds one; the editor indents and closes
    // the quotes as they are typed.
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.press('ArrowUp');
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.type(',\n"marginalia.pdf.defaultReader": false', { delay: 20 });
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+S');
    let seen = '';
    const written = await waitUntil(
      '"*.pdf": "default" in the user’s settings',
      () => {
        seen = readFileSync(userSettingsPath, 'utf8');
        try {
          return (JSON.parse(seen) as { 'workbench.editorAssociations'?: Record<string, string> })['workbench.editorAssociations']?.['*.pdf'] === 'default'
            ? seen
            : undefined;
        } catch {
          return undefined;
        }
      },
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the file:\n${seen}`);
    });
    assert.match(written, /"marginalia\.pdf\.defaultReader": false/);
    // A new window, as the next day's: the Explorer's click goes by what the settings file says, whenever VS Code
    // would have applied the association within this window (once in a clean-clone run, the click still opened the
    // reader a moment after the file had it).
    await runPaletteCommand(wb.page, 'View: Close All Editors');
    await reloadWindow(wb.page);
    await clickInExplorer(wb.page, 'pdfs', 'quantum.pdf');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'quantum.pdf' }).waitFor();
    // VS Code's binary-file notice, not the reader.
    await wb.page.locator('.editor-container', { hasText: /binary|unsupported text encoding/i }).waitFor({ timeout: 30_000 });
    await wb.screenshot('first-hour-pdf-turned-off');
  });

  it('PDFs: turned off while Marginalia slept, the PDF that wakes it opens in VS Code’s own editor', async () => {
    const wb = workbench!;
    await runPaletteCommand(wb.page, 'View: Close All Editors');
    // The setting stays off, the association is gone: as when the user turns the setting off in a window where
    // Marginalia never woke (the association is written only by a running Marginalia).
    const settings = JSON.parse(readFileSync(userSettingsPath, 'utf8')) as Record<string, unknown>;
    delete settings['workbench.editorAssociations'];
    await writeFile(userSettingsPath, JSON.stringify(settings, null, 2));
    await reloadWindow(wb.page);
    assert.doesNotMatch(readFileSync(userSettingsPath, 'utf8'), /editorAssociations/, 'Marginalia is asleep: nothing wrote the association');
    // quantum.pdf: VS Code shows its binary-file notice for it (attention.pdf has no NUL byte where VS Code looks, and
    // shows as text in VS Code's own editor).
    await clickInExplorer(wb.page, 'pdfs', 'quantum.pdf');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'quantum.pdf' }).waitFor();
    await wb.page.locator('.editor-container', { hasText: /binary|unsupported text encoding/i }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.page.locator('.tabs-container .tab', { hasText: 'quantum.pdf' }).count(), 1, 'one tab: the reader’s was closed');
    await waitUntil('the association written', () => (/"\*\.pdf": "default"/.test(readFileSync(userSettingsPath, 'utf8')) ? true : undefined), 30_000);
    // The reader's editor was handed over (not a Marginalia that woke earlier and wrote the association first).
    await waitUntil(
      'the hand-over in Marginalia’s log',
      () => (marginaliaLog(server!.userDataDir).includes('Gave quantum.pdf to VS Code') ? true : undefined),
      30_000,
    );
    await wb.screenshot('first-hour-pdf-turned-off-asleep');
  });
});
