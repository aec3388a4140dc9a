import assert from 'node:assert/strict';
import { noteVersion } from '../../src/core/notes/noteVersion';
import { VersionCache, defaultVersionCacheLimits } from '../../src/host/library/versionCache';

/** A note of about `mb` megabytes, different for each `n`. */
const bigNote = (n: number, mb: number) => `---\nid: p\n---\n# Note ${n}\n${'lorem ipsum '.repeat(Math.round((mb * 1_000_000) / 24))}`;

describe('the note versions kept for merging', () => {
  it('keeps 20 versions of a 4 MB note within its byte bound, the newest ones', () => {
    const cache = new VersionCache();
    const versions: string[] = [];
    for (let n = 0; n < 20; n++) versions.push(cache.remember('p', bigNote(n, 4)));
    const kept = versions.map((v) => cache.text('p', v)).reduce((sum, text) => sum + (text?.length ?? 0) * 2, 0);
    assert.ok(kept <= defaultVersionCacheLimits.perPaperBytes, `${kept} bytes kept`);
    assert.equal(cache.bytes, kept);
    assert.ok(cache.text('p', versions[19]!), 'the newest version is kept');
    assert.equal(cache.text('p', versions[0]!), undefined, 'the oldest is gone');
  });

  it('bounds all papers together, forgetting the oldest first', () => {
    const cache = new VersionCache({ perPaper: 64, perPaperBytes: 10_000_000, totalBytes: 20_000_000 });
    const versions = Array.from({ length: 12 }, (_, n) => cache.remember(`paper-${n}`, bigNote(n, 2)));
    const kept = versions.map((v, n) => cache.text(`paper-${n}`, v)).reduce((sum, text) => sum + (text?.length ?? 0) * 2, 0);
    assert.ok(kept <= 20_000_000, `${kept} bytes kept`);
    assert.equal(cache.text('paper-0', versions[0]!), undefined);
    assert.ok(cache.text('paper-11', versions[11]!));
  });

  it('keeps a note larger than every bound (its newest version), and small notes by count as before', () => {
    const tiny = new VersionCache({ perPaper: 3, perPaperBytes: 1000, totalBytes: 1000 });
    const v = tiny.remember('big', 'x'.repeat(5000));
    assert.equal(tiny.text('big', v), 'x'.repeat(5000));
    const cache = new VersionCache();
    const small = Array.from({ length: 70 }, (_, n) => cache.remember('s', `note ${n}`));
    assert.equal(cache.text('s', small[5]!), undefined);
    assert.equal(cache.text('s', small[6]!), 'note 6');
    assert.equal(small[6], noteVersion('note 6'));
    // Remembering a kept version again moves it to the newest and counts it once.
    const before = cache.bytes;
    cache.remember('s', 'note 6');
    assert.equal(cache.bytes, before);
  });
});
