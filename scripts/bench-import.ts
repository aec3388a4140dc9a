/**
 * npm run bench:import — streaming import of the arXiv metadata snapshot (JSON Lines) with a filter.
 *
 *   tsx scripts/bench-import.ts [--corpus PATH] [--lines 1000000] [--rebuild]
 *
 * Builds, once, a snapshot-shaped file of --lines lines (.bench/snapshot-<lines>.jsonl) from the 100k benchmark
 * abstracts (../shared/bench, see its README): each line has the snapshot's fields (id, authors, title, categories,
 * abstract, versions, update_date, authors_parsed, doi, journal-ref, comments), ids and dates made unique.
 * Then streams it through `importSnapshot` from a file read stream, with three filters, and reports lines per
 * second and memory (peak RSS and heap, sampled every 20 ms, against the baseline before the run). The same runs on
 * a tenth of the file show whether memory stays flat as the file grows.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { importSnapshot, type SnapshotFilter } from '../src/core/feeds/arxivSnapshot';

const root = resolve(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    lines: { type: 'string', default: '1000000' },
    rebuild: { type: 'boolean', default: false },
  },
});
const corpusPath =
  args.corpus ??
  [resolve(root, '../shared/bench/abstracts-100k.jsonl.gz'), resolve(root, '../../shared/bench/abstracts-100k.jsonl.gz')].find((p) => existsSync(p));
if (!corpusPath) {
  console.log('bench:import skipped: the corpus abstracts-100k.jsonl.gz was not found (pass --corpus PATH; see ../shared/bench/README.md).');
  process.exit(0);
}
const total = Number(args.lines);

interface Abstract {
  readonly title: string;
  readonly authors: string;
  readonly abstract: string;
  readonly year: string;
  readonly venue: string;
}

const CATEGORIES = ['cs.LG', 'cs.CV', 'cs.CL', 'cs.AI', 'stat.ML', 'cs.RO', 'math.OC', 'cs.NE'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

async function build(path: string, lines: number): Promise<void> {
  const corpus = gunzipSync(readFileSync(corpusPath!))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Abstract);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const perMonth = new Map<string, number>();
  for (let i = 0; i < lines; i++) {
    const a = corpus[i % corpus.length]!;
    const year = Math.min(2025, Math.max(2008, Number(a.year) || 2015)) - (((i / corpus.length) | 0) % 3);
    const month = (i % 12) + 1;
    const yymm = `${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
    const n = (perMonth.get(yymm) ?? 0) + 1;
    perMonth.set(yymm, n);
    // Four-digit numbers until 2014, five since 2015, as arXiv's ids.
    const digits = year < 2015 ? 4 : 5;
    const day = (i % 28) + 1;
    const created = `${DAYS[i % 7]}, ${day} ${MONTHS[month - 1]} ${year} 1${i % 10}:0${i % 6}:3${i % 10} GMT`;
    const cats = [CATEGORIES[i % CATEGORIES.length]!, ...(i % 3 === 0 ? [CATEGORIES[(i + 3) % CATEGORIES.length]!] : [])].join(' ');
    const names = a.authors.split(/,\s*/).filter(Boolean);
    const line = JSON.stringify({
      id: `${yymm}.${String(n).padStart(digits, '0')}`,
      submitter: names[0] ?? null,
      authors: a.authors,
      title: a.title,
      comments: i % 4 === 0 ? `${8 + (i % 20)} pages, ${a.venue}` : null,
      'journal-ref': i % 5 === 0 ? `${a.venue.toUpperCase()} ${year}` : null,
      doi: i % 7 === 0 ? `10.1234/bench.${i}` : null,
      'report-no': null,
      categories: cats,
      license: null,
      abstract: `  ${a.abstract.replace(/(.{70,80}) /g, '$1\n')}\n`,
      versions: [{ version: 'v1', created }, ...(i % 3 === 0 ? [{ version: 'v2', created }] : [])],
      update_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      authors_parsed: names.map((name) => {
        const parts = name.split(' ');
        return [parts.at(-1) ?? '', parts.slice(0, -1).join(' '), ''];
      }),
    });
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, reject) => out.end((error?: Error | null) => (error ? reject(error) : r())));
}

interface Run {
  readonly name: string;
  readonly lines: number;
  readonly seconds: number;
  readonly linesPerSecond: number;
  /** Lines per second of this process's CPU time (user + system): what the code costs, whatever the load. */
  readonly linesPerCpuSecond: number;
  readonly loadAverage: number;
  readonly matched: number;
  readonly kept: number;
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

async function run(name: string, path: string, filter: SnapshotFilter): Promise<Run> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await importSnapshot(createReadStream(path, { highWaterMark: 1 << 20 }), filter);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(timer);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  return {
    name,
    lines: result.lines,
    seconds: Math.round(seconds * 100) / 100,
    linesPerSecond: Math.round(result.lines / seconds),
    linesPerCpuSecond: Math.round(result.lines / cpuSeconds),
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    matched: result.matched,
    kept: result.papers.length,
    baselineRssMb: mb(baseline.rss),
    peakRssMb: mb(peakRss),
    peakHeapMb: mb(peakHeap),
  };
}

async function main(): Promise<void> {
  const big = resolve(root, `.bench/snapshot-${total}.jsonl`);
  const small = resolve(root, `.bench/snapshot-${Math.round(total / 10)}.jsonl`);
  for (const [path, lines] of [
    [big, total],
    [small, Math.round(total / 10)],
  ] as const) {
    if (args.rebuild || !existsSync(path)) {
      console.log(`building ${path} (${lines} lines)…`);
      await build(path, lines);
    }
  }
  const filters: [string, SnapshotFilter][] = [
    ['category cs.CV', { categories: ['cs.CV'] }],
    ['cs.CV + 2015-2020 + "neural network"', { categories: ['cs.CV'], from: '2015-01-01', until: '2020-12-31', query: 'neural network' }],
    ['no filter (20k kept, the rest counted)', {}],
  ];
  const runs: (Run & { file: string })[] = [];
  for (const [path, label] of [
    [small, `${Math.round(total / 10)} lines`],
    [big, `${total} lines`],
  ] as const) {
    for (const [name, filter] of filters) {
      const r = await run(name, path, filter);
      runs.push({ ...r, file: `${label}, ${mb(statSync(path).size)} MB` });
      console.log(
        `${label}  ${name}: ${r.linesPerSecond.toLocaleString('en')} lines/s (${r.seconds} s), ${r.linesPerCpuSecond.toLocaleString('en')} lines per CPU second, load ${r.loadAverage}, matched ${r.matched}, kept ${r.kept}, RSS ${r.baselineRssMb} → peak ${r.peakRssMb} MB, peak heap ${r.peakHeapMb} MB`,
      );
    }
  }
  const out = resolve(root, '.bench/import.json');
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, runs }, null, 2));
  console.log(
    '\n| File | Filter | Lines/s (wall) | Lines per CPU s | Load | Time | Matched | Kept | RSS before → peak | Peak heap |\n|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of runs)
    console.log(
      `| ${r.file} | ${r.name} | ${r.linesPerSecond.toLocaleString('en')} | ${r.linesPerCpuSecond.toLocaleString('en')} | ${r.loadAverage} | ${r.seconds} s | ${r.matched.toLocaleString('en')} | ${r.kept.toLocaleString('en')} | ${r.baselineRssMb} → ${r.peakRssMb} MB | ${r.peakHeapMb} MB |`,
    );
}

void main();
