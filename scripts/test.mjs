// `npm test`: everything a change must pass, in one command, on a fresh clone.
//   1. npm ci when node_modules is missing
//   2. the packaged .vsix (production build) and the development build with the extension-host test bundle
//   3. typecheck and lint
//   4. the end-to-end tools (code-server, Node 24, Chromium), installed on first use
//   5. ONE mocha run: unit tests, the extension-host suite inside code-server, and the UI tests
// Mocha runs last so that the output ends with its summary line; the exit code is non-zero on any failure.
//
// Options: --unit (unit tests only: no packaging, no tools, no VS Code); anything after `--` goes to mocha,
// e.g. `npm test -- -- --grep Papers`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dashDash = argv.indexOf('--');
const ownArgs = dashDash === -1 ? argv : argv.slice(0, dashDash);
const mochaArgs = dashDash === -1 ? [] : argv.slice(dashDash + 1);
const unitOnly = ownArgs.includes('--unit');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function step(title, command, args) {
  console.log(`\n[test] ▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`[test] ✘ ${title} failed after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`[test] ✔ ${title} (${seconds} s)`);
}

const started = Date.now();
if (!existsSync(join(root, 'node_modules'))) step('install dependencies', 'npm', ['ci']);
if (!unitOnly) step('package the .vsix (production build)', process.execPath, ['scripts/package.mjs']);
step('build (development, with the extension-host test bundle)', process.execPath, ['esbuild.mjs', '--tests']);
step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
step('lint', bin('eslint'), ['.']);
if (!unitOnly) step('end-to-end tools (installed on first use)', bin('tsx'), ['scripts/harness/install.ts']);
console.log(`\n[test] ▶ mocha: ${unitOnly ? 'unit tests' : 'unit tests, extension host suite and UI in code-server'} (${Math.round((Date.now() - started) / 1000)} s so far)`);
const mocha = spawnSync(bin('mocha'), ['--config', unitOnly ? '.mocharc.unit.json' : '.mocharc.all.json', ...mochaArgs], { cwd: root, stdio: 'inherit' });
process.exit(mocha.status ?? 1);
