/** What every Node-side e2e test needs: the tools, paths of the built extension, and timeouts for a busy machine. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, toolsInstalled } from '../../../scripts/harness/tools';

export { repoRoot };

/** VS Code start-up is seconds on an idle machine and can be a minute on a loaded 2-core one. */
export const e2eTimeoutMs = 240_000;

export const extensionTestsPath = join(repoRoot, 'out', 'test', 'extensionHost', 'index.js');

/** Made by `npm run package` (npm test runs it before mocha). */
export const vsixPath = join(repoRoot, 'dist', 'marginalia.vsix');

export function assertVsixBuilt(): void {
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` (npm test does it for you)`);
}

/** Fails fast with the command to run instead of a cryptic spawn error. */
export function assertE2eReady(): void {
  if (!toolsInstalled()) {
    throw new Error('code-server or Chromium is missing: run `npm test` (installs them on first use) or `npx tsx scripts/harness/install.ts`');
  }
  if (!existsSync(join(repoRoot, 'dist', 'extension.node.js')) || !existsSync(extensionTestsPath)) {
    throw new Error('the extension or its test suite is not built: run `node esbuild.mjs --tests`');
  }
}
