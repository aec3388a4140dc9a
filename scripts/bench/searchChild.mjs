/**
 * One side of one benchmark step, in a fresh process so heap figures and JIT state are not shared between sides:
 *   build  --side plain|ours   build the index, measure time, blocking and heap, save it
 *   worker                     ours only: build in a worker_thread, load the result with loadAsync on this thread
 *   query  --side plain|ours   reload the saved index, measure reload and heap, then query latencies
 * Writes its figures as JSON to --out. Run with --expose-gc.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { setImmediate } from 'node:timers';
import MiniSearch from 'minisearch';
import { readRecords, toPaper, toPlainDoc } from './corpus.mjs';
import { heapNow, latencyStats, startBlockMonitor } from './measure.mjs';
import { QUERIES, TYPING_QUERIES, typingSequence } from './queries.mjs';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string' },
    side: { type: 'string' },
    size: { type: 'string' },
    corpus: { type: 'string' },
    core: { type: 'string' },
    index: { type: 'string' },
    out: { type: 'string' },
    reps: { type: 'string', default: '3,1,1' },
  },
});
const size = Number(args.size);
const core = await import(args.core);
const PLAIN_OPTIONS = { fields: ['title', 'authors', 'abstract'] };
const OUR_LIMIT = 50;

async function build() {
  const records = await readRecords(args.corpus, size);
  const docs = args.side === 'plain' ? records.map(toPlainDoc) : records.map(toPaper);
  records.length = 0;
  const baseline = heapNow();
  const monitor = startBlockMonitor();
  const built = await timed(async () => {
    if (args.side === 'ours') return core.PaperIndex.build(docs);
    const plain = new MiniSearch(PLAIN_OPTIONS);
    plain.addAll(docs);
    return plain;
  });
  const index = built.value;
  const buildMs = built.wallMs;
  const blocked = await monitor.stop();
  const heapBytes = heapNow() - baseline;
  const text = JSON.stringify(index);
  writeFileSync(args.index, text);
  return { buildMs, buildCpuMs: built.cpuMs, ...blocked, heapBytes, serializedBytes: Buffer.byteLength(text) };
}

/**
 * The host's path, with the host's code (`indexViaWorker`): papers posted to a worker in batches, the saved form
 * posted back chunk by chunk, then `loadAsync` in slices on this thread.
 */
async function workerBuild() {
  const papers = (await readRecords(args.corpus, size)).map(toPaper);
  const monitor = startBlockMonitor();
  const start = performance.now();
  const worker = new Worker(new URL('./buildWorker.mjs', import.meta.url), { workerData: { core: args.core } });
  const port = {
    post: (message) => worker.postMessage(message),
    listen: (onMessage, onError) => {
      worker.on('message', onMessage);
      worker.on('error', onError);
    },
    terminate: () => void worker.terminate(),
  };
  const { index } = await core.indexViaWorker(port, papers, { scheduler: () => new Promise((resolve) => setImmediate(resolve)) });
  const totalMs = performance.now() - start;
  const blocked = await monitor.stop();
  return { totalMs, ...blocked, size: index.size };
}

/** Wall-clock latencies, and the process CPU time of the same queries (immune to the OS running others). */
function timeQueries(run, queries, reps) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < reps; r++) {
    for (const q of queries) {
      const c = process.cpuUsage();
      const t = performance.now();
      run(q);
      wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
  }
  return { ...latencyStats(wall), cpu: latencyStats(cpu) };
}

/** Runs `fn`, returning its result with wall and CPU milliseconds. */
async function timed(fn) {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const d = process.cpuUsage(c);
  return { value, wallMs: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
}

async function query() {
  const [exactReps, prefixReps, fuzzyReps] = args.reps.split(',').map(Number);
  const text = readFileSync(args.index, 'utf8');
  const baseline = heapNow();
  const reload = await timed(() => (args.side === 'plain' ? MiniSearch.loadJSON(text, PLAIN_OPTIONS) : core.PaperIndex.load(text)));
  const index = reload.value;
  const reloadMs = reload.wallMs;
  const heapAfterReloadBytes = heapNow() - baseline;

  const plain = args.side === 'plain';
  const exact = plain ? (q) => index.search(q) : (q) => index.search(q, { limit: OUR_LIMIT }).hits;
  const prefix = plain ? (q) => index.search(q, { prefix: true }) : (q) => index.search(q, { prefix: true, limit: OUR_LIMIT }).hits;
  const fuzzy = plain ? (q) => index.search(q, { fuzzy: 0.2 }) : (q) => index.search(q, { fuzzy: 0.2, limit: OUR_LIMIT }).hits;
  // Every word required, as the sidebar searches: MiniSearch's combineWith AND beside ours.
  const and = plain ? (q) => index.search(q, { combineWith: 'AND' }) : (q) => index.search(q, { combine: 'and', limit: OUR_LIMIT }).hits;
  const typed = TYPING_QUERIES.flatMap(typingSequence);

  // Warm-up: every exact query once (JIT, and ours decodes the postings it touches), a few of the others.
  const top20 = QUERIES.map((q) =>
    exact(q)
      .slice(0, 20)
      .map((h) => h.id),
  );
  const top20And = QUERIES.map((q) =>
    and(q)
      .slice(0, 20)
      .map((h) => h.id),
  );
  for (const q of typingSequence(TYPING_QUERIES[0])) prefix(q);
  for (const q of QUERIES.slice(0, 3)) fuzzy(q);

  return {
    reloadMs,
    reloadCpuMs: reload.cpuMs,
    heapAfterReloadBytes,
    exact: timeQueries(exact, QUERIES, exactReps),
    prefix: timeQueries(prefix, typed, prefixReps),
    fuzzy: timeQueries(fuzzy, QUERIES, fuzzyReps),
    and: timeQueries(and, QUERIES, exactReps),
    top20,
    top20And,
  };
}

const modes = { build, worker: workerBuild, query };
const result = await modes[args.mode]();
writeFileSync(args.out, JSON.stringify(result));
