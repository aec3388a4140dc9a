import assert from 'node:assert/strict';
import { citationMarkdown } from '../../src/core/library/citationHover';
import { citeLanguage, declaredBibliographies, keyAt, keyPrefixAt } from '../../src/core/library/citeContext';

describe('citation keys in documents', () => {
  it('finds the key being typed in LaTeX cite commands, and nowhere else', () => {
    assert.deepEqual(keyPrefixAt('see \\cite{', 'latex'), { start: 10, prefix: '' });
    assert.deepEqual(keyPrefixAt('see \\citep[p.~3]{gu2023mamba, vas', 'latex'), { start: 30, prefix: 'vas' });
    assert.deepEqual(keyPrefixAt('\\parencite[see][12]{ab', 'latex'), { start: 20, prefix: 'ab' });
    assert.equal(keyPrefixAt('\\textcite*{x', 'latex')?.prefix, 'x');
    assert.equal(keyPrefixAt('\\section{', 'latex'), undefined);
    assert.equal(keyPrefixAt('\\cite{a} and more', 'latex'), undefined);
    assert.equal(keyPrefixAt('% \\cite{', 'latex'), undefined);
  });

  it('finds Pandoc citations but not e-mail addresses', () => {
    assert.deepEqual(keyPrefixAt('as [@', 'markdown'), { start: 5, prefix: '' });
    assert.deepEqual(keyPrefixAt('as [see @gu2023mamba; @vas', 'markdown'), { start: 23, prefix: 'vas' });
    assert.deepEqual(keyPrefixAt('@gu', 'markdown'), { start: 1, prefix: 'gu' });
    assert.equal(keyPrefixAt('[-@gu', 'markdown')?.prefix, 'gu');
    assert.equal(keyPrefixAt('mail me@exa', 'markdown'), undefined);
  });

  it('completes whole entries and cross-references in .bib files', () => {
    assert.deepEqual(keyPrefixAt('@', 'bibtex'), { start: 0, prefix: '', entry: true });
    assert.deepEqual(keyPrefixAt('  @mi', 'bibtex'), { start: 2, prefix: 'mi', entry: true });
    assert.equal(keyPrefixAt('  crossref = {gu', 'bibtex')?.prefix, 'gu');
    assert.equal(keyPrefixAt('  title = {gu', 'bibtex'), undefined);
  });

  it('finds the key under the pointer', () => {
    const line = 'as \\citep{gu2023mamba, vaswani2017attention} show';
    assert.deepEqual(keyAt(line, 12, 'latex'), { key: 'gu2023mamba', start: 10, end: 21 });
    assert.deepEqual(keyAt(line, 25, 'latex'), { key: 'vaswani2017attention', start: 23, end: 43 });
    assert.equal(keyAt(line, 47, 'latex'), undefined);
    assert.deepEqual(keyAt('see [@gu2023mamba, p. 3].', 8, 'markdown'), { key: 'gu2023mamba', start: 6, end: 17 });
    assert.deepEqual(keyAt('Per @smith:2020.', 6, 'markdown'), { key: 'smith:2020', start: 5, end: 15 });
    assert.equal(keyAt('me@example.com', 4, 'markdown'), undefined);
    assert.deepEqual(keyAt('@misc{gu2023mamba,', 8, 'bibtex'), { key: 'gu2023mamba', start: 6, end: 17 });
  });

  it('reads the bibliography a document names', () => {
    assert.deepEqual(declaredBibliographies('\\bibliography{refs,more}\n% \\bibliography{no}\n\\addbibresource{lib/a.bib}', 'latex'), [
      'refs.bib',
      'more.bib',
      'lib/a.bib',
    ]);
    assert.deepEqual(declaredBibliographies('---\ntitle: x\nbibliography: refs.bib\n---\n', 'markdown'), ['refs.bib']);
    assert.deepEqual(declaredBibliographies('---\nbibliography:\n  - "a.bib"\n  - b.bib\n---\n', 'markdown'), ['a.bib', 'b.bib']);
    assert.deepEqual(declaredBibliographies('no front matter\nbibliography: refs.bib', 'markdown'), []);
    assert.equal(citeLanguage('quarto'), 'markdown');
    assert.equal(citeLanguage('python'), undefined);
  });

  it('shows a key’s paper with escaped text and only the paper view link', () => {
    const md = citationMarkdown({
      key: 'gu2023mamba',
      paper: {
        id: '2312.00752',
        title: 'Mamba [x](javascript:alert(1))',
        authors: [{ name: 'Albert Gu' }],
        abstract: '',
        categories: [],
        links: {},
        repos: [],
        source: 'library',
        published: '2023-12-01',
      },
      status: 'reading',
      notes: 2,
      bibliography: 'references.bib',
      inBibliography: false,
    });
    assert.match(md, /^\*\*Mamba \\\[x\\\]\(javascript:alert\(1\)\)\*\*/);
    assert.match(md, /Albert Gu · 2023 · `gu2023mamba`/);
    assert.match(md, /In library: Reading · 2 notes · Not in references\.bib yet: choosing it adds it/);
    assert.equal([...md.matchAll(/(?<!\\)\]\(/g)].length, 1, 'one link: the paper view');
  });
});
