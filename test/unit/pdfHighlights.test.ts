import assert from 'node:assert/strict';
import {
  isPdfLinkLine,
  openPdfHighlightCommandUri,
  openPdfHighlightUri,
  parseOpenPdfHighlightArgs,
  parsePdfHighlightUri,
  pdfLinkLine,
  previewPdfHrefFor,
} from '../../src/core/links/pdfLinks';
import { noteFileName } from '../../src/core/notes/noteFileName';
import { parseNote } from '../../src/core/notes/noteFile';
import { highlightsMarkdown } from '../../src/core/pdf/exportHighlights';
import { highlightFromNote, highlightPatch, highlightsOf, noteForHighlight, type NewHighlight, type PdfHighlight } from '../../src/core/pdf/highlights';
import { placeOnPage, readablePageText, searchOrder, textRangeRects, type PageTextContent } from '../../src/core/pdf/refindHighlight';
import { arxivIdFromFileName, pdfPaperId } from '../../src/core/pdf/pdfHome';

const FILE = [
  '---',
  'id: "1706.03762"',
  'title: Attention Is All You Need',
  '---',
  '',
  '# Attention Is All You Need',
  '',
  '## p. 1: “The dominant sequence transduction models”',
  '<!-- marginalia:note id=k3j2m9qa kind=pdf page=1 rects=0.1766,0.3469,0.4512,0.0121 colour=green prefix="Abstract " suffix=" are based on" created=2026-11-26T10:00:00Z mine=kept -->',
  '',
  '> The dominant sequence transduction models',
  '',
  '[Open p. 1 in the PDF](command:marginalia.openPdfHighlight?%5B%22k3j2m9qa%22%5D)',
  '',
  'The baseline the paper replaces.',
  '',
].join('\n');

const NEW: NewHighlight = {
  page: 3,
  rects: [
    { x: 0.12, y: 0.4, width: 0.3, height: 0.012 },
    { x: 0.12, y: 0.413, width: 0.1, height: 0.012 },
  ],
  colour: 'blue',
  quote: 'Scaled Dot-Product Attention',
  prefix: '3.2.1 ',
  suffix: ' We call our particular attention',
  note: 'Why divide by $\\sqrt{d_k}$?',
};

