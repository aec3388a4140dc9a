/**
 * Checks that a scan of text is linear: the inputs are the shapes that make a super-linear scan slow, at sizes
 * where a quadratic scan takes seconds and a linear one milliseconds; the bounds sit far between the two, so a loaded
 * machine does not fail them and a quadratic scan cannot pass them.
 */
import assert from 'node:assert/strict';

/** Milliseconds `f` takes, after one run on a tenth of the input so the JIT is warm. */
export function timed(make: (n: number) => string, n: number, f: (input: string) => unknown): number {
  f(make(Math.ceil(n / 10)));
  const input = make(n);
  const started = performance.now();
  f(input);
  return performance.now() - started;
}

export function assertLinear(what: string, make: (n: number) => string, n: number, f: (input: string) => unknown, boundMs: number): void {
  const ms = timed(make, n, f);
  assert.ok(ms < boundMs, `${what}: ${Math.round(ms)} ms for ${n.toLocaleString('en')} characters (bound ${boundMs} ms)`);
}
