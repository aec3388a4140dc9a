/**
 * The user's settings changed while VS Code runs, in VS Code's own editor of `settings.json`: VS Code does not pick
 * up the file edited from outside. The text is put in whole (typed, the editor would close quotes as they come), what
 * the editor adds after it is removed, and it is saved; then a wait until the workbench has applied it: the new
 * settings set `window.title` to a marker of their own, which the browser tab shows once VS Code has sent the new
 * configuration to the extension host (the same change event).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { runPaletteCommand } from './pdfReaderUi';

let generation = 0;

/** Replaces the user's settings (`settings.json` at `path`) with `settings`; resolves with what they were. */
export async function applyUserSettings(page: Page, path: string, settings: Record<string, unknown>, timeout = 60_000): Promise<Record<string, unknown>> {
  const text = await readFile(path, 'utf8');
  let before: Record<string, unknown>;
  try {
    before = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${String(error)}:\n${text}`);
  }
  const marker = `marginalia-user-settings-${process.pid}-${++generation}`;
  await runPaletteCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor', { hasText: '"workbench.' }).first();
  await editor.waitFor();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify({ ...settings, 'window.title': `\${rootName} ${marker}` }, null, 2));
  // What the editor closed for the text (a bracket) comes after it: gone too. (Its indenting is only whitespace.)
  await page.keyboard.press('Control+Shift+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  await page.waitForFunction((want) => document.title.includes(want), marker, { timeout });
  await runPaletteCommand(page, 'View: Close All Editors');
  return before;
}
