import assert from 'node:assert/strict';
import { readBibliography } from '../../src/core/library/bibRead';
import { syncBibliography } from '../../src/core/library/bibSync';
import { libraryPaper, noteCitationKey } from '../../src/core/library/libraryPaper';
import type { Paper } from '../../src/core/paper';

function paper(over: Partial<Paper> & Pick<Paper, 'id' | 'title'>): Paper {
  return { authors: [], abstract: '', categories: [], links: {}, repos: [], source: 'arxiv', ...over };
}

const mamba = paper({
  id: '2312.00752',
  arxivId: '2312.00752',
  title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
  authors: [{ name: 'Albert Gu' }, { name: 'Tri Dao' }],
  published: '2023-12-01T00:00:00Z',
  categories: ['cs.LG'],
});
const attention = paper({
  id: '1706.03762',
  arxivId: '1706.03762',
  title: 'Attention Is All You Need',
  authors: [{ name: 'Ashish Vaswani' }],
  published: '2017-06-12T00:00:00Z',
});

function fieldsOf(text: string, key: string): Record<string, string> {
  const entry = readBibliography(text).find((e) => e.key === key);
  assert.ok(entry, `no entry ${key} in\n${text}`);
  return Object.fromEntries(entry.fields.map((f) => [f.name.toLowerCase(), f.value]));
}

