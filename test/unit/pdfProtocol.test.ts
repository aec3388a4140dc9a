/** The PDF reader's webview messages are checked like requests from the network. */
import assert from 'node:assert/strict';
import { isPdfMessage } from '../../src/protocol/guards';
import { toPaperRef, toRevealTarget } from '../../src/core/pdf/paperRef';
import type { PdfPaperRef } from '../../src/core/pdf/cacheName';

const picture = {
  state: { page: 2, offset: 0, zoom: 'page-width' },
  frame: { width: 1042, height: 741, clientWidth: 1042, clientHeight: 741, devicePixelRatio: 1 },
  colors: 'original',
  background: 'rgb(240, 240, 240)',
};
const part = { page: 3, rects: [{ x: 0.1176, y: 0.1, width: 0.37, height: 0.015 }], quote: 'attention', prefix: 'self-', suffix: ' is' };

describe('PDF reader protocol guard', () => {
  it('accepts every well-formed message', () => {
    const ok: unknown[] = [
      { type: 'ready' },
      { type: 'loaded', pages: 15 },
      { type: 'failed', reason: 'invalid', message: 'Invalid PDF structure.' },
      { type: 'viewState', state: { page: 4, offset: 0.25, zoom: 'page-width' } },
      { type: 'viewState', state: { page: 1, offset: 0, zoom: 1.5 } },
      { type: 'needPassword', incorrect: false },
      { type: 'addHighlight', parts: [part], colour: 'yellow', withNote: true },
      { type: 'addHighlight', parts: [part], colour: 'yellow', withNote: true, note: 'Two lines:\nthe second.' },
      { type: 'setHighlightNote', id: 'habc123', note: '' },
      { type: 'documentTitle', title: 'Attention Is All You Need' },
      { type: 'highlightClicked', id: 'habc123' },
      { type: 'openLink', url: 'https://arxiv.org/abs/1706.03762' },
      { type: 'exportHighlights' },
      { type: 'requestBytes', transferId: 3, begin: 1_900_544, end: 1_966_080 },
      { type: 'picture', loadId: 1, picture, image: new ArrayBuffer(120_000) },
    ];
    for (const message of ok) assert.equal(isPdfMessage(message), true, JSON.stringify(message));
  });

  it('refuses malformed, oversized and dangerous messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'nope' },
      { type: 'loaded', pages: -1 },
      { type: 'failed', reason: 'boom', message: 'x' },
      { type: 'viewState', state: { page: 0, offset: 0, zoom: 1 } },
      { type: 'viewState', state: { page: 1, offset: 2, zoom: 1 } },
      { type: 'viewState', state: { page: 1, offset: 0, zoom: 50 } },
      { type: 'viewState', state: { page: 1, offset: 0, zoom: 'auto' } },
      { type: 'needPassword' },
      { type: 'requestBytes', transferId: 3, begin: 100, end: 100 },
      { type: 'requestBytes', transferId: 3, begin: -1, end: 100 },
      { type: 'requestBytes', transferId: 3, begin: 0.5, end: 100 },
      { type: 'requestBytes', transferId: '3', begin: 0, end: 100 },
      { type: 'addHighlight', parts: [], colour: 'yellow', withNote: false },
      { type: 'addHighlight', parts: [part], colour: 'yellow', withNote: true, note: 42 },
      { type: 'setHighlightNote', id: '../x', note: 'x' },
      { type: 'setHighlightNote', id: 'habc123', note: 'x'.repeat(100_001) },
      { type: 'documentTitle', title: '  ' },
      { type: 'documentTitle', title: 'x'.repeat(301) },
      { type: 'addHighlight', parts: [part], colour: 'red', withNote: false },
      { type: 'addHighlight', parts: [{ ...part, rects: [[72, 700, 300, 712]] }], colour: 'yellow', withNote: false },
      { type: 'addHighlight', parts: [{ ...part, rects: [{ x: 0.1, y: 0.1, width: -0.2, height: 0.01 }] }], colour: 'yellow', withNote: false },
      { type: 'addHighlight', parts: [{ ...part, rects: [{ x: 0, y: 0, width: Number.NaN, height: 0.01 }] }], colour: 'yellow', withNote: false },
      { type: 'addHighlight', parts: [{ ...part, rects: [{ x: 500, y: 0, width: 0.1, height: 0.01 }] }], colour: 'yellow', withNote: false },
      { type: 'addHighlight', parts: [{ ...part, rects: [{ x: 0.1, y: 0.1, width: 0.1, height: 0.01, extra: 1 }] }], colour: 'yellow', withNote: false },
      { type: 'addHighlight', parts: [{ ...part, quote: 'x'.repeat(20_001) }], colour: 'yellow', withNote: false },
      {
        type: 'addHighlight',
        parts: [{ ...part, rects: Array.from({ length: 501 }, () => ({ x: 0, y: 0, width: 1, height: 1 })) }],
        colour: 'yellow',
        withNote: false,
      },
      { type: 'highlightClicked', id: '../../etc' },
      { type: 'openLink', url: 'command:workbench.action.terminal.new' },
      { type: 'openLink', url: 'file:///etc/passwd' },
      { type: 'openLink', url: 'javascript:alert(1)' },
      { type: 'picture', picture, image: new ArrayBuffer(100) },
      { type: 'picture', loadId: 1, picture, image: new ArrayBuffer(0) },
      { type: 'picture', loadId: 1, picture, image: new ArrayBuffer(1_500_001) },
      { type: 'picture', loadId: 1, picture, image: new Uint8Array(100) },
      { type: 'picture', loadId: 1, picture: { ...picture, state: { page: 0, offset: 0, zoom: 'page-width' } }, image: new ArrayBuffer(100) },
      { type: 'picture', loadId: 1, picture: { ...picture, frame: { ...picture.frame, height: Infinity } }, image: new ArrayBuffer(100) },
    ];
    for (const message of bad) assert.equal(isPdfMessage(message), false, JSON.stringify(message)?.slice(0, 120));
  });
});