describe('PDF highlights in the note file', () => {
  it('reads a highlight from its note: page, rects, colour, quote with context, note text', () => {
    const doc = parseNote(FILE);
    assert.equal(doc.serialize(), FILE, 'reading changes nothing');
    const [h] = highlightsOf(doc.notes);
    assert.deepEqual(h, {
      id: 'k3j2m9qa',
      page: 1,
      rects: [{ x: 0.1766, y: 0.3469, width: 0.4512, height: 0.0121 }],
      colour: 'green',
      quote: 'The dominant sequence transduction models',
      prefix: 'Abstract ',
      suffix: ' are based on',
      note: 'The baseline the paper replaces.',
      created: '2026-11-26T10:00:00Z',
    });
    assert.deepEqual(doc.getNote('k3j2m9qa')!.extra, { mine: 'kept' }, 'the link line is not part of the note, unknown attributes are kept');
  });

  it('changing the note keeps the colour, unknown attributes and their places byte for byte', () => {
    const doc = parseNote(FILE);
    const note = doc.getNote('k3j2m9qa')!;
    const edited = doc.updateNote(note.id, highlightPatch(note, { note: 'Edited.' }, '2026-11-27T09:00:00Z')).serialize();
    assert.equal(
      edited,
      FILE.replace('created=2026-11-26T10:00:00Z mine=kept', 'created=2026-11-26T10:00:00Z updated=2026-11-27T09:00:00Z mine=kept').replace(
        'The baseline the paper replaces.',
        'Edited.',
      ),
    );
  });

  it('changing the colour changes only the colour attribute (and the update time)', () => {
    const doc = parseNote(FILE);
    const note = doc.getNote('k3j2m9qa')!;
    const edited = doc.updateNote(note.id, highlightPatch(note, { colour: 'pink' }, '2026-11-27T09:00:00Z')).serialize();
    assert.equal(edited, FILE.replace('colour=green', 'colour=pink').replace('mine=kept', 'updated=2026-11-27T09:00:00Z mine=kept'));
  });

  it('keeps colours it does not know exactly as written, shown as yellow', () => {
    for (const colour of ['orange', '"#ffcc00"', '"light blue"']) {
      const text = FILE.replace('colour=green', `colour=${colour}`);
      const doc = parseNote(text);
      const h = highlightFromNote(doc.getNote('k3j2m9qa')!)!;
      assert.equal(h.colour, 'yellow');
      assert.equal(h.colourName, JSON.parse(colour.startsWith('"') ? colour : `"${colour}"`));
      // Rewriting the section (a note edit) writes the same colour back.
      const note = doc.getNote('k3j2m9qa')!;
      const edited = doc.updateNote(note.id, highlightPatch(note, { note: 'x' }, 'u')).serialize();
      assert.ok(edited.includes(` colour=${colour} `), edited);
    }
  });

  it('adds a highlight as a note that reads back as the same highlight, with a link back to the PDF', () => {
    const doc = parseNote(FILE).addNote(noteForHighlight(NEW, 'b7x2c9d1', '2026-11-26T11:00:00Z'));
    const text = doc.serialize();
    assert.ok(text.startsWith(FILE), 'appended after what was there');
    assert.equal(
      text.slice(FILE.length),
      [
        '',
        '## p. 3: “Scaled Dot-Product Attention”',
        '<!-- marginalia:note id=b7x2c9d1 kind=pdf page=3 rects=0.12,0.4,0.3,0.012;0.12,0.413,0.1,0.012 colour=blue prefix="3.2.1 " suffix=" We call our particular attention" created=2026-11-26T11:00:00Z -->',
        '',
        '> Scaled Dot-Product Attention',
        '',
        '[Open p. 3 in the PDF](command:marginalia.openPdfHighlight?%5B%22b7x2c9d1%22%5D)',
        '',
        'Why divide by $\\sqrt{d_k}$?',
        '',
      ].join('\n'),
    );
    const back = parseNote(text).getNote('b7x2c9d1')!;
    assert.deepEqual(highlightFromNote(back), { ...NEW, id: 'b7x2c9d1', created: '2026-11-26T11:00:00Z' });
  });

  it('a highlight without a note has no text; one with a note that looks like the link keeps it as text', () => {
    const bare = parseNote(FILE).addNote(noteForHighlight({ ...NEW, note: undefined }, 'n0', 'c'));
    assert.equal(highlightFromNote(bare.getNote('n0')!)!.note, undefined);
    const tricky = pdfLinkLine('n1', 3);
    const doc = parseNote(FILE).addNote(noteForHighlight({ ...NEW, note: tricky }, 'n1', 'c'));
    const back = parseNote(doc.serialize());
    assert.equal(highlightFromNote(back.getNote('n1')!)!.note, `\\${tricky}`, 'escaped, so it shows as text and is not read as the link');
    assert.equal(back.getNote('n1')!.text, doc.getNote('n1')!.text);
  });

  it('deleting a highlight removes its whole section and nothing else', () => {
    const doc = parseNote(FILE).addNote(noteForHighlight(NEW, 'b7x2c9d1', 'c'));
    assert.equal(doc.removeNote('b7x2c9d1').serialize(), FILE);
  });

  it('lists highlights in reading order and skips other notes and broken PDF anchors', () => {
    const text = `${FILE}\n## Broken\n<!-- marginalia:note id=zz kind=pdf rects=1,2 -->\n\n> x\n\n## General\n<!-- marginalia:note id=gg kind=general -->\n\nhello\n`;
    let doc = parseNote(text);
    doc = doc.addNote(noteForHighlight({ ...NEW, page: 1, rects: [{ x: 0.5, y: 0.1, width: 0.1, height: 0.01 }] }, 'top1', 'c'));
    doc = doc.addNote(noteForHighlight(NEW, 'p3', 'c'));
    assert.deepEqual(
      highlightsOf(doc.notes).map((h) => h.id),
      ['top1', 'k3j2m9qa', 'p3'],
    );
  });
});

describe('links to highlights', () => {
  it('builds and reads the command link, the vscode: link and the preview rewrite', () => {
    const uri = openPdfHighlightCommandUri({ paper: '1706.03762', note: 'k3j2m9qa' });
    assert.equal(uri, 'command:marginalia.openPdfHighlight?%5B%7B%22paper%22%3A%221706.03762%22%2C%22note%22%3A%22k3j2m9qa%22%7D%5D');
    const args = JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))) as unknown[];
    assert.deepEqual(parseOpenPdfHighlightArgs(args), { paper: '1706.03762', note: 'k3j2m9qa' });
    assert.deepEqual(parseOpenPdfHighlightArgs(['k3j2m9qa']), { note: 'k3j2m9qa' });
    assert.deepEqual(parseOpenPdfHighlightArgs([{ note: 'x', paper: 'pdf:docs/my report.pdf' }]), { note: 'x', paper: 'pdf:docs/my report.pdf' });
    for (const bad of [[], [{ note: '../x' }], [{ note: 'a', paper: 3 }], [{ note: 'a', paper: 'a\nb' }], ['x'.repeat(65)]]) {
      assert.ok('error' in parseOpenPdfHighlightArgs(bad), JSON.stringify(bad));
    }
    const vs = openPdfHighlightUri('vscode', { note: 'k3j2m9qa', paper: '1706.03762' });
    assert.equal(vs, 'vscode://marginalia.marginalia/pdf?note=k3j2m9qa&paper=1706.03762');
    const parsed = new URL(vs);
    assert.deepEqual(parsePdfHighlightUri(parsed.pathname, parsed.search.slice(1)), { note: 'k3j2m9qa', paper: '1706.03762' });
    assert.equal(parsePdfHighlightUri('/open', 'note=a'), undefined);
    assert.equal(previewPdfHrefFor(uri, 'vscode-insiders'), 'vscode-insiders://marginalia.marginalia/pdf?note=k3j2m9qa&paper=1706.03762');
    assert.equal(previewPdfHrefFor('command:marginalia.openPdfHighlight?%5B%22..%2F%22%5D', 'vscode'), undefined);
    assert.equal(previewPdfHrefFor('command:workbench.action.terminal.new', 'vscode'), undefined);
  });

  it('recognises exactly the link line it writes', () => {
    assert.ok(isPdfLinkLine(pdfLinkLine('k3j2m9qa', 12)));
    assert.ok(!isPdfLinkLine('[Open p. 12 in the PDF](command:workbench.action.terminal.new)'));
    assert.ok(!isPdfLinkLine(`see ${pdfLinkLine('k3j2m9qa', 12)}`));
  });
});

