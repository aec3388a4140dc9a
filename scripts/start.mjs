// `npm run start`: Marginalia in a real VS Code (code-server) with a sample workspace, one command on a fresh clone.
//   npm ci when node_modules is missing → build → tools on first use → code-server with the extension → URL.
// Stays in the foreground until Ctrl+C, then stops the server and every process it started.
//
// Options:
//   --host ADDR   interface to bind (default 127.0.0.1; the server has no password, so think before 0.0.0.0)
//   --port N      port (default: a free one)
//   --dev         load this repository in development mode instead of installing the packaged .vsix
//                 (then `npm run watch` + "Developer: Reload Window" picks up changes)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    dev: { type: 'boolean', default: false },
  },
});
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`[start] --port must be a port number, not ${options.port}`);
  process.exit(2);
}

function step(title, command, args) {
  console.log(`[start] ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[start] ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(join(root, 'node_modules'))) step('installing dependencies (npm ci)', 'npm', ['ci']);
const vsix = join(root, 'dist', 'marginalia.vsix');
if (options.dev) step('building', process.execPath, ['esbuild.mjs']);
else step('building and packaging the extension', process.execPath, ['scripts/package.mjs']);

// The harness is TypeScript; tsx (a dev dependency, present after npm ci) loads it in this process.
const { tsImport } = await import('tsx/esm/api');
const { ensureTools } = await tsImport('./harness/install.ts', import.meta.url);
const { startCodeServer } = await tsImport('./harness/codeServer.ts', import.meta.url);
const { workbenchUrl } = await tsImport('./harness/workbench.ts', import.meta.url);

await ensureTools();

// The demo workspace survives restarts (notes written there are kept). It starts as scripts/demo-workspace (code
// citing the samples' papers by arXiv id) plus a real arXiv PDF, in a git repository with one commit.
const workspace = join(root, '.cache', 'demo-workspace');
if (!existsSync(workspace)) createDemoWorkspace(workspace);

function createDemoWorkspace(folder) {
  cpSync(join(root, 'scripts', 'demo-workspace'), folder, { recursive: true });
  mkdirSync(join(folder, 'papers'), { recursive: true });
  cpSync(join(root, 'test', 'fixtures', 'pdf', 'arxiv_1706.03762v5_attention.pdf'), join(folder, 'papers', 'attention.pdf'));
  const git = (...args) =>
    spawnSync('git', ['-c', 'user.name=Marginalia demo', '-c', 'user.email=demo@marginalia.invalid', '-c', 'init.defaultBranch=main', ...args], {
      cwd: folder,
      stdio: 'ignore',
    });
  const ok = [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'Demo project'],
  ].every((args) => git(...args).status === 0);
  if (!ok) console.warn('[start] git is not available: the demo workspace is not a git repository');
}

const server = await startCodeServer({
  host: options.host,
  port,
  // VS Code as users get it: notifications shown, git on. Development mode loads the extension through the URL,
  // which needs the test harness's smoke-test driver (it hides notification toasts).
  asUsersGetIt: !options.dev,
  installExtensions: options.dev ? [] : [vsix],
  startTimeoutMs: 120_000,
});
const url = workbenchUrl(server, { folder: workspace, ...(options.dev ? { extensionDevelopmentPath: root } : {}) });
const shown = options.host === '0.0.0.0' ? url.replace('//0.0.0.0:', '//<this machine>:') : url;
console.log(`
[start] Marginalia is running in code-server (VS Code 1.139), ${options.dev ? 'in development mode' : 'installed from dist/marginalia.vsix'}.
[start] Open: ${shown}
[start] Then click the Papers icon in the activity bar. Server log: ${server.logFile}
[start] Press Ctrl+C to stop.${options.host === '127.0.0.1' ? '' : `\n[start] Warning: bound to ${options.host} with no password: anyone who reaches this port can run commands as you.`}
`);
// The harness stops the server's whole process group on Ctrl+C; an unexpected exit of the server ends us too.
process.once('exit', () => console.log('[start] stopped'));
const poll = setInterval(async () => {
  try {
    await fetch(new URL('healthz', server.url));
  } catch {
    clearInterval(poll);
    console.error(`[start] code-server stopped unexpectedly; last output:\n${server.recentOutput()}`);
    await server.stop();
    process.exit(1);
  }
}, 5000);
