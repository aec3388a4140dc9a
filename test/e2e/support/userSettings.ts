/**
 * The user's settings changed while VS Code runs, in VS Code's own editor of `settings.json`: VS Code does not pick
 * up the file edited from outside. The text is put in whole (typed, the editor would close quotes as they come), what
 * the editor adds after it is removed, and it is saved. This resolves once the file on disk holds the new settings;
 * VS Code applies them from its save, and a test waits for what they do (nothing in the window shows them for
 * certain: a workspace's `window.title`, say, wins over the user's).
 */
import { isDeepStrictEqual } from 'node:util';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { runPaletteCommand } from './pdfReaderUi';

/** Replaces the user's settings (`settings.json` at `path`) with `settings`; resolves with what they were. */
export async function applyUserSettings(page: Page, path: string, settings: Record<string, unknown>, timeout = 60_000): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8');
  let before: Record<string, unknown>;
  try {
    before = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${String(error)}:\n${text}`);
  }
  await runPaletteCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor', { hasText: '"workbench.' }).first();
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify(settings, null, 2));
  // What the editor closed for the text (a bracket) comes after it: gone too. (Its indenting is only whitespace.)
  await page.keyboard.press('Control+Shift+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  const saved = async () => {
    try {
      return isDeepStrictEqual(JSON.parse(await readFile(path, 'utf8')), settings);
    } catch {
      return false; // not written yet, or half written
    }
  };
  for (const deadline = Date.now() + timeout; !(await saved()); await page.waitForTimeout(100)) {
    if (Date.now() > deadline) throw new Error(`the user's settings were not saved: ${await readFile(path, 'utf8')}`);
  }
  await runPaletteCommand(page, 'View: Close All Editors');
  return before;
}