describe('where a PDF’s highlights live', () => {
  it('finds the arXiv id in a PDF’s file name', () => {
    assert.deepEqual(arxivIdFromFileName('arxiv_1706.03762v5_attention.pdf'), { id: '1706.03762', version: 5 });
    assert.deepEqual(arxivIdFromFileName('2312.00752.pdf'), { id: '2312.00752' });
    assert.deepEqual(arxivIdFromFileName('hep-th_9901001v1.pdf'), { id: 'hep-th/9901001', version: 1 });
    assert.deepEqual(arxivIdFromFileName('arxiv_1111.2011v2_hsc.pdf'), { id: '1111.2011', version: 2 });
    assert.equal(arxivIdFromFileName('report-2023.1234567.pdf'), undefined);
    assert.equal(arxivIdFromFileName('invoice_1399.12345.pdf'), undefined, 'month 99 is no arXiv id');
    assert.equal(arxivIdFromFileName('docling_corrupted_not_a_pdf.pdf'), undefined);
  });

  it('names the note of a PDF that is no paper from its workspace path', () => {
    assert.equal(noteFileName({ id: pdfPaperId('docs/Q3 Report.pdf'), title: 'Q3 Report.pdf' }), 'pdf-docs-q3-report.md');
    assert.equal(noteFileName({ id: pdfPaperId('ドキュメント.pdf'), title: 'x' }).replace(/[0-9a-f]{8}/, 'HASH'), 'pdf-HASH.md');
  });
});

