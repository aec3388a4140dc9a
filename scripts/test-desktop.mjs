// `npm run test:desktop`: the extension-host suite (test/e2e/extensionHost) in desktop VS Code through
// @vscode/test-electron, for contributors whose machine can download VS Code. Where it cannot (no internet),
// `npm test` runs the same suite in code-server from the npm registry.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', cachePath: join(root, '.cache', 'vscode-test'), timeout: 30_000 });
} catch (error) {
  console.error(`
[test:desktop] Could not download VS Code: ${error instanceof Error ? error.message : String(error)}
[test:desktop] This machine cannot reach the VS Code download servers. Run \`npm test\` instead: it runs the same
[test:desktop] extension-host suite (and the UI tests) in code-server, installed from the npm registry.`);
  process.exit(1);
}

// A fresh copy of the sample workspace: the suite writes into it.
const parent = mkdtempSync(join(tmpdir(), 'marginalia-desktop-'));
const workspace = join(parent, 'sample-project');
cpSync(join(root, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'extensionHost', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`[test:desktop] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(parent, { recursive: true, force: true });
}
