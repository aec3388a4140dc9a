/**
 * The Content-Security-Policy of every Marginalia webview. No `vscode` import, so unit tests can check it.
 *
 * Nothing loads from the network: styles, fonts and scripts come from the extension (`cspSource`), scripts only
 * with the page's nonce; images only from the extension and `data:` (pdf.js draws some of its own). `base-uri` and
 * `form-action` do not fall back to `default-src`, so they are closed explicitly: an injected `<base>` cannot
 * redirect the page's relative URLs and no form can post anywhere.
 */
export interface CspOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  /** Extra `script-src` sources beside the nonce, e.g. `'wasm-unsafe-eval'`. */
  readonly extraScriptSrc?: readonly string[];
  /** Extra directives, e.g. `worker-src blob:`. */
  readonly extraCsp?: readonly string[];
}

export function webviewCsp(options: CspOptions): string {
  const { cspSource, nonce } = options;
  return [
    "default-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    [`script-src 'nonce-${nonce}'`, ...(options.extraScriptSrc ?? [])].join(' '),
    ...(options.extraCsp ?? []),
  ].join('; ');
}

/** A page with no script, style or image of its own (a placeholder message). */
export const staticPageCsp = "default-src 'none'; base-uri 'none'; form-action 'none'";