describe('finding a highlight again in a new version of the PDF', () => {
  const geometry = { view: [0, 0, 612, 792] as const, rotation: 0 };
  /** One text item per line, 10 pt type, 5 pt per character, lines 14 pt apart from the top margin. */
  const page = (lines: readonly string[]): PageTextContent => ({
    geometry,
    items: lines.map((str, i) => ({ str, hasEOL: true, transform: [10, 0, 0, 10, 72, 720 - 14 * i], width: str.length * 5, height: 10 })),
  });
  const V1 = [
    'Recurrent models typically factor computation along',
    'the symbol positions of the input and output',
    'sequences. Attention mechanisms have become an',
    'integral part of compelling sequence modeling.',
  ];
  const at = (content: PageTextContent, quote: string, nth = 0) => {
    const text = readablePageText(content.items);
    let start = -1;
    for (let k = 0; k <= nth; k++) start = text.text.indexOf(quote, start + 1);
    assert.ok(start >= 0, `"${quote}" is on the page`);
    return textRangeRects(content, text, start, start + quote.length);
  };

  it('estimates boxes over the words, one per line, as fractions of the page', () => {
    const rects = at(page(V1), 'symbol positions');
    assert.equal(rects.length, 1);
    const [r] = rects;
    // "the symbol positions…" starts at x = 72 pt; "symbol" is 4 characters in, 16 characters long.
    assert.ok(Math.abs(r!.x - (72 + 4 * 5) / 612) < 0.002, `x ${r!.x}`);
    assert.ok(Math.abs(r!.width - (16 * 5) / 612) < 0.002, `width ${r!.width}`);
    assert.ok(Math.abs(r!.y - (792 - 706 - 8) / 792) < 0.002, `y ${r!.y}`);
    const across = at(page(V1), 'output sequences');
    assert.equal(across.length, 2, 'a quote across a line end gets a box per line');
  });

  it('keeps a highlight where it is when its quote is still under it, also for a word used twice', () => {
    const content = page(V1);
    const anchor = { rects: at(content, 'sequence', 1), quote: 'sequence', prefix: 'compelling ', suffix: ' modeling' };
    assert.deepEqual(placeOnPage(content, anchor, true), { status: 'here' });
    // Even when the context points at the other occurrence, the boxes decide.
    assert.deepEqual(placeOnPage(content, { ...anchor, prefix: 'output ', suffix: 's. Attention' }, true), { status: 'here' });
  });

  it('finds a quote that moved on its page, and one that changed a little, and flags one that is gone', () => {
    const anchor = {
      rects: at(page(V1), 'Attention mechanisms have become'),
      quote: 'Attention mechanisms have become',
      prefix: 'sequences. ',
      suffix: ' an integral',
    };
    const moved = placeOnPage(page(['A new first line pushes everything down.', ...V1]), anchor, true);
    assert.equal(moved.status, 'found');
    assert.ok(moved.status === 'found' && moved.how === 'exact' && moved.rects[0]!.y > anchor.rects[0]!.y + 0.015, 'one line lower');
    const reworded = V1.map((l) => l.replace('Attention mechanisms have become', 'Attention mechanisms had become'));
    assert.deepEqual(placeOnPage(page(reworded), anchor, true), { status: 'here', changed: true }, 'reworded in place: stays, flagged');
    const both = placeOnPage(page(['A new first line.', ...reworded]), anchor, true);
    assert.ok(both.status === 'found' && both.how === 'approximate', 'reworded and moved: found approximately');
    assert.deepEqual(placeOnPage(page(['Nothing of the kind here.']), anchor, true), { status: 'absent' });
    const elsewhere = placeOnPage(page(V1), anchor, false);
    assert.equal(elsewhere.status, 'found', 'on another page than its own, a match is a new place even under the same boxes');
    assert.deepEqual(placeOnPage(page(reworded), anchor, false, { approximate: false }), { status: 'absent' }, 'exact only: a reworded quote is not it');
    assert.equal(placeOnPage(page(reworded), anchor, false).status, 'found');
  });

  it('searches the neighbouring pages first, also from a page past the end', () => {
    assert.deepEqual(searchOrder(3, 5), [2, 4, 1, 5]);
    assert.deepEqual(searchOrder(1, 3), [2, 3]);
    assert.deepEqual(searchOrder(9, 3), [3, 2, 1]);
    assert.deepEqual(searchOrder(1, 1), []);
  });
});

describe('Export Highlights', () => {
  const h = (over: Partial<PdfHighlight>): PdfHighlight => ({
    id: 'x',
    page: 1,
    rects: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.01 }],
    colour: 'yellow',
    quote: 'q',
    ...over,
  });

  it('lists highlights grouped by page in reading order, with colour, quote and note', () => {
    const markdown = highlightsMarkdown({
      title: 'Attention Is All You Need',
      source: 'arXiv:1706.03762',
      notePath: 'papers/1706.03762-attention-is-all-you-need.md',
      date: '2026-11-26',
      highlights: [
        h({ id: 'c', page: 3, quote: 'Scaled Dot-Product   Attention', colour: 'blue', note: 'Why divide by $\\sqrt{d_k}$?\n\n- a list\n- in the note' }),
        h({ id: 'b', page: 1, quote: 'are based on *complex* recurrent', rects: [{ x: 0.1, y: 0.5, width: 0.2, height: 0.01 }], colour: 'green' }),
        h({ id: 'a', page: 1, quote: 'The dominant sequence transduction models', colourName: 'orange' }),
      ],
    });
    assert.equal(
      markdown,
      [
        '# Highlights: Attention Is All You Need',
        '',
        'arXiv:1706.03762 · 3 highlights, 1 with notes · kept in `papers/1706.03762-attention-is-all-you-need.md` · exported 2026-11-26',
        '',
        '## Page 1',
        '',
        '- **Orange** · “The dominant sequence transduction models”',
        '',
        '- **Green** · “are based on \\*complex\\* recurrent”',
        '',
        '## Page 3',
        '',
        '- **Blue** · “Scaled Dot-Product Attention”',
        '',
        '  Why divide by $\\sqrt{d_k}$?',
        '',
        '  - a list',
        '  - in the note',
        '',
      ].join('\n'),
    );
  });

  it('escapes what comes from the PDF and says when there is nothing', () => {
    const markdown = highlightsMarkdown({
      title: '# <script>',
      date: '2026-11-26',
      highlights: [h({ quote: '<img src=x onerror=alert(1)> [link](command:x)' })],
    });
    assert.ok(markdown.startsWith('# Highlights: \\# \\<script\\>\n'));
    assert.ok(markdown.includes('“\\<img src=x onerror=alert(1)\\> \\[link\\](command:x)”'));
    assert.match(highlightsMarkdown({ title: 'T', date: 'd', highlights: [] }), /0 highlights · exported d\n\nNo highlights yet/);
  });
});
