import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { staticPageCsp, webviewCsp } from '../../src/host/webviewCsp';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const source = 'https://file+.vscode-resource.vscode-cdn.net';

describe('the webviews’ Content-Security-Policy', () => {
  for (const [name, csp] of [
    ['a page', webviewCsp({ cspSource: source, nonce: 'abc' })],
    [
      'the PDF reader',
      webviewCsp({ cspSource: source, nonce: 'abc', extraScriptSrc: ["'wasm-unsafe-eval'"], extraCsp: ['worker-src blob:', `connect-src ${source}`] }),
    ],
    ['a placeholder page', staticPageCsp],
  ] as const) {
    it(`closes base-uri and form-action, and loads nothing from the network: ${name}`, () => {
      const parsed = directives(csp);
      assert.deepEqual(parsed.get('default-src'), ["'none'"]);
      // Neither falls back to default-src: left out, an injected <base> or <form> would be allowed.
      assert.deepEqual(parsed.get('base-uri'), ["'none'"]);
      assert.deepEqual(parsed.get('form-action'), ["'none'"]);
      for (const [directive, sources] of parsed) {
        for (const s of sources) assert.ok(!/^(https?:|\*|'unsafe-inline'$)/.test(s) || s === source, `${directive} allows ${s}`);
      }
    });
  }

  it('is the only place a CSP is written', () => {
    const writers = sourceFiles(join(__dirname, '..', '..', 'src')).filter((path) => /Content-Security-Policy/.test(readFileSync(path, 'utf8')));
    for (const path of writers) {
      const text = readFileSync(path, 'utf8');
      assert.match(text, /webviewCsp\(|staticPageCsp/, `${path} writes a CSP of its own`);
    }
    assert.ok(writers.length >= 2);
  });
});
