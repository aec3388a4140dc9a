/**
 * `npm run bench:activation`: what waking Marginalia costs, in the real VS Code (code-server, the packaged .vsix
 * installed), on a workspace of
 * 2,000 files with the Papers view closed. Each run opens a fresh window on the workspace, opens a Python file (the
 * trigger), reads VS Code's own activation figure from Developer: Show Running Extensions (code loading plus the
 * `activate` call, as VS Code shows it), then hovers an arXiv id in the file. Until that hover it counts the requests
 * that reached the fixture server (standing in for Hugging Face and arXiv; the active feed is a network one) and the
 * workspace files read (their access time, given older than their last change, moves on a read under Linux's
 * default `relatime`). Beside Marginalia, a do-nothing extension activating on the same trigger, measured in the
 * same window.
 *
 *   npm run bench:activation [-- --runs 5 --files 2000 --settle 5]
 *
 * `--settle` is how many seconds the window may start before the Python file is opened (0: at once, while VS Code's
 * own extensions still start, which slows the do-nothing extension's figure as much as Marginalia's).
 *
 * Targets: activation ≤ 20 ms, and no request and no note file read before the hover. Exits non-zero when one fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer } from './harness/codeServer';
import { repoRoot, toolsInstalled } from './harness/tools';
import { openWorkbench } from './harness/workbench';
import { startFixtureServer } from '../test/support/fixtureServer';
import { hoverUntil, runCommand } from '../test/e2e/support/vscodeUi';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const runs = Number(option('--runs', '5'));
const fileCount = Number(option('--files', '2000'));
const targetMs = 20;
/** How long the bench lets the window start before opening the file that wakes both extensions. */
const settleBeforeMs = Number(option('--settle', '5')) * 1000;
/** After activation, how long the bench watches for background work (a feed fetch, a notes scan) before hovering. */
const settleMs = 3_000;
const noteCount = 40;
const baselineName = 'marginalia-bench-idle';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A workspace like a research code base: packages of Python, TypeScript and C++ sources, some citing arXiv papers,
 * docs, data files, and a library of notes under papers/. Every file gets an access time older than its last change.
 */
