/**
 * Score accumulation and top-k selection for one query.
 *
 * Scores live in a Float64Array indexed by short id and the matched query terms in a bit mask per document; only
 * the documents touched by the query are visited again, to select the best `limit` with a small heap. This is where
 * the time MiniSearch spends on per-document result objects, match maps and a full sort goes away.
 */
import { FIELD_COUNT, type DocTable } from './docTable';
import type { Postings } from './lazyTermData';

/** MiniSearch's BM25+ defaults, kept so that rankings stay comparable. */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** A selected document: short id, final score, and the bit mask of query terms it matched. */
export interface Scored {
  readonly shortId: number;
  readonly score: number;
  readonly mask: number;
}

export class Accumulator {
  private scores = new Float64Array(0);
  private masks = new Uint32Array(0);
  private touched = new Int32Array(0);
  private touchedCount = 0;

  constructor(private readonly docs: DocTable) {}

  /** Starts a query over an index whose short ids are below `size`. */
  begin(size: number): void {
    if (this.scores.length < size) {
      const capacity = Math.max(size, this.scores.length * 2);
      this.scores = new Float64Array(capacity);
      this.masks = new Uint32Array(capacity);
      this.touched = new Int32Array(capacity);
    }
    this.touchedCount = 0;
  }

  /**
   * Adds one term's postings in one field, scored as MiniSearch's `termResults` does:
   * weight × BM25+(tf, df, N, field length, average field length).
   */
  addPostings(postings: Postings, fieldId: number, weight: number, bit: number, documentCount: number, averageFieldLength: number, dirty: boolean): void {
    const { alive, fieldLengths } = this.docs;
    let matching = postings.size;
    if (dirty) {
      // Discarded papers still sit in postings until MiniSearch vacuums; count only live ones so that scores
      // equal those of a freshly built index.
      postings.forEach((_tf, shortId) => {
        if (alive[shortId] === 0) matching--;
      });
      if (matching === 0) return;
    }
    const invDocFreq = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
    const { scores, masks, touched } = this;
    let count = this.touchedCount;
    // forEach, not for…of: iterating a Map's entries allocates an array per entry, millions per keystroke at 100k.
    postings.forEach((termFreq, shortId) => {
      if (alive[shortId] === 0) return;
      const fieldLength = fieldLengths[shortId * FIELD_COUNT + fieldId];
      const rawScore = invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * fieldLength) / averageFieldLength)));
      if (masks[shortId] === 0) touched[count++] = shortId;
      scores[shortId] += weight * rawScore;
      masks[shortId] |= bit;
    });
    this.touchedCount = count;
  }

  /**
   * The best `limit` documents that `accept` lets through, best first, and how many it let through. The final score
   * is MiniSearch's: the sum times the number of distinct query terms matched (`assumed` bits count for everyone).
   * With `required` bits (an `and` query), a document without all of them is left out.
   * Resets the accumulator for the next query.
   */
  select(
    limit: number,
    accept: ((shortId: number) => boolean) | undefined,
    assumed: number,
    required = 0,
  ): { readonly hits: Scored[]; readonly total: number } {
    const { scores, masks, touched } = this;
    const heap = new TopK(limit);
    let total = 0;
    for (let i = 0; i < this.touchedCount; i++) {
      const shortId = touched[i];
      const mask = masks[shortId];
      const score = scores[shortId] * popcount(mask | assumed);
      scores[shortId] = 0;
      masks[shortId] = 0;
      if (((mask | assumed) & required) !== required) continue;
      if (accept && !accept(shortId)) continue;
      total++;
      heap.offer(shortId, score, mask);
    }
    this.touchedCount = 0;
    return { hits: heap.sorted(), total };
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Higher score first; on equal scores the earlier-added paper first, so results are deterministic. */
function before(a: Scored, b: Scored): boolean {
  return a.score > b.score || (a.score === b.score && a.shortId < b.shortId);
}

/** A bounded min-heap (worst at the root) keeping the best `limit` entries offered. */
class TopK {
  private readonly items: Scored[] = [];

  constructor(private readonly limit: number) {}

  offer(shortId: number, score: number, mask: number): void {
    const { items, limit } = this;
    if (limit <= 0) return;
    const item = { shortId, score, mask };
    if (items.length < limit) {
      items.push(item);
      this.up(items.length - 1);
    } else if (before(item, items[0])) {
      items[0] = item;
      this.down(0);
    }
  }

  sorted(): Scored[] {
    return this.items.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  private up(i: number): void {
    const { items } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[parent], items[i])) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  private down(i: number): void {
    const { items } = this;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < items.length && before(items[worst], items[l])) worst = l;
      if (r < items.length && before(items[worst], items[r])) worst = r;
      if (worst === i) return;
      [items[worst], items[i]] = [items[i], items[worst]];
      i = worst;
    }
  }
}