describe('the "Open Paper PDF" command argument', () => {
  const known: PdfPaperRef = {
    id: '1706.03762',
    arxivId: '1706.03762',
    version: 5,
    title: 'Attention Is All You Need',
    links: { pdf: 'https://arxiv.org/pdf/1706.03762v5' },
  };
  const find = async (id: string) => (id === known.id ? known : undefined);

  it('takes a known paper id, an arXiv id or URL (keeping the version asked for), or a paper-like object', async () => {
    assert.deepEqual(await toPaperRef('1706.03762', find), known);
    assert.deepEqual(await toPaperRef('https://arxiv.org/abs/1706.03762v3', find), { ...known, version: 3 });
    assert.deepEqual(await toPaperRef('arXiv:2312.00752v2', find), { id: '2312.00752', arxivId: '2312.00752', version: 2 });
    assert.deepEqual(await toPaperRef({ id: 'title:x', title: 'X', links: { pdf: 'https://example.org/x.pdf' } }, find), {
      id: 'title:x',
      arxivId: undefined,
      version: undefined,
      title: 'X',
      links: { pdf: 'https://example.org/x.pdf' },
    });
  });

  it('refuses what is not a paper, and drops fields that are not what they claim', async () => {
    assert.equal(await toPaperRef('not a paper', find), undefined);
    assert.equal(await toPaperRef('', find), undefined);
    assert.equal(await toPaperRef(42, find), undefined);
    assert.equal(await toPaperRef({ title: 'no id' }, find), undefined);
    const ref = await toPaperRef({ id: 'x', arxivId: '../../etc/passwd', version: -3, links: { pdf: 7 } }, find);
    assert.deepEqual(ref, { id: 'x', arxivId: undefined, version: undefined, title: undefined, links: { pdf: undefined } });
  });

  it('reads a reveal target: a page and/or a highlight id', () => {
    assert.deepEqual(toRevealTarget({ page: 4 }), { page: 4, highlightId: undefined });
    assert.deepEqual(toRevealTarget({ highlightId: 'habc' }), { page: undefined, highlightId: 'habc' });
    assert.equal(toRevealTarget({ page: 0 }), undefined);
    assert.equal(toRevealTarget('4'), undefined);
  });
});
