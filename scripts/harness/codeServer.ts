/**
 * Starts and stops a real VS Code server (code-server) for tests and the demo.
 *
 * Each server gets a throwaway profile (user data, extensions, config, HOME) so it never touches
 * ~/.config/code-server or a contributor's own settings, and runs in its own process group so that stopping it
 * also ends the extension hosts it spawned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, node24Env, nodeBin } from './tools';

/** Settings that keep VS Code 1.139 quiet and offline: no agent host, no port-forward toasts, no update checks. */
export const defaultUserSettings: Readonly<Record<string, unknown>> = {
  'chat.disableAIFeatures': true,
  'remote.autoForwardPorts': false,
  'workbench.startupEditor': 'none',
  // The empty chat side bar would take a third of every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
};

/**
 * Settings only tests want: git off, so no test waits on or reacts to a git scan of its workspace; citations off, so
 * no paper view reaches out to the Internet.
 */
export const testUserSettings: Readonly<Record<string, unknown>> = {
  'git.enabled': false,
  // A paper view would otherwise ask api.semanticscholar.org: sessions that test citations turn it on, on 127.0.0.1.
  'marginalia.citations.enabled': false,
};

export interface CodeServerOptions {
  /** Defaults to 127.0.0.1 (never expose a server with `--auth none` by accident). */
  readonly host?: string;
  /** 0 (the default) lets the OS pick a free port; the real one is read from the server's output. */
  readonly port?: number;
  /** Merged over `defaultUserSettings` (and `testUserSettings` unless `asUsersGetIt`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /**
   * VS Code as users get it (the demo of `npm run start`): notifications shown, git on. Tests leave it off: they
   * get the smoke-test driver (`window.driver`, which tells when the workbench is restored and lets the URL load
   * an extension in development mode, but also hides every notification toast) and git off.
   */
  readonly asUsersGetIt?: boolean;
  /** Adds `--disable-workspace-trust`; on by default because only trust tests want the prompt. */
  readonly disableWorkspaceTrust?: boolean;
  /** `.vsix` files installed into the throwaway profile before the server starts. */
  readonly installExtensions?: readonly string[];
  /** Where the profile lives; a fresh temp folder by default, removed on stop unless `keepProfile`. */
  readonly profileDir?: string;
  readonly keepProfile?: boolean;
  /** Receives each line the server prints (its log is also kept in `<profile>/server.log`). */
  readonly onOutput?: (line: string) => void;
  /** How long to wait for the server to answer; generous because the machine is shared. */
  readonly startTimeoutMs?: number;
}

export interface CodeServer {
  /** `http://host:port/`, with a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly profileDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** The server's last output lines, for error messages. */
  recentOutput(): string;
  /** Stops the whole process group and removes the profile (unless kept). Safe to call twice. */
  stop(): Promise<void>;
}

/** Servers still running, stopped if this process is interrupted and killed if it exits without stopping them. */
const running = new Set<{ pgid: number; stop: () => Promise<void>; cleanup: () => void }>();
let exitHooksInstalled = false;

/** Signals a whole process group; signal 0 only asks whether anyone in it is still alive. */
function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group.
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // Last resort, synchronous: whatever is still running when the process exits is killed outright.
  process.once('exit', () => {
    for (const entry of running) {
      killGroup(entry.pgid, 'SIGKILL');
      entry.cleanup();
    }
  });
  // Without a handler, SIGINT ends Node without the 'exit' event and would leave servers behind.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      const code = signal === 'SIGINT' ? 130 : 143;
      void Promise.allSettled([...running].map((entry) => entry.stop())).finally(() => process.exit(code));
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs code-server once in CLI mode (e.g. `--install-extension`) against a profile. */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, [codeServerEntry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`code-server ${args.join(' ')} failed (exit ${code}):\n${output}`))));
  });
}

