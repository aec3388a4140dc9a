/**
 * Small, reusable moves in the VS Code UI through Playwright. Selectors are VS Code's own DOM classes and ARIA
 * labels, which have been stable for years; keep new ones here so a VS Code update is fixed in one place.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import type { Workbench } from '../../../scripts/harness/workbench';

/** Clicks an activity-bar entry (e.g. "Papers") and waits for its side bar to show. */
export async function openViewContainer(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar [aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible' });
  const sideBarTitle = page.locator('.part.sidebar .composite.title h2');
  if ((await sideBarTitle.textContent())?.trim().toLowerCase() !== title.toLowerCase()) await item.click();
  await page.locator('.part.sidebar .composite.title h2', { hasText: new RegExp(`^${title}$`, 'i') }).waitFor({ state: 'visible' });
  // Away from the activity bar, so its hover label does not cover the view in screenshots.
  await page.mouse.move(800, 600);
}

/** The Papers sidebar: opens it and returns the frame of its webview once the list has rows. */
export async function openPapersView(workbench: Workbench): Promise<Frame> {
  await openViewContainer(workbench.page, 'Papers');
  const frame = await workbench.webviewFrame('.paper .title');
  return frame;
}

/**
 * Runs a command from the palette. The palette can open before an extension's commands are registered, so it
 * waits for the focused row to show the command and retries by reopening the palette.
 */
export async function runCommand(page: Page, label: string, attempts = 5): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const focused = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: label });
    try {
      await focused.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= attempts) throw error;
    }
  }
}

/** The open quick input (QuickPick) with the given title. */
export function quickPick(page: Page, title: string): { readonly widget: Locator; readonly rows: Locator; readonly input: Locator } {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  return { widget, rows: widget.locator('.quick-input-list .monaco-list-row'), input: widget.locator('.quick-input-box input') };
}