describe('bibliography sync', () => {
  // An ES module: imported, not required.
  let parse: (typeof import('@retorquere/bibtex-parser'))['parse'];
  before(async () => {
    ({ parse } = await import('@retorquere/bibtex-parser'));
  });

  it('writes one entry per paper into an empty file, with stable keys, and a second sync changes nothing', () => {
    const first = syncBibliography('', [{ paper: mamba }, { paper: attention }]);
    assert.deepEqual(first.added, ['gu2023mamba', 'vaswani2017attention']);
    assert.equal(first.keys.get('2312.00752'), 'gu2023mamba');
    const parsed = parse(first.text);
    assert.equal(parsed.errors.length, 0);
    assert.deepEqual(
      parsed.entries.map((e) => e.key),
      ['gu2023mamba', 'vaswani2017attention'],
    );
    const keysOnly = syncBibliography(first.text, [{ paper: { ...mamba, title: 'Changed' } }, { paper: { ...mamba, id: 'other' } }], first.base, {
      keysOnly: true,
    });
    assert.deepEqual(
      [...keysOnly.keys],
      [
        ['2312.00752', 'gu2023mamba'],
        ['other', 'gu2023mambaa'],
      ],
    );
    assert.equal(keysOnly.text, first.text, 'keys only: nothing written');
    const second = syncBibliography(first.text, [{ paper: attention }, { paper: mamba }], first.base);
    assert.equal(second.text, first.text);
    assert.deepEqual(second.added, []);
    assert.deepEqual(second.updated, []);
  });

  it('keeps a key the note asks for (an imported key)', () => {
    const result = syncBibliography('', [{ paper: mamba, key: 'Gu:Mamba-2023' }]);
    assert.deepEqual(result.added, ['Gu:Mamba-2023']);
    assert.match(result.text, /^@misc\{Gu:Mamba-2023,/);
  });

  it('keeps hand-added fields, hand-edited values, hand-deleted fields and foreign entries, and updates the rest', () => {
    const first = syncBibliography('', [{ paper: mamba }]);
    // By hand: a comment and an entry of one's own, an added field, a title with braces, the url deleted.
    const edited = `% my references\n@book{knuth1984, title = {The {TeX}book}, author = {Knuth, Donald}}\n\n${first.text
      .replace(
        'title={Mamba: Linear-Time Sequence Modeling with Selective State Spaces},',
        'title={{Mamba}: Linear-Time Sequence Modeling with {S}elective State Spaces},\n  keywords={ssm, hand},',
      )
      .replace(/ {2}url=\{[^}]*\},\n/, '')}`;
    // The library changes: a second author, the year from a venue, and a new paper.
    const changed = { ...mamba, authors: [...mamba.authors, { name: 'Someone Else' }], doi: '10.1000/mamba' };
    const second = syncBibliography(edited, [{ paper: changed }, { paper: attention }], first.base);
    const fields = fieldsOf(second.text, 'gu2023mamba');
    assert.equal(fields.title, '{Mamba}: Linear-Time Sequence Modeling with {S}elective State Spaces', 'hand-edited title kept');
    assert.equal(fields.keywords, 'ssm, hand', 'hand-added field kept');
    assert.equal(fields.url, undefined, 'hand-deleted field stays deleted');
    assert.equal(fields.author, 'Albert Gu and Tri Dao and Someone Else', 'owned field updated');
    assert.equal(fields.doi, '10.1000/mamba', 'new owned field added');
    assert.ok(
      second.text.startsWith('% my references\n@book{knuth1984, title = {The {TeX}book}, author = {Knuth, Donald}}\n'),
      'foreign entry and comment byte for byte',
    );
    assert.deepEqual(second.added, ['vaswani2017attention']);
    assert.deepEqual(second.updated, ['gu2023mamba']);
    assert.equal(parse(second.text).errors.length, 0);
    // And the paper leaving the library does not take its entry with it.
    const third = syncBibliography(second.text, [{ paper: attention }], second.base);
    assert.equal(third.text, second.text);
  });

  it('adopts an entry that was there before by its arXiv id or DOI, keeping its key and its values', () => {
    const text = '@article{GuDao23,\n  title = "Mamba",\n  eprint = {2312.00752v2},\n}\n';
    const result = syncBibliography(text, [{ paper: mamba }]);
    assert.equal(result.keys.get('2312.00752'), 'GuDao23');
    const fields = fieldsOf(result.text, 'GuDao23');
    assert.equal(fields.title, 'Mamba', 'a value Marginalia never wrote is not overwritten');
    assert.equal(fields.author, 'Albert Gu and Tri Dao', 'missing fields are added');
    assert.match(result.text, /^@article\{GuDao23,\n {2}title = "Mamba",\n {2}eprint = \{2312\.00752v2\},\n {2}author = \{/);
    // A second sync: the foreign title is still not Marginalia's to change.
    const again = syncBibliography(result.text, [{ paper: { ...mamba, title: 'Mamba (v2)' } }], result.base);
    assert.equal(fieldsOf(again.text, 'GuDao23').title, 'Mamba');
    const doi = syncBibliography('@misc{x, doi={10.1000/ABC}}', [{ paper: { ...attention, doi: 'https://doi.org/10.1000/abc' } }]);
    assert.equal(doi.keys.get('1706.03762'), 'x');
  });

  it('gives a new paper a key that no entry in the file has', () => {
    const text = '@misc{gu2023mamba, title={Another paper entirely}}\n';
    const result = syncBibliography(text, [{ paper: { ...mamba, id: 'title:mamba', arxivId: undefined } }]);
    assert.deepEqual(result.added, ['gu2023mambaa']);
    assert.equal(readBibliography(result.text).length, 2);
  });

  it('keeps CRLF line ends and adds fields to an entry with none', () => {
    const result = syncBibliography('@misc{k,\r\n  eprint={1706.03762}\r\n}\r\n', [{ paper: attention }]);
    assert.ok(!/[^\r]\n/.test(result.text), JSON.stringify(result.text));
    assert.equal(fieldsOf(result.text, 'k').title, 'Attention Is All You Need');
  });

  it('reads around what it cannot parse without losing it', () => {
    const text = '@misc{broken, title={unclosed\n@string{jan = "January"}\n@misc{ok, title = jan # " 1", year = 2020}\n';
    const entries = readBibliography(text);
    assert.deepEqual(
      entries.map((e) => e.key),
      ['ok'],
    );
    assert.equal(entries[0]!.fields[0]!.value, 'jan # " 1"');
    const result = syncBibliography(text, [{ paper: attention }]);
    assert.ok(result.text.startsWith(text));
  });
});

describe('library paper for citing', () => {
  it('takes the key, authors and year of an imported note, and the note title over the feed title', () => {
    const data = { id: 'doi:10.1/x', title: 'My Title', citekey: 'smith2020', authors: ['Jane Smith', 'Bo Li'], year: 2020 };
    assert.equal(noteCitationKey(data), 'smith2020');
    assert.equal(noteCitationKey({ key: 'has space' }), undefined);
    const p = libraryPaper('doi:10.1/x', { id: 'doi:10.1/x', title: 'My Title', tags: [], repos: [] }, data);
    assert.deepEqual(
      p.authors.map((a) => a.name),
      ['Jane Smith', 'Bo Li'],
    );
    assert.equal(p.year, '2020');
    const csl = libraryPaper(
      'x',
      { id: 'x', title: 'T', tags: [], repos: [] },
      { author: [{ given: 'Jane', family: 'Smith' }, { literal: 'DeepSeek-AI' }], date: '2021-03-04' },
    );
    assert.deepEqual(
      csl.authors.map((a) => a.name),
      ['Jane Smith', 'DeepSeek-AI'],
    );
    assert.equal(csl.year, '2021');
    const known = libraryPaper('2312.00752', { id: '2312.00752', title: 'Mamba (my title)', tags: [], repos: [] }, {}, mamba);
    assert.equal(known.title, 'Mamba (my title)');
    assert.equal(known.authors.length, 2);
  });
});