function makeWorkspace(root: string): { notes: string[]; files: string[] } {
  const files: string[] = [];
  const write = (path: string, text: string) => {
    const full = join(root, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
    files.push(full);
  };
  write(
    'model.py',
    '"""A toy selective state-space layer.\n\nBased on Mamba, arXiv:2312.00752.\n"""\n\n\ndef selective_scan(xs, a=0.9):\n    return [a * x for x in xs]\n',
  );
  const notes: string[] = [];
  for (let i = 0; i < noteCount; i++) {
    const id = i === 0 ? '2312.00752' : `2401.${String(10000 + i)}`;
    const title = i === 0 ? 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces' : `A paper on topic ${i}`;
    const path = `papers/${id}-note.md`;
    write(path, `---\nid: "${id}"\ntitle: "${title}"\nstatus: reading\ntags: [bench]\n---\n\n# ${title}\n\nNotes on the paper.\n`);
    notes.push(join(root, path));
  }
  const kinds = [
    ['py', (i: number) => `"""Module ${i}. See arXiv:1706.${String(3000 + (i % 700)).padStart(5, '0')}."""\n\n\ndef f${i}(x):\n    return x * ${i}\n`],
    ['ts', (i: number) => `// Module ${i}\nexport function f${i}(x: number): number {\n  return x * ${i};\n}\n`],
    ['cpp', (i: number) => `// Kernel ${i}\nint f${i}(int x) { return x * ${i}; }\n`],
    ['md', (i: number) => `# Doc ${i}\n\nBackground in https://arxiv.org/abs/2106.${String(9000 + (i % 900)).padStart(5, '0')}.\n`],
    ['json', (i: number) => `{ "id": ${i}, "values": [1, 2, 3] }\n`],
  ] as const;
  for (let i = 0; files.length < fileCount; i++) {
    const [ext, body] = kinds[i % kinds.length]!;
    write(`src/pkg${Math.floor(i / 100)}/mod${i}.${ext}`, body(i));
  }
  const day = 24 * 60 * 60;
  const now = Date.now() / 1000;
  for (const file of files) utimesSync(file, now - 2 * day, now - day);
  return { notes, files };
}

/** The files whose access time moved since `before`. */
function readSince(files: readonly string[], before: ReadonlyMap<string, number>): string[] {
  return files.filter((f) => statSync(f).atimeMs !== before.get(f));
}

function atimes(files: readonly string[]): Map<string, number> {
  return new Map(files.map((f) => [f, statSync(f).atimeMs]));
}

/** A do-nothing extension that wakes on the same trigger as the measured one, packaged as a .vsix like Marginalia. */
function makeBaseline(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: baselineName,
        publisher: 'bench',
        version: '0.0.1',
        engines: { vscode: '^1.91.0' },
        main: './extension.js',
        activationEvents: ['onLanguage:python'],
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = function () {};\nexports.deactivate = function () {};\n');
  const vsix = join(dir, '..', `${baselineName}.vsix`);
  execFileSync(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--skip-license', '--allow-missing-repository', '--no-dependencies', '-o', vsix], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}

interface Running {
  readonly ms: number;
  readonly text: string;
  readonly reason: string;
}

/**
 * Developer: Show Running Extensions, read for the rows whose list label is one of `labels`: VS Code's own figure
 * ("Activation: N ms" = code loading + the activate call) and, from its hover, why the extension was activated.
 */
async function runningExtensions(page: Page, labels: readonly string[]): Promise<Map<string, Running>> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const found = new Map<string, Running>();
  // Waking can take long on a busy machine: the figure is VS Code's, whatever the wait.
  const deadline = Date.now() + 180_000;
  for (const label of labels) {
    const time = page.locator(`.runtime-extensions-editor .monaco-list-row[aria-label="${label}"] .activation-time`);
    for (;;) {
      const text = (await time.count()) > 0 ? ((await time.first().textContent()) ?? '') : '';
      const ms = /(\d+(?:\.\d+)?)\s*ms/.exec(text);
      if (ms) {
        await time.first().hover();
        const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
        const reason = await hover.textContent({ timeout: 5_000 }).catch(() => '');
        found.set(label, { ms: Number(ms[1]), text: text.trim(), reason: (reason ?? '').trim() });
        await page.mouse.move(5, 5);
        break;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${label} is not among the running extensions:\n${await page
            .locator('.runtime-extensions-editor')
            .innerText()
            .catch(() => '')}`,
        );
      await sleep(250);
    }
  }
  await page.keyboard.press('Escape');
  return found;
}

interface RunResult {
  readonly marginalia: Running;
  readonly baseline: Running;
  readonly requestsBefore: readonly string[];
  readonly readBefore: readonly string[];
  readonly notesReadBefore: number;
  readonly requestsAtHover: readonly string[];
  readonly notesReadAtHover: number;
  readonly hoverMs: number;
}

async function run(
  index: number,
  workspace: string,
  extensions: readonly string[],
  { notes, files }: { notes: string[]; files: string[] },
): Promise<RunResult> {
  const fixtures = await startFixtureServer();
  const server = await startCodeServer({
    // Both installed from their .vsix, as users get them (code-server loads one development folder only).
    installExtensions: extensions,
    settings: {
      'marginalia.feeds.huggingFaceApi': `${fixtures.url}/hf/api`,
      'marginalia.feeds.arxivApi': `${fixtures.url}/arxiv/api/query`,
      // A network feed is the one to load: waking must not fetch it.
      'marginalia.feeds.sources': [{ id: 'hf', kind: 'hf-daily', period: 'day', date: '2024-05-27', sort: 'trending' }],
    },
  });
  try {
    const log: string[] = [];
    const workbench = await openWorkbench(server, {
      folder: workspace,
      // Tall, so that Running Extensions (a virtual list) has every running extension's row in the page.
      viewport: { width: 1400, height: 3000 },
      onLog: (level, message) => log.push(`[${level}] ${message}`),
    });
    try {
      const page = workbench.page;
      const before = atimes(files);
      const requestsAtStart = fixtures.requests.length;
      // From the Explorer (model.py sits at the root): Quick Open can time out indexing 2,000 files on a busy machine.
      const modelRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^model\.py$/ }).first();
      await modelRow.waitFor();
      // The window's own start-up (VS Code's built-in extensions activating, the Explorer reading 2,000 files) slows
      // every activation that overlaps it, the do-nothing extension's as much: measured after it, what is left is
      // what waking costs.
      await sleep(settleBeforeMs);
      await modelRow.click();
      await page.locator('.monaco-editor .view-line', { hasText: 'arXiv:2312.00752' }).first().waitFor();
      const running = await runningExtensions(page, ['marginalia', baselineName]).catch(async (error: unknown) => {
        await workbench.screenshot('bench-activation-failed');
        throw new Error(
          `${String(error)}\nthe extension host said:\n${log
            .filter((l) => /marginalia|error/i.test(l))
            .slice(-20)
            .join('\n')}`,
        );
      });
      await sleep(settleMs);
      const requestsBefore = fixtures.requests.slice(requestsAtStart).map((r) => r.path);
      const readBefore = readSince(files, before).map((f) => relative(workspace, f));
      const notesReadBefore = readSince(notes, before).length;
      const hoverStarted = Date.now();
      await hoverUntil(page, 'arXiv:2312.00752', page.locator('.monaco-hover:visible', { hasText: 'Mamba: Linear-Time Sequence Modeling' }));
      const hoverMs = Date.now() - hoverStarted;
      if (index === 0) await workbench.screenshot('bench-activation-hover');
      const result: RunResult = {
        marginalia: running.get('marginalia')!,
        baseline: running.get(baselineName)!,
        requestsBefore,
        readBefore,
        notesReadBefore,
        requestsAtHover: fixtures.requests.slice(requestsAtStart).map((r) => r.path),
        notesReadAtHover: readSince(notes, before).length,
        hoverMs,
      };
      // The next run starts from files nobody read.
      const day = 24 * 60 * 60;
      const now = Date.now() / 1000;
      for (const file of files) utimesSync(file, now - 2 * day, now - day);
      return result;
    } finally {
      await workbench.close();
    }
  } finally {
    await server.stop();
    await fixtures.close();
  }
}

async function main(): Promise<void> {
  if (!toolsInstalled()) throw new Error('code-server or Chromium is missing: run `npx tsx scripts/harness/install.ts`');
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { activationEvents: string[] };
  const parent = mkdtempSync(join(tmpdir(), 'marginalia-bench-activation-'));
  process.once('exit', () => rmSync(parent, { recursive: true, force: true }));
  const workspace = join(parent, 'research-project');
  const marginaliaVsix = join(repoRoot, 'dist', 'marginalia.vsix');
  if (!existsSync(marginaliaVsix)) throw new Error(`${marginaliaVsix} is missing: run \`npm run package\``);
  const listed = makeWorkspace(workspace);
  const baselineVsix = makeBaseline(join(parent, baselineName));
  console.log(
    `bench:activation: ${listed.files.length} files (${listed.notes.length} notes in papers/), Papers view closed, ${runs} fresh window(s), the file opened ${settleBeforeMs / 1000} s after the window`,
  );
  console.log(`activation events: ${manifest.activationEvents.length} (${manifest.activationEvents.slice(0, 4).join(', ')}, …)`);
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the start`,
  );

  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await run(i, workspace, [marginaliaVsix, baselineVsix], listed);
    results.push(result);
    console.log(
      `  run ${i + 1}: Marginalia ${result.marginalia.ms} ms, do-nothing ${result.baseline.ms} ms; before the hover: ${result.requestsBefore.length} requests, ${result.notesReadBefore} notes read (${result.readBefore.length} workspace files read: ${result.readBefore.slice(0, 5).join(', ') || 'none'}); at the hover (${result.hoverMs} ms): ${result.requestsAtHover.length} requests, ${result.notesReadAtHover} notes read`,
    );
    console.log(`         ${result.marginalia.reason.replace(/\s+/g, ' ')}`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const activation = median(results.map((r) => r.marginalia.ms));
  const baseline = median(results.map((r) => r.baseline.ms));
  const requests = Math.max(...results.map((r) => r.requestsBefore.length));
  const notesRead = Math.max(...results.map((r) => r.notesReadBefore));
  console.log(
    `\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('| measure | Marginalia | do-nothing extension | target |');
  console.log('|---|---|---|---|');
  console.log(
    `| activation (VS Code's figure, median of ${runs}) | ${activation} ms (${results.map((r) => r.marginalia.ms).join(', ')}) | ${baseline} ms (${results.map((r) => r.baseline.ms).join(', ')}) | ≤ ${targetMs} ms |`,
  );
  console.log(`| network requests before the first hover (most of any run) | ${requests} | 0 | 0 |`);
  console.log(`| note files read before the first hover (most of any run) | ${notesRead} | 0 | 0 |`);
  console.log(
    `| at the first hover: requests, notes read (first run) | ${results[0]!.requestsAtHover.length}, ${results[0]!.notesReadAtHover} of ${listed.notes.length} | | |`,
  );

  const failures = [
    activation > targetMs ? `activation ${activation} ms > ${targetMs} ms` : '',
    requests > 0 ? `${requests} requests before the first hover: ${results.flatMap((r) => r.requestsBefore).join(', ')}` : '',
    notesRead > 0 ? `${notesRead} note files read before the first hover` : '',
  ].filter(Boolean);
  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('\nall targets met');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
