/** Timing helpers for the benchmark children. */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { clearInterval, setImmediate, setInterval } from 'node:timers';

/** Percentile (nearest rank) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencyStats(samples) {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

/**
 * CPU time (ms) of this process's main thread alone, from /proc (Linux; 10 ms granularity), or undefined elsewhere.
 * Unlike `process.cpuUsage()` it leaves out worker threads and GC helper threads, so a gap in it is work that kept
 * this thread itself busy, whatever the other processes on a loaded machine took.
 */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), from its closing parenthesis: utime is the 12th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Watches how long the thread goes without running timers: a 1 ms interval records the largest gap between its
 * ticks, and `monitorEventLoopDelay` gives a second opinion. Both include GC pauses, as a user would feel them.
 */
export function startBlockMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let maxGap = 0;
  let maxCpuGap = 0;
  let lastThreadCpu = mainThreadCpuMs();
  let maxThreadCpuGap = lastThreadCpu === undefined ? undefined : 0;
  const started = last;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    // CPU time the process used between two ticks: the work that kept the loop busy, without the time the OS
    // gave to other processes (on a loaded machine that is most of a wall-clock gap). Includes GC helper threads,
    // so it overstates rather than understates.
    maxCpuGap = Math.max(maxCpuGap, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000);
    lastCpu = cpu;
    if (lastThreadCpu !== undefined) {
      const threadCpu = mainThreadCpuMs() ?? lastThreadCpu;
      maxThreadCpuGap = Math.max(maxThreadCpuGap, threadCpu - lastThreadCpu);
      lastThreadCpu = threadCpu;
    }
    // BENCH_GAPS=ms prints every gap longer than that, to find what blocks (with node --trace-gc for GC pauses).
    if (process.env.BENCH_GAPS && now - last > Number(process.env.BENCH_GAPS))
      console.log(`gap ${(now - last).toFixed(1)} ms at ${(last - started).toFixed(0)} ms`);
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  return {
    /** Stops after giving the loop one more turn, so a block that just ended is recorded. */
    async stop() {
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 2));
      clearInterval(timer);
      histogram.disable();
      return { maxGapMs: maxGap, maxCpuGapMs: maxCpuGap, maxThreadCpuGapMs: maxThreadCpuGap, maxDelayMs: histogram.max / 1e6 };
    },
  };
}

/** Heap in use (JS heap plus ArrayBuffers, which typed arrays live in) after a full collection. */
export function heapNow() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
