/**
 * Small, reusable moves in the VS Code UI through Playwright. Selectors are VS Code's own DOM classes and ARIA
 * labels, which have been stable for years; keep new ones here so a VS Code update is fixed in one place.
 */
import { strict as assert } from 'node:assert';
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
  // The list is hidden while a feed loads: its rows are those of the feed before until it shows again.
  await frame.locator('.paper .title').first().waitFor({ state: 'visible' });
  return frame;
}

/**
 * Runs a command from the palette. The palette can open before an extension's commands are registered, so it
 * waits for the focused row to show the command and retries by reopening the palette.
 */
export async function runCommand(page: Page, label: string, attempts = 5): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await keyboardOnWorkbench(page);
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

/**
 * Switches the feed with "Marginalia: Switch Feed Source" and returns the Papers view. A QuickPick closes when the
 * keyboard focus moves; once in a full run it closed under the click (cause not found), so it is opened again if it
 * closed.
 */
export async function switchFeedSource(workbench: Workbench, label: string): Promise<Frame> {
  const { page } = workbench;
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, 'Marginalia: Switch Feed Source');
    const pick = quickPick(page, 'Marginalia: Switch Feed Source');
    try {
      await pick.rows.filter({ hasText: label }).first().click({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      if (await pick.widget.isVisible()) await page.keyboard.press('Escape');
    }
  }
  return openPapersView(workbench);
}

/**
 * A file or folder at `name` in the Explorer, shown once the extensions' contributions are read (the Papers icon is
 * one of them): VS Code picks a file's editor and its menu's entries from them, so a click before would miss ours.
 */