/** Resolves once the server's HTTP endpoint answers. */
async function waitForHealth(url: string, deadline: number, exited: () => string | undefined): Promise<void> {
  for (;;) {
    const exit = exited();
    if (exit) throw new Error(`code-server exited before it was ready (${exit})`);
    try {
      const response = await fetch(new URL('healthz', url));
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer at ${url} in time`);
    await sleep(200);
  }
}

/**
 * In a suite run one server may be started ahead (`prepareSpareServer()`, called by the root hooks once a group's
 * tests run) and handed to the next `startCodeServer` whose options only set settings: these are written into its
 * fresh profile before any window connects, and VS Code reads them from there when a window opens. Saves the next
 * group the server's start (about 2 s). A spare serves one group only: nothing of it is shared.
 */
let spare: Promise<CodeServer> | undefined;

/** Starts a spare server unless one is there. */
export function prepareSpareServer(): void {
  if (spare) return;
  spare = launchCodeServer({});
  // A spare that failed to start is only a missed saving: the next group starts its own server.
  spare.catch(() => undefined);
}

export async function stopSpareServer(): Promise<void> {
  const server = await spare?.catch(() => undefined);
  spare = undefined;
  await server?.stop();
}

/** Whether a server started with no options can stand in for one started with these (update with new options). */
function spareFits(options: CodeServerOptions): boolean {
  return (
    (options.installExtensions ?? []).length === 0 &&
    options.host === undefined &&
    (options.port ?? 0) === 0 &&
    !options.asUsersGetIt &&
    options.disableWorkspaceTrust !== false &&
    options.profileDir === undefined &&
    !options.keepProfile &&
    options.onOutput === undefined &&
    options.startTimeoutMs === undefined
  );
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const taken = spare && spareFits(options) ? await spare.catch(() => undefined) : undefined;
  if (!taken) return launchCodeServer(options);
  spare = undefined;
  await writeUserSettings(taken.userDataDir, options);
  return taken;
}

function writeUserSettings(userDataDir: string, options: CodeServerOptions): Promise<void> {
  const settings = { ...defaultUserSettings, ...(options.asUsersGetIt ? {} : testUserSettings), ...options.settings };
  return writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

async function launchCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  installExitHooks();
  const host = options.host ?? '127.0.0.1';
  const profileDir = options.profileDir ?? (await mkdtemp(join(tmpdir(), 'marginalia-code-server-')));
  const userDataDir = join(profileDir, 'user-data');
  const extensionsDir = join(profileDir, 'extensions');
  const home = join(profileDir, 'home');
  const configFile = join(profileDir, 'config.yaml');
  const logFile = join(profileDir, 'server.log');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, home]) mkdirSync(dir, { recursive: true });
  await writeUserSettings(userDataDir, options);
  // Its own config file: otherwise code-server creates ~/.config/code-server/config.yaml with a password.
  await writeFile(configFile, `bind-addr: ${host}:${options.port ?? 0}\nauth: none\ncert: false\n`);

  const removeProfile = () => {
    if (!options.keepProfile) rmSync(profileDir, { recursive: true, force: true });
  };
  const env = { ...node24Env(), HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') };
  const profileArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  try {
    for (const vsix of options.installExtensions ?? []) await runCli([...profileArgs, '--install-extension', vsix], env);
  } catch (error) {
    removeProfile();
    throw error;
  }

  const args = [
    codeServerEntry,
    ...profileArgs,
    '--bind-addr',
    `${host}:${options.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--reconnection-grace-time',
    '5',
    // Tests only: exposes window.driver (workbench readiness) and lets the URL payload load an extension in
    // development mode, but hides notification toasts (only a dot on the bell), which users never see hidden.
    ...(options.asUsersGetIt ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
    ...(options.disableWorkspaceTrust === false ? [] : ['--disable-workspace-trust']),
  ];
  // detached: a process group of its own, so one kill reaches the server and every extension host it forked.
  const child: ChildProcess = spawn(nodeBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid;
  if (pgid === undefined) {
    removeProfile();
    throw new Error(`could not start ${nodeBin} ${codeServerEntry}`);
  }
  const entry = { pgid, stop: () => stop(), cleanup: removeProfile };
  running.add(entry);

  const logStream = createWriteStream(logFile);
  const recent: string[] = [];
  let exitReason: string | undefined;
  let resolveListening: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (resolveListening = resolve));
  const onLine = (line: string) => {
    recent.push(line);
    if (recent.length > 60) recent.shift();
    options.onOutput?.(line);
    const match = /HTTP server listening on (http:\/\/\S+)/.exec(line);
    if (match?.[1]) resolveListening(match[1].endsWith('/') ? match[1] : `${match[1]}/`);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      if (logStream.writable) logStream.write(chunk);
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exitReason = signal ?? `exit ${code}`;
      resolve();
    }),
  );

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(pgid, 'SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    // The server may be gone while an extension host in its group lingers: make sure nothing is left.
    for (let i = 0; i < 20 && killGroup(pgid, 0); i++) await sleep(100);
    killGroup(pgid, 'SIGKILL');
    running.delete(entry);
    logStream.end();
    removeProfile();
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    const url = await Promise.race([
      listening,
      exited.then(() => Promise.reject(new Error(`code-server exited before listening (${exitReason})`))),
      sleep(deadline - Date.now()).then(() => Promise.reject(new Error('code-server printed no listening address in time'))),
    ]);
    await waitForHealth(url, deadline, () => exitReason);
    const port = Number(new URL(url).port);
    return {
      url,
      port,
      profileDir,
      userDataDir,
      extensionsDir,
      logFile,
      recentOutput: () => recent.join('\n'),
      stop,
    };
  } catch (error) {
    const output = recent.join('\n');
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- code-server output ---\n${output}`);
  }
}
