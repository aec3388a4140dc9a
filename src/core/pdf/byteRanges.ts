/**
 * Which bytes of a file have arrived, as sorted, disjoint, half-open intervals [begin, end). The PDF reader loads a
 * file from the extension host in pieces (pdf.js asks for the ranges a page needs, the rest follows in the
 * background); both sides keep one of these to know what is there and what is still missing.
 */
export type ByteRange = readonly [begin: number, end: number];

export class ByteRanges {
  private ranges: [number, number][] = [];

  constructor(readonly length: number) {}

  /** Bytes covered so far. */
  get size(): number {
    return this.ranges.reduce((sum, [b, e]) => sum + e - b, 0);
  }

  get complete(): boolean {
    return this.length === 0 || (this.ranges.length === 1 && this.ranges[0]![0] === 0 && this.ranges[0]![1] >= this.length);
  }

  /** Marks [begin, end) as present (clamped to the file), merging with touching intervals. */
  add(begin: number, end: number): void {
    const b = Math.max(0, Math.min(begin, this.length));
    const e = Math.max(b, Math.min(end, this.length));
    if (e === b) return;
    const merged: [number, number][] = [];
    let nb = b;
    let ne = e;
    let placed = false;
    for (const [rb, re] of this.ranges) {
      if (re < nb) merged.push([rb, re]);
      else if (rb > ne) {
        if (!placed) merged.push([nb, ne]);
        placed = true;
        merged.push([rb, re]);
      } else {
        nb = Math.min(nb, rb);
        ne = Math.max(ne, re);
      }
    }
    if (!placed) merged.push([nb, ne]);
    this.ranges = merged;
  }

  /** Whether every byte of [begin, end) (clamped to the file) is present. */
  covers(begin: number, end: number): boolean {
    const b = Math.max(0, begin);
    const e = Math.min(end, this.length);
    if (e <= b) return true;
    return this.ranges.some(([rb, re]) => rb <= b && e <= re);
  }

  /** The parts of [begin, end) (clamped to the file) that are not present yet, in order. */
  missing(begin = 0, end = this.length): ByteRange[] {
    const out: ByteRange[] = [];
    let at = Math.max(0, begin);
    const stop = Math.min(end, this.length);
    for (const [rb, re] of this.ranges) {
      if (at >= stop) break;
      if (re <= at) continue;
      if (rb > at) out.push([at, Math.min(rb, stop)]);
      at = Math.max(at, re);
    }
    if (at < stop) out.push([at, stop]);
    return out;
  }

  /** The first missing piece at or after `from` (wrapping to the start), at most `max` bytes; undefined when complete. */
  nextMissing(from: number, max: number): ByteRange | undefined {
    const gap = this.missing(from)[0] ?? this.missing(0, from)[0];
    return gap ? [gap[0], Math.min(gap[1], gap[0] + max)] : undefined;
  }

  toArray(): ByteRange[] {
    return this.ranges.map(([b, e]) => [b, e] as const);
  }
}

/**
 * What the host sends for a request of [begin, end): at least `minReply` bytes from `begin` (pdf.js asks for one
 * 64 KB chunk at a time, and the objects a page needs sit near each other, so a larger answer saves round trips),
 * within the file.
 */
export function replyRange(begin: number, end: number, length: number, minReply: number): ByteRange {
  const b = Math.max(0, Math.min(begin, length));
  return [b, Math.min(length, Math.max(end, b + minReply))];
}

/** The pieces sent before pdf.js asks for anything: the start of the file and its end, not overlapping. */
export function initialPieces(length: number, head: number, tail: number): ByteRange[] {
  const h = Math.min(length, head);
  const t = Math.max(h, length - tail);
  return t < length
    ? [
        [0, h],
        [t, length],
      ]
    : [[0, h]];
}
