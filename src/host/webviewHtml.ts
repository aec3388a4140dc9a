import * as vscode from 'vscode';
import { webviewCsp } from './webviewCsp';

/** A fresh random nonce for one render of a webview page. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface WebviewPageOptions {
  readonly webview: vscode.Webview;
  readonly extensionUri: vscode.Uri;
  /** Bundle name under `dist/webview/` (without `.js`). */
  readonly script: string;
  readonly title: string;
  /** Extra stylesheets under `dist/media/`. */
  readonly styles?: readonly string[];
  /** Data for the page, passed as an escaped `data-*` attribute, never as HTML. */
  readonly bootstrap?: unknown;
  /** Extra CSP sources, e.g. `worker-src blob:`. */
  readonly extraCsp?: readonly string[];
  /** Extra `script-src` sources beside the nonce, e.g. `'wasm-unsafe-eval'` (a second `script-src` directive would be ignored). */
  readonly extraScriptSrc?: readonly string[];
  /** Files under `dist/` the page will `fetch()` early: the browser starts loading them while it loads the script. */
  readonly preloadFetches?: readonly (readonly string[])[];
  /** A small bundle under `dist/webview/` run as soon as it arrives (async, from `<head>`), usually before the main one. */
  readonly bootScript?: string;
  /** `data-*` attributes of the boot script's tag (it runs before the body and its bootstrap data exist). */
  readonly bootData?: Readonly<Record<string, string>>;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The HTML shell of a webview: strict CSP with a nonce, every URL through `asWebviewUri`. */
export function renderWebviewPage(options: WebviewPageOptions): string {
  const { webview, extensionUri } = options;
  const nonce = makeNonce();
  const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  const csp = webviewCsp({ cspSource: webview.cspSource, nonce, extraScriptSrc: options.extraScriptSrc, extraCsp: options.extraCsp });
  const styles = [
    `<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${escapeAttribute(asset('dist', 'media', 'codicon.css'))}">`,
    ...(options.styles ?? []).map((name) => `<link rel="stylesheet" href="${escapeAttribute(asset('dist', 'media', name))}">`),
    `<link rel="stylesheet" href="${escapeAttribute(asset('dist', 'webview', `${options.script}.css`))}">`,
    ...(options.preloadFetches ?? []).map(
      (segments) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeAttribute(asset('dist', ...segments))}">`,
    ),
  ].join('\n    ');
  const bootstrap = escapeAttribute(JSON.stringify(options.bootstrap ?? null));
  const bootData = Object.entries(options.bootData ?? {})
    .map(([name, value]) => ` data-${name.replace(/[^a-z0-9-]/g, '')}="${escapeAttribute(value)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeAttribute(options.title)}</title>
    ${styles}${options.bootScript ? `\n    <script async nonce="${nonce}" src="${escapeAttribute(asset('dist', 'webview', `${options.bootScript}.js`))}"${bootData}></script>` : ''}
  </head>
  <body data-bootstrap="${bootstrap}">
    <script type="module" nonce="${nonce}" src="${escapeAttribute(asset('dist', 'webview', `${options.script}.js`))}"></script>
  </body>
</html>`;
}
