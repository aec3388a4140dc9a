/**
 * The layers' import rules hold because ESLint enforces them: a deliberate violation in each layer must fail lint.
 * (docs/architecture.md says what may import what.)
 */
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint();
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers: what may import what (ESLint)', function () {
  this.timeout(60_000);

  it('src/core imports neither vscode, Node, the host, the webviews nor src/protocol', async () => {
    const messages = await restrictedImports(
      'src/core/paperList.ts',
      [
        "import * as vscode from 'vscode';",
        "import { readFileSync } from 'node:fs';",
        "import type { QueryRequest } from '../protocol/sidebar';",
        "import { LibraryService } from '../host/library/libraryService';",
        'export const probe: unknown[] = [vscode, readFileSync, LibraryService];',
        'export type Probe = QueryRequest;',
      ].join('\n'),
    );
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.ok(messages.some((m) => /must not import src\/protocol/.test(m)));
  });

  it('webviews import neither vscode, Node nor the extension host', async () => {
    const messages = await restrictedImports(
      'webview/sidebar/main.ts',
      [
        "import * as vscode from 'vscode';",
        "import { join } from 'path';",
        "import { activate } from '../../src/extension';",
        "import { FeedService } from '../../src/host/feeds/feedService';",
        'export const probe: unknown[] = [vscode, join, activate, FeedService];',
      ].join('\n'),
    );
    assert.equal(messages.length, 4, messages.join('\n'));
  });

  it('the protocol may carry the core’s types, and the real files pass', async () => {
    assert.deepEqual(
      await restrictedImports('src/protocol/sidebar.ts', "import type { PaperRow } from '../core/paperListTypes';\nexport type Row = PaperRow;\n"),
      [],
    );
    const eslint = new ESLint();
    const results = await eslint.lintFiles(['src/core/paperList.ts', 'src/protocol/sidebar.ts', 'webview/sidebar/main.ts']);
    assert.deepEqual(
      results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`)),
      [],
    );
  });
});
