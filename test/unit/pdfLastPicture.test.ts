/**
 * The reader's last picture of a PDF (src/core/pdf/lastPicture.ts): the file a picture is kept in, what is refused
 * when it is read back, when a picture matches the position the reader opens at, and which pictures are dropped.
 */
import assert from 'node:assert/strict';
import {
  decodePictureRecord,
  encodePictureRecord,
  isPictureMeta,
  MAX_PICTURE_BYTES,
  MAX_PICTURE_URI,
  MAX_PICTURES,
  pictureFileName,
  picturesToDrop,
  sameViewState,
  type PictureRecord,
} from '../../src/core/pdf/lastPicture';

const record: PictureRecord = {
  state: { page: 3, offset: 0.25, zoom: 'page-width' },
  frame: { width: 1042, height: 741, clientWidth: 1032, clientHeight: 741, devicePixelRatio: 1 },
  colors: 'original',
  background: 'rgb(240, 240, 240)',
  file: 'file:///papers/attention.pdf',
  version: { size: 2_215_244, mtime: 1_765_000_000_000 },
  image: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256),
};

describe('the last picture of a PDF', () => {
  it('reads back a kept record whole: position, window, colours, file version and image', () => {
    const back = decodePictureRecord(encodePictureRecord(record)!);
    assert.deepEqual(back && { ...back, image: [...back.image] }, { ...record, image: [...record.image] });
  });

  it('reads a record from a view into a larger buffer (as a file read may give it)', () => {
    const bytes = encodePictureRecord(record)!;
    const larger = new Uint8Array(bytes.length + 20);
    larger.set(bytes, 10);
    assert.deepEqual([...decodePictureRecord(larger.subarray(10, 10 + bytes.length))!.image], [...record.image]);
  });

  it('refuses what is not a whole record: another file, a cut-off write, a damaged or hostile header', () => {
    const bytes = encodePictureRecord(record)!;
    assert.equal(decodePictureRecord(new TextEncoder().encode('%PDF-1.7 not a picture')), undefined);
    assert.equal(decodePictureRecord(bytes.subarray(0, 20)), undefined, 'cut inside the header');
    assert.equal(decodePictureRecord(bytes.subarray(0, bytes.length - record.image.length)), undefined, 'no image');
    assert.equal(decodePictureRecord(bytes.subarray(0, bytes.length - 1)), undefined, 'the image cut short');
    const notJson = bytes.slice();
    notJson[8] = 0x00; // the header's opening brace
    assert.equal(decodePictureRecord(notJson), undefined, 'a header that is not JSON');
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(4, 0xffffffff);
    assert.equal(decodePictureRecord(huge), undefined, 'a header length past the end');
    const wrongState = encodePictureRecord({ ...record, state: { page: 0, offset: 2, zoom: 'page-width' } })!;
    assert.equal(decodePictureRecord(wrongState), undefined);
    const strange = encodePictureRecord({ ...record, frame: { ...record.frame, devicePixelRatio: Number.NaN } })!;
    assert.equal(decodePictureRecord(strange), undefined);
    const noVersion = encodePictureRecord({ ...record, version: { size: -1, mtime: 0 } })!;
    assert.equal(decodePictureRecord(noVersion), undefined);
  });

  it('writes no record it could not read back', () => {
    assert.equal(encodePictureRecord({ ...record, file: `file:///${'x'.repeat(MAX_PICTURE_URI)}` }), undefined);
    assert.equal(encodePictureRecord({ ...record, image: new Uint8Array(MAX_PICTURE_BYTES + 1) }), undefined);
  });

  it('checks what the webview describes before it is kept', () => {
    const { state, frame, colors, background } = record;
    assert.ok(isPictureMeta({ state, frame, colors, background }));
    assert.ok(!isPictureMeta({ state, frame, colors }), 'no background');
    assert.ok(!isPictureMeta({ state: { ...state, zoom: 'huge' }, frame, colors, background }));
    assert.ok(!isPictureMeta({ state, frame: { ...frame, width: -1 }, colors, background }));
    assert.ok(!isPictureMeta({ state, frame, colors: 'x'.repeat(1000), background }));
  });

  it('matches a picture only to the position the reader opens at (the start when none is kept)', () => {
    assert.ok(sameViewState({ page: 1, offset: 0, zoom: 'page-width' }, undefined));
    assert.ok(!sameViewState({ page: 2, offset: 0, zoom: 'page-width' }, undefined));
    assert.ok(sameViewState(record.state, { page: 3, offset: 0.25, zoom: 'page-width' }));
    assert.ok(sameViewState(record.state, { page: 3, offset: 0.252, zoom: 'page-width' }), 'two pixels further');
    assert.ok(!sameViewState(record.state, { page: 3, offset: 0.26, zoom: 'page-width' }));
    assert.ok(!sameViewState(record.state, { page: 3, offset: 0.25, zoom: 1.5 }));
  });

  it('names a file by its URI, the same every time and different for another file', () => {
    const name = pictureFileName('file:///papers/attention.pdf');
    assert.match(name, /^[0-9a-f]{16}\.picture$/);
    assert.equal(pictureFileName('file:///papers/attention.pdf'), name);
    assert.notEqual(pictureFileName('file:///papers/attention2.pdf'), name);
    assert.notEqual(pictureFileName('file:///papers/attentioo.pdf'), name);
  });

  it('drops the oldest pictures beyond the limit, and none within it', () => {
    const kept = Array.from({ length: MAX_PICTURES + 3 }, (_, i) => ({ name: `p${i}.picture`, mtime: 1000 + ((i * 13) % (MAX_PICTURES + 3)) }));
    const dropped = picturesToDrop(kept);
    assert.equal(dropped.length, 3);
    const oldest = [...kept].sort((a, b) => a.mtime - b.mtime).slice(0, 3);
    assert.deepEqual(new Set(dropped), new Set(oldest.map((k) => k.name)));
    assert.deepEqual(picturesToDrop(kept.slice(0, MAX_PICTURES)), []);
  });
});
