/**
 * Workspace settings written while VS Code runs, and a wait for VS Code to have read them. VS Code picks a changed
 * `.vscode/settings.json` up by a file watcher, in its own time (a second or more on a loaded machine); a test that
 * opens something right after writing the file would otherwise race the watcher. The file also sets `window.title`
 * to a marker of its own: the browser tab's title shows it once the workbench has applied the new configuration,
 * which it sends to the extension host in the same change event.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

let generation = 0;

export async function applyWorkspaceSettings(page: Page, folder: string, settings: Record<string, unknown>, timeout = 60_000): Promise<void> {
  const marker = `marginalia-settings-${process.pid}-${++generation}`;
  await mkdir(join(folder, '.vscode'), { recursive: true });
  await writeFile(join(folder, '.vscode', 'settings.json'), JSON.stringify({ ...settings, 'window.title': `\${rootName} ${marker}` }, null, 2));
  await page.waitForFunction((want) => document.title.includes(want), marker, { timeout });
}
