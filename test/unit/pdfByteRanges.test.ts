/** The bookkeeping of a PDF sent in pieces from the extension host to the reader (src/core/pdf/byteRanges.ts). */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteRanges, initialPieces, replyRange } from '../../src/core/pdf/byteRanges';

describe('PDF byte ranges', () => {
  it('merges touching and overlapping ranges and says what is missing', () => {
    const r = new ByteRanges(100);
    r.add(10, 20);
    r.add(30, 40);
    assert.deepEqual(r.toArray(), [
      [10, 20],
      [30, 40],
    ]);
    r.add(20, 30);
    assert.deepEqual(r.toArray(), [[10, 40]]);
    r.add(0, 5);
    r.add(90, 200);
    assert.deepEqual(r.toArray(), [
      [0, 5],
      [10, 40],
      [90, 100],
    ]);
    assert.equal(r.size, 5 + 30 + 10);
    assert.equal(r.covers(12, 38), true);
    assert.equal(r.covers(4, 11), false);
    assert.equal(r.covers(95, 500), true, 'clamped to the file');
    assert.deepEqual(r.missing(), [
      [5, 10],
      [40, 90],
    ]);
    assert.deepEqual(r.missing(8, 50), [
      [8, 10],
      [40, 50],
    ]);
    assert.equal(r.complete, false);
    r.add(0, 100);
    assert.equal(r.complete, true);
    assert.deepEqual(r.missing(), []);
  });

  it('finds the next missing piece after a point, wrapping to the start', () => {
    const r = new ByteRanges(1000);
    r.add(0, 100);
    r.add(800, 1000);
    assert.deepEqual(r.nextMissing(0, 64), [100, 164]);
    assert.deepEqual(r.nextMissing(850, 1000), [100, 800]);
    r.add(100, 800);
    assert.equal(r.nextMissing(0, 64), undefined);
  });

  it('agrees with a byte map whatever is added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.tuple(fc.integer({ min: -20, max: 320 }), fc.integer({ min: 0, max: 80 })), { maxLength: 30 }),
        (length, adds) => {
          const r = new ByteRanges(length);
          const map = new Array<boolean>(length).fill(false);
          for (const [b, n] of adds) {
            r.add(b, b + n);
            for (let i = Math.max(0, b); i < Math.min(length, b + n); i++) map[i] = true;
          }
          assert.equal(r.size, map.filter(Boolean).length);
          assert.equal(r.complete, map.every(Boolean));
          const missing = new Array<boolean>(length).fill(false);
          for (const [b, e] of r.missing()) for (let i = b; i < e; i++) missing[i] = true;
          assert.deepEqual(
            missing,
            map.map((x) => !x),
          );
          const ranges = r.toArray();
          for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i - 1]![1] < ranges[i]![0], 'sorted, disjoint, not touching');
        },
      ),
    );
  });

  it('answers a request with at least the minimum reply, within the file', () => {
    assert.deepEqual(replyRange(0, 65536, 2_000_000, 262_144), [0, 262_144]);
    assert.deepEqual(replyRange(1_900_000, 1_965_536, 2_000_000, 262_144), [1_900_000, 2_000_000]);
    assert.deepEqual(replyRange(100, 900_000, 2_000_000, 262_144), [100, 900_000], 'a large request is answered whole');
  });

  it('sends the start and the end of the file first, without overlap', () => {
    assert.deepEqual(initialPieces(2_000_000, 65_536, 131_072), [
      [0, 65_536],
      [1_868_928, 2_000_000],
    ]);
    assert.deepEqual(initialPieces(100_000, 65_536, 131_072), [
      [0, 65_536],
      [65_536, 100_000],
    ]);
    assert.deepEqual(initialPieces(50_000, 65_536, 131_072), [[0, 50_000]]);
  });
});
