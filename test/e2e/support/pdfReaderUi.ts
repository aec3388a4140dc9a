/**
 * Driving the PDF reader in the real workbench: open a file, wait until the reader has painted what is in view,
 * read its state (the `data-*` attributes of its body), and measure the pixels of a page.
 */
import { strict as assert } from 'node:assert';
import type { Frame, Page } from 'playwright-core';
import type { Workbench } from '../../../scripts/harness/workbench';
import { keyboardOnWorkbench } from './vscodeUi';

export interface ReaderData {
  readonly state?: string;
  readonly error?: string;
  readonly page?: string;
  readonly pages?: string;
  readonly zoom?: string;
  readonly pageColors?: string;
  /** Highlights the reader has, and how many of them it has placed on their pages. */
  readonly highlights?: string;
  readonly placed?: string;
  /** How the document reached pdf.js: `host` (pdf.js's worker in the extension host's thread), `bytes`, `ranges`, `url`. */
  readonly source?: string;
  /** When the page painted its first page, and showed the last visit's picture (ms since the page started). */
  readonly firstPageMs?: string;
  readonly pictureMs?: string;
  /** How many pictures of the window the reader has taken (webview/pdf/lastPicture.ts). */
  readonly picturesTaken?: string;
}

export async function readerData(frame: Frame): Promise<ReaderData> {
  return frame.evaluate(() => ({ ...document.body.dataset }) as ReaderData);
}

/** Goes to a page through the reader's page box, as a user types it, and waits until the reader is there. */
export async function typePage(frame: Frame, page: number): Promise<void> {
  const pageInput = frame.locator('.page-input input');
  await pageInput.fill(String(page));
  await pageInput.press('Enter');
  await frame.waitForFunction((p) => document.body.dataset.page === p, String(page));
}

/** Resolves when every queued render of the reader has finished. */
export async function readerIdle(frame: Frame): Promise<void> {
  await frame.evaluate(() => (globalThis as { marginaliaPdfReader?: { whenIdle(): Promise<void> } }).marginaliaPdfReader?.whenIdle());
}

/** The reader showing `name`, once it has opened it (or failed to) and has nothing left to render. */
export async function readerFrame(workbench: Workbench, name: string, timeout = 90_000): Promise<Frame> {
  const frame = await workbench.webviewFrame(`body[data-name="${name}"]`, timeout);
  await frame.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error', undefined, { timeout });
  await readerIdle(frame);
  return frame;
}

/**
 * Opens the quick input with a key, types into it and accepts the row. The keyboard is put on the activity bar first,
 * not left in the reader: when a quick input closes, VS Code gives the focus back to what had it, and a webview
 * (the reader) takes it only when its frame gets round to it. On a busy machine that is after the command run from
 * the palette has opened its own quick pick, which then closes (or sits there without the keyboard).
 */
export async function quickInput(page: Page, key: string, text: string, row: string | RegExp): Promise<void> {
  await keyboardOnWorkbench(page);
  await page.keyboard.press(key);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: row }).waitFor();
  await page.keyboard.press('Enter');
}

/** Quick Open a workspace file (`*.pdf` is associated with the reader in the test profiles). */
export async function quickOpenFile(page: Page, name: string): Promise<void> {
  await quickInput(page, 'Control+P', name, name);
}

export async function runPaletteCommand(page: Page, label: string): Promise<void> {
  await quickInput(page, 'F1', `>${label}`, label);
}

/** Runs "Developer: Reload Window" and resolves once the new window's workbench is restored. */
export async function reloadWindow(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 90_000 });
  await runPaletteCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.waitForFunction(() => typeof (window as { driver?: unknown }).driver === 'object', undefined, { timeout: 90_000 });
  await page.evaluate(() => (window as unknown as { driver: { whenWorkbenchRestored(): Promise<void> } }).driver.whenWorkbenchRestored());
}

/** Opens a workspace PDF and waits for the reader. */
export async function openPdf(workbench: Workbench, name: string): Promise<Frame> {
  await quickOpenFile(workbench.page, name);
  return readerFrame(workbench, name);
}

/** Calls the reader's test hook: go to a page (1-based) and wait for it to be painted. */
export async function goToPage(frame: Frame, page: number): Promise<void> {
  await frame.evaluate((n) => (globalThis as { marginaliaPdfReader?: { goToPage(n: number): void } }).marginaliaPdfReader?.goToPage(n), page);
  await frame.waitForFunction((n) => document.body.dataset.page === String(n), page);
  await readerIdle(frame);
}

/** Mean colour of a page's canvas and the share of its sampled pixels that differ from the paper (ink). */
export async function pagePixels(
  frame: Frame,
  pageNumber = 1,
): Promise<{ ink: number; mean: number; rgb: [number, number, number]; paper: [number, number, number] }> {
  return frame.evaluate((n) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`.page[data-page="${n}"] canvas.page-canvas`);
    if (!canvas) return { ink: 0, mean: 0, rgb: [0, 0, 0] as [number, number, number], paper: [0, 0, 0] as [number, number, number] };
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const paper: [number, number, number] = [data[0]!, data[1]!, data[2]!];
    let ink = 0;
    let samples = 0;
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4 * 13) {
      samples++;
      for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
      if (Math.abs(data[i]! - paper[0]) + Math.abs(data[i + 1]! - paper[1]) + Math.abs(data[i + 2]! - paper[2]) > 90) ink++;
    }
    const rgb = sum.map((s) => s / samples) as [number, number, number];
    return { ink: ink / samples, mean: (rgb[0] + rgb[1] + rgb[2]) / 3, rgb, paper };
  }, pageNumber);
}

/** The page's box and the viewer's, in the webview's CSS pixels. */
export async function pageAndViewerBoxes(frame: Frame, pageNumber: number): Promise<{ page: DOMRect; viewer: { width: number; height: number } }> {
  return frame.evaluate((n) => {
    const page = document.querySelector(`.page[data-page="${n}"]`)!.getBoundingClientRect().toJSON() as DOMRect;
    const v = document.querySelector('.viewer') as HTMLElement;
    return { page, viewer: { width: v.clientWidth, height: v.clientHeight } };
  }, pageNumber);
}

/** Selects text on a page of the reader by dragging across the start of a text-layer line, as a user would. */
export async function dragSelect(workbench: Workbench, frame: Frame, page: number, lineStart: RegExp, share: number): Promise<void> {
  const span = frame.locator(`.page[data-page="${page}"] .textLayer span`, { hasText: lineStart }).first();
  const box = await span.boundingBox();
  assert.ok(box, `the text layer of page ${page} has a line starting ${lineStart}`);
  await workbench.page.mouse.move(box.x + 2, box.y + box.height / 2);
  await workbench.page.mouse.down();
  await workbench.page.mouse.move(box.x + box.width * share, box.y + box.height / 2, { steps: 8 });
  await workbench.page.mouse.up();
}

/**
 * Where the first highlight of a page is on screen, once it is there. The reader draws highlights again when the
 * note file changes, so a box is asked for until one is given rather than taken from a single look.
 */
export async function highlightBox(frame: Frame, page: number): Promise<{ x: number; y: number; width: number; height: number }> {
  const mark = frame.locator(`.page[data-page="${page}"] .marks-highlights .hl`).first();
  await mark.waitFor();
  for (let tries = 0; tries < 50; tries++) {
    const box = await mark.boundingBox();
    if (box) return box;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`no highlight on page ${page} stayed on screen`);
}
