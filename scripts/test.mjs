// `npm test`: everything a change must pass, in one command, on a fresh clone.
//   1. npm ci when node_modules is missing
//   2. the packaged .vsix (production build) and the development build with the extension-host test bundle
//   3. typecheck and lint
//   4. the end-to-end tools (code-server, Node 24, Chromium), installed on first use, in the background during 2-3
//   5. ONE mocha run: unit tests, the extension-host suite inside code-server, and the UI tests
// Mocha runs last so that the output ends with its summary line; the exit code is non-zero on any failure.
//
// Options: --unit (unit tests only: no packaging, no tools, no VS Code); anything after `--` goes to mocha,
// e.g. `npm test -- -- --grep Papers`.
import { spawn } from 'node:child_process';
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

/** Runs a command to completion; asynchronous so the background install's output keeps flowing meanwhile. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function step(title, command, args) {
  console.log(`\n[test] ▶ ${title}`);
  const started = Date.now();
  const code = await run(command, args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    console.error(`[test] ✘ ${title} failed after ${seconds} s`);
    process.exit(code);
  }
  console.log(`[test] ✔ ${title} (${seconds} s)`);
}

/**
 * Starts the tools install beside the build steps (it is mostly downloads and a native build) and keeps its output
 * until `finish()`, so the two outputs do not interleave. Its own process group: a failed step ends all of it.
 */
function startToolsInstall() {
  const chunks = [];
  let live = false;
  const child = spawn(bin('tsx'), ['scripts/harness/install.ts'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (stream, out) => stream.on('data', (chunk) => (live ? out.write(chunk) : chunks.push([out, chunk])));
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', stop);
  return {
    async finish() {
      const title = 'end-to-end tools (installed on first use)';
      console.log(`\n[test] ▶ ${title}`);
      const waitStarted = Date.now();
      for (const [out, chunk] of chunks) out.write(chunk);
      live = true;
      const code = await exited;
      process.off('exit', stop);
      const seconds = ((Date.now() - waitStarted) / 1000).toFixed(1);
      if (code !== 0) {
        console.error(`[test] ✘ ${title} failed`);
        process.exit(code);
      }
      console.log(`[test] ✔ ${title} (waited ${seconds} s)`);
    },
  };
}

const started = Date.now();
if (!existsSync(join(root, 'node_modules'))) await step('install dependencies', 'npm', ['ci']);
const tools = unitOnly ? undefined : startToolsInstall();
if (!unitOnly) await step('package the .vsix (production build)', process.execPath, ['scripts/package.mjs']);
await step('build (development, with the extension-host test bundle)', process.execPath, ['esbuild.mjs', '--tests']);
await step('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
await step('lint', bin('eslint'), ['.']);
await step('format check', bin('prettier'), ['--check', '**/*.{ts,mjs,css}']);
await tools?.finish();
console.log(
  `\n[test] ▶ mocha: ${unitOnly ? 'unit tests' : 'unit tests, extension host suite and UI in code-server'} (${Math.round((Date.now() - started) / 1000)} s so far)`,
);
process.exit(await run(bin('mocha'), ['--config', unitOnly ? '.mocharc.unit.json' : '.mocharc.all.json', ...mochaArgs]));
