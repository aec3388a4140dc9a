#!/usr/bin/env node
/**
 * npm run bench — every benchmark, one after another (they would skew each other's timings if run together):
 * bench:search, bench:ui, bench:pdf. Each still runs alone (`npm run bench:ui`). A failing one does not stop the
 * others; the exit code says whether all ran.
 *
 *   npm run bench [-- search,ui]      only some of them, in the given order
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

const all = ['search', 'ui', 'pdf'];
const chosen = (process.argv[2] ?? all.join(',')).split(',').filter(Boolean);
const unknown = chosen.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const outcomes = [];
for (const name of chosen) {
  const started = performance.now();
  console.log(
    `\n######## npm run bench:${name} (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
  );
  const { status, signal } = spawnSync(npm, ['run', `bench:${name}`], { stdio: 'inherit' });
  outcomes.push({ name, ok: status === 0, detail: signal ?? `exit ${status}`, minutes: (performance.now() - started) / 60_000 });
}
console.log('\n######## benchmarks run');
for (const { name, ok, detail, minutes } of outcomes) console.log(`${ok ? 'ran   ' : 'FAILED'}  bench:${name} (${detail}, ${minutes.toFixed(1)} min)`);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
