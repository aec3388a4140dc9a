/**
 * Opens the VS Code workbench of a running code-server in Debian's Chromium through Playwright.
 * Never downloads a browser: `playwright-core` only drives `/usr/bin/chromium`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { artifactsDir, chromiumPath } from './tools';

/**
 * Flags for a closed network: without the background-networking ones Chromium keeps trying Google's hosts,
 * and the sandbox cannot start as root.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface WorkbenchOptions {
  /** The folder to open, an absolute path on the server's disk. */
  readonly folder: string;
  /** A `.code-workspace` file to open instead of `folder` (a multi-root workspace). */
  readonly workspaceFile?: string;
  /** Loads this extension folder in development mode, like F5 does. */
  readonly extensionDevelopmentPath?: string;
  /** A bundled suite whose `run()` the extension host calls, like `@vscode/test-electron`. */
  readonly extensionTestsPath?: string;
  /** The extension host's console, forwarded by the workbench (`codeAutomationLog`). */
  readonly onLog?: (level: string, message: string) => void;
  /** Called once the extension tests settle (`codeAutomationExit`): 0 passed, anything else failed. */
  readonly onExit?: (code: number) => void;
  readonly viewport?: { readonly width: number; readonly height: number };
  /** How long to wait for the workbench; generous because the machine is shared. */
  readonly timeoutMs?: number;
}

export interface Workbench {
  /** May be shared by the workbenches of a test run (`shareOneBrowser`): open contexts in it, never close it. */
  readonly browser: Browser;
  readonly page: Page;
  /** The URL the page was opened at. */
  readonly url: string;
  /** Saves a full-window PNG under `.test-artifacts/` and returns its path. */
  screenshot(name: string): Promise<string>;
  /** The frame of a webview whose document matches `selector` (sidebar views sit in nested iframes). */
  webviewFrame(selector: string, timeoutMs?: number): Promise<Frame>;
  close(): Promise<void>;
}

/** `vscode-remote://remote/...`: on code-server the remote authority is literally `remote`. */
function remoteUri(path: string): string {
  return `vscode-remote://remote${path}`;
}

export function workbenchUrl(server: CodeServer, options: WorkbenchOptions): string {
  // `/` stays readable in the folder path: the URL is printed for people by `npm run start`.
  const [kind, path] = options.workspaceFile ? ['workspace', options.workspaceFile] : ['folder', options.folder];
  let url = `${server.url}?${kind}=${encodeURIComponent(path).replace(/%2F/g, '/')}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(options.extensionTestsPath)]);
  if (payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Formats what `codeAutomationLog` receives: console arguments, a printf-style format string first. */
function formatLogArgs(args: unknown): string {
  return Array.isArray(args) ? format(...(args as unknown[])) : format(args);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One Chromium for every workbench of a test run, once `shareOneBrowser()` was called (the suite's root hooks do):
 * each workbench gets a context of its own, which shares no storage, cookies or cache with the others, and a launch
 * costs 1-5 s on this machine. Launched on first use, again if it crashed.
 */
let sharing = false;
let sharedBrowser: Promise<Browser> | undefined;

export function shareOneBrowser(): void {
  sharing = true;
}

export async function closeSharedBrowser(): Promise<void> {
  const browser = sharedBrowser;
  sharedBrowser = undefined;
  await (await browser?.catch(() => undefined))?.close();
}

const launchBrowser = () => chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });

async function acquireBrowser(): Promise<Browser> {
  if (!sharing) return launchBrowser();
  const current = await sharedBrowser?.catch(() => undefined);
  if (current?.isConnected()) return current;
  sharedBrowser = launchBrowser();
  return sharedBrowser;
}

export async function openWorkbench(server: CodeServer, options: WorkbenchOptions): Promise<Workbench> {
  const timeout = options.timeoutMs ?? 90_000;
  const ownBrowser = !sharing;
  const browser = await acquireBrowser();
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } }).catch(async (error: unknown) => {
    if (ownBrowser) await browser.close();
    throw error;
  });
  // Closing the context ends its pages; the browser goes too unless it is the shared one.
  const close = async () => {
    await context.close();
    if (ownBrowser) await browser.close();
  };
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    // Both hooks must exist before the workbench loads: it looks them up when the extension host logs or exits.
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => options.onLog?.(level, formatLogArgs(args)));
    await page.exposeFunction('codeAutomationExit', (code: number) => options.onExit?.(code));
    const url = workbenchUrl(server, options);
    await page.goto(url);
    // The smoke-test driver exposes window.driver; its promise settles once the workbench is restored.
    await page.waitForFunction(() => typeof (window as { driver?: unknown }).driver === 'object', undefined, { timeout });
    await page.evaluate(() => (window as unknown as { driver: { whenWorkbenchRestored(): Promise<void> } }).driver.whenWorkbenchRestored());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });

    const workbench: Workbench = {
      browser,
      page,
      url,
      async screenshot(name) {
        mkdirSync(artifactsDir, { recursive: true });
        const path = join(artifactsDir, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      async webviewFrame(selector, frameTimeout = timeout) {
        const deadline = Date.now() + frameTimeout;
        for (;;) {
          for (const frame of page.frames()) {
            if (frame === page.mainFrame()) continue;
            try {
              if ((await frame.locator(selector).count()) > 0) return frame;
            } catch {
              // A frame detached while we looked: webviews reload their inner frame.
            }
          }
          if (Date.now() > deadline) throw new Error(`no webview frame contains ${selector} (${await workbenchState(page)})`);
          await sleep(250);
        }
      },
      close,
    };
    return workbench;
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * What the workbench shows, for a failure message read where no screenshot is (a CI log): tabs, quick input, toasts,
 * and the start of each webview's text. The page script is a string: tsx compiles functions with a `__name` helper
 * that the page does not have.
 */
const workbenchStateScript = `(() => {
  const text = (e) => (e.textContent || '').replace(/\\s+/g, ' ').trim();
  const tabs = [...document.querySelectorAll('.tabs-container .tab')].map((t) => (t.classList.contains('active') ? '*' : '') + text(t));
  const quick = document.querySelector('.quick-input-widget');
  const open = quick && quick.style.display !== 'none' ? text(quick).slice(0, 200) : 'closed';
  const notes = [...document.querySelectorAll('.notification-list-item-message')].map(text).slice(-3);
  return 'tabs: ' + (tabs.join(' | ') || 'none') + '; quick input: ' + open + '; notifications: ' + (notes.join(' | ') || 'none');
})()`;

async function workbenchState(page: Page): Promise<string> {
  try {
    const state = (await page.evaluate(workbenchStateScript)) as string;
    const views: string[] = [];
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.parentFrame() === page.mainFrame()) continue;
      const body = (await frame
        .evaluate('(document.body && document.body.innerText || "").replace(/\\s+/g, " ").trim().slice(0, 160)')
        .catch(() => '')) as string;
      if (body) views.push(body);
    }
    return `${state}; webviews: ${views.map((v) => `[${v}]`).join(' ') || 'none'}`;
  } catch (error) {
    return `workbench state unknown: ${error instanceof Error ? error.message : String(error)}`;
  }
}