export async function explorerRow(page: Page, name: string): Promise<Locator> {
  await page.locator('.activitybar [aria-label^="Papers"]').first().waitFor({ state: 'visible' });
  const explorer = page.locator('.explorer-folders-view');
  if (!(await explorer.isVisible())) await page.keyboard.press('Control+Shift+E');
  await explorer.waitFor({ state: 'visible' });
  return explorer.locator('.monaco-list-row', { hasText: new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*$`) });
}

/** The screen point of the middle of `needle` in an editor's rendered lines (waits until it is rendered). */
export async function textBox(page: Page, needle: string): Promise<{ x: number; y: number }> {
  const handle = await page.waitForFunction((text) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const full = nodes
        .map((n) => n.data)
        .join('')
        .replace(/\u00a0/g, ' ');
      const at = full.indexOf(text);
      if (at === -1) continue;
      // The middle character of the needle, found in whichever token span holds it.
      let target = at + Math.floor(text.length / 2);
      for (const node of nodes) {
        if (target < node.data.length) {
          const range = document.createRange();
          range.setStart(node, target);
          range.setEnd(node, target + 1);
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        target -= node.data.length;
      }
    }
    return undefined;
  }, needle);
  return (await handle.jsonValue())!;
}

/** Ctrl+click on `needle` in the open editor, as a user follows a link. */
export async function ctrlClick(page: Page, needle: string): Promise<void> {
  const at = await textBox(page, needle);
  // From beside the line, so the pointer really moves onto the id (no hover before Ctrl is down).
  await page.mouse.move(at.x, at.y + 200);
  await page.keyboard.down('Control');
  // The editor marks a link under the pointer with Ctrl held once the document's links are in (the extension
  // computes them after the file opens) and the pointer moves: click only then, as a person does on seeing the
  // underline. A person who sees none moves the pointer a little; so does this.
  const active = page.locator('.monaco-editor .detected-link-active').first();
  const deadline = Date.now() + 30_000;
  for (let nudge = 0; ; nudge++) {
    await page.mouse.move(at.x + (nudge % 2), at.y, { steps: 4 });
    if (
      await active.waitFor({ timeout: 2_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    assert.ok(Date.now() < deadline, `the editor marks ${needle} as a link under Ctrl`);
  }
  await page.mouse.click(at.x + 0, at.y);
  await page.keyboard.up('Control');
}

/**
 * Puts the keyboard on the activity bar and waits until it stays there. A webview that had it (the reader, the paper
 * view, a Markdown preview) takes it back a moment after the focus moved, and keys pressed meanwhile (Ctrl+P, F1) go
 * to the webview, which passes them on to the workbench late or not at all on a busy machine.
 */
export async function keyboardOnWorkbench(page: Page): Promise<void> {
  const onActivityBar = () => page.evaluate(() => document.activeElement?.closest('.part.activitybar') !== null);
  const deadline = Date.now() + 15_000;
  let steadySince = 0;
  while (Date.now() - steadySince < 300 || !steadySince) {
    if (!(await onActivityBar())) {
      assert.ok(Date.now() < deadline, 'the keyboard stays on the activity bar before the quick input opens');
      await page.locator('.part.activitybar [role="tab"]').first().focus();
      steadySince = 0;
    } else if (!steadySince) steadySince = Date.now();
    await page.waitForTimeout(50);
  }
}

/** Quick Open (Ctrl+P) a workspace file by `name` and waits until the editor shows a line containing `line`. */
export async function openFile(page: Page, name: string, line: string, row = name.slice(name.lastIndexOf('/') + 1)): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const focused = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: row });
  // A file written a moment ago can be missing from the file list Quick Open searched when it opened: a person who
  // does not see it closes Quick Open and opens it again, and so does this (a new search each time), waiting longer
  // each time (a minute in all).
  for (const [attempt, timeout] of [2_000, 4_000, 8_000, 15_000, 15_000, 15_000].entries()) {
    await keyboardOnWorkbench(page);
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    if (
      await focused.waitFor({ timeout }).then(
        () => true,
        () => false,
      )
    )
      break;
    await page.keyboard.press('Escape');
    assert.ok(attempt < 5, `Quick Open lists ${name}`);
  }
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-line', { hasText: line }).first().waitFor();
}

/**
 * Hovers `needle` in the editor until `hover` shows. Activation and the library scan run in the background, so a
 * first hover can come before the paper is known: it moves away and hovers again.
 */
export async function hoverUntil(page: Page, needle: string, hover: Locator, attempts = 9): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(10, 10);
    const at = await textBox(page, needle);
    await page.mouse.move(at.x, at.y);
    try {
      await hover.waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** Opens the paper titled `title` from the Papers view and returns its paper view's frame (found by `selector`). */
export async function openPaperFromList(workbench: Workbench, title: string, selector = '.notes-section'): Promise<Frame> {
  const papers = await openPapersView(workbench);
  await papers.locator('.paper .title', { hasText: title }).first().click();
  return workbench.webviewFrame(selector);
}

/** Polls `probe` (a file on disk, say) until it gives a value. */
export async function waitUntil<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Opens a URI of the product's scheme (`vscode://…`, `code-oss://…` here) the way desktop VS Code does when the OS or a
 * webview link hands it one: through the workbench's URL service ("Developer: Open URL"), which gives it to the
 * extension's URI handler once the user allows it in VS Code's dialog.
 */
export async function openProductUri(workbench: Workbench, uri: string, screenshot?: string): Promise<void> {
  const { page } = workbench;
  await runCommand(page, 'Developer: Open URL');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(uri);
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box', { hasText: "Allow 'Marginalia' extension to open this URI?" });
  await dialog.waitFor();
  if (screenshot) await workbench.screenshot(screenshot);
  await dialog.getByRole('button', { name: 'Open' }).click();
}

/**
 * Types "mamba" into the Papers view's search box (over the bundled sample feed of 96 papers) and checks that the
 * list narrows to papers about Mamba, the best first. Returns the search box, to clear it.
 */
export async function searchSampleFeedForMamba(frame: Frame): Promise<Locator> {
  // vscode-textfield is a web component; Playwright's CSS locators pierce its open shadow root.
  const search = frame.locator('vscode-textfield.search input');
  await search.click();
  await search.pressSequentially('mamba', { delay: 30 });
  const status = frame.locator('.status', { hasText: /^\d+ of 96 papers/ });
  await status.waitFor();
  const shown = Number(/^(\d+) of/.exec((await status.textContent()) ?? '')?.[1]);
  assert.ok(shown > 0 && shown < 96, `the search shows ${shown} of 96 papers`);
  await frame.locator('.paper .title', { hasText: /mamba/i }).first().waitFor();
  const titles = await frame.locator('.paper .title').allTextContents();
  assert.match(titles[0] ?? '', /mamba/i, 'the best match is about Mamba');
  return search;
}

/** Which of the Papers view's rendered queries were shown from the host's look ahead, and how many it corrected. */
export function lookaheadRecords(frame: Frame): Promise<{ ahead: boolean[]; from: string[]; corrections: number }> {
  return frame.evaluate(() => {
    const g = globalThis as unknown as { marginaliaBreakdown: { shownFrom: string }[]; marginaliaLookaheadCorrections: () => number };
    const from = g.marginaliaBreakdown.map((b) => b.shownFrom);
    return { ahead: from.map((f) => f === 'lookahead'), from, corrections: g.marginaliaLookaheadCorrections() };
  });
}

/**
 * Clears the Papers view's search and types `text` at a human pace (250 ms a key: each answer's look ahead arrives
 * before the next key), waits for a title matching `shows`, and returns the look-ahead records of those keystrokes
 * (the correction count is the view's total).
 */
export async function typeAtHumanPace(
  frame: Frame,
  page: Page,
  text: string,
  shows: RegExp,
): Promise<{ ahead: boolean[]; from: string[]; corrections: number }> {
  const search = frame.locator('vscode-textfield.search input');
  await search.fill('');
  await frame.locator('.status', { hasText: /^\d+ papers/ }).waitFor();
  const start = (await lookaheadRecords(frame)).from.length;
  await search.pressSequentially(text, { delay: 250 });
  await frame.locator('.paper .title', { hasText: shows }).first().waitFor();
  await page.waitForTimeout(500);
  const all = await lookaheadRecords(frame);
  return { ahead: all.ahead.slice(start), from: all.from.slice(start), corrections: all.corrections };
}

/**
 * Where `text` stands in the paper view's abstract, in the frame's CSS pixels: the middle of the left edge of its
 * first line box (x1, y1) and of the right edge of its last (x2, y2). Undefined when no single text node holds it.
 */
export function abstractTextEnds(frame: Frame, text: string): Promise<{ x1: number; y1: number; x2: number; y2: number } | undefined> {
  return frame.evaluate((needle) => {
    const walker = document.createTreeWalker(document.querySelector('[data-abstract]')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const start = node.textContent!.indexOf(needle);
      if (start === -1) continue;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + needle.length);
      const rects = [...range.getClientRects()];
      const first = rects[0]!;
      const last = rects[rects.length - 1]!;
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    return undefined;
  }, text);
}
