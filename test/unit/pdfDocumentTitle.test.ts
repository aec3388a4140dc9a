import assert from 'node:assert/strict';
import { documentTitle, titleFromFirstPage, usableMetadataTitle } from '../../src/core/pdf/documentTitle';

describe('a PDF’s own title', () => {
  it('takes the metadata Title when it is one', () => {
    assert.equal(usableMetadataTitle('  Attention Is All\n You Need '), 'Attention Is All You Need');
    for (const junk of ['', 'untitled', 'Microsoft Word - draft3.docx', 'main.pdf', 'paper', 'x']) assert.equal(usableMetadataTitle(junk), undefined, junk);
  });

  it('else takes the largest text at the top of the first page, in reading order', () => {
    const runs = [
      { text: 'Provided proper attribution is provided, Google grants permission', size: 9, fromTop: 40 },
      { text: 'Attention Is All', size: 17.2, fromTop: 110 },
      { text: 'You Need', size: 17.2, fromTop: 130 },
      { text: 'Ashish Vaswani', size: 10, fromTop: 170 },
      { text: 'A FOOTNOTE IN HUGE TYPE', size: 40, fromTop: 700 },
    ];
    assert.equal(titleFromFirstPage(runs, 792), 'Attention Is All You Need');
    assert.equal(documentTitle('main.tex', runs, 792), 'Attention Is All You Need');
    assert.equal(documentTitle('A Real Title', runs, 792), 'A Real Title');
    assert.equal(titleFromFirstPage([], 792), undefined);
  });
});
