import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { emptyLibrary, toPaperRow } from '../../src/core/paperList';
import { decodeLatexAccents, readableLatex } from '../../src/core/text/latexText';

const noHighlight = { terms: [], prefixes: [] };

describe('LaTeX in plain text', () => {
  it('decodes accent commands and special letters, braced or not', () => {
    const cases: [string, string][] = [
      ["We then present M\\'elange, a framework", 'We then present Mélange, a framework'],
      ['M{\\"u}ller and {\\"u}ber', 'Müller and über'],
      ["R\\'{e}nyi entropy", 'Rényi entropy'],
      ['(\\"Ust\\"un et al., 2024)', '(Üstün et al., 2024)'],
      ["G\\\"{o}del, \\c{c}a, \\v{S}koda, Erd\\H{o}s, Stra\\ss e, \\O{}resund, \\L{}\\'od\\'z", 'Gödel, ça, Škoda, Erdős, Straße, Øresund, Łódź'],
      ['na\\"{\\i}ve', 'naïve'],
      ["Pe\\~{n}a and Garc\\'ia", 'Peña and García'],
    ];
    for (const [input, expected] of cases) assert.equal(decodeLatexAccents(input), expected, input);
  });

  it('keeps math as TeX for the views that typeset it, and is idempotent', () => {
    const text = "$\\omega$Test finds bugs in $O(n^2)$ with M\\'elange at 60\\%";
    const decoded = decodeLatexAccents(text);
    assert.equal(decoded, '$\\omega$Test finds bugs in $O(n^2)$ with Mélange at 60\\%');
    assert.equal(decodeLatexAccents(decoded), decoded);
    assert.equal(decodeLatexAccents('$\\hat{x}$ and $\\"a$'), '$\\hat{x}$ and $\\"a$');
  });

  it('makes math readable where it cannot be typeset', () => {
    const cases: [string, string][] = [
      ['$\\omega$Test: Fuzzing', 'ωTest: Fuzzing'],
      ['cost $O(n^2)$ for $x_i$ and $\\alpha_{t}$', 'cost O(n²) for xᵢ and αₜ'],
      ['a speedup of 60\\% with \\eg~progress rewards', 'a speedup of 60% with e.g. progress rewards'],
      ['$\\mathcal{O}(\\log n)$ and $k \\leq 10$', 'O(log n) and k ≤ 10'],
      ['prices $5 and $10 stay', 'prices $5 and $10 stay'],
      ['GUI-G^2: Gaussian Reward Modeling', 'GUI-G^2: Gaussian Reward Modeling'],
    ];
    for (const [input, expected] of cases) assert.equal(readableLatex(input), expected, input);
  });

  it('shows accents as characters in papers read from real feeds', () => {
    const atom = parseFeed(readFileSync('test/fixtures/arxiv/arxiv_classic_2016_search_au_del_maestro.xml'));
    const renyi = atom.papers.find((p) => p.abstract.includes('nyi entanglement'));
    assert.ok(renyi, 'the Rényi paper is in the feed');
    assert.match(renyi.abstract, /the Rényi entanglement/);
    assert.doesNotMatch(renyi.abstract, /\\'/);
    const hf = parseFeed(readFileSync('test/fixtures/hf/hf_daily_2024-05-27.json'));
    const aya = hf.papers.find((p) => p.abstract.includes('Aya model'));
    assert.ok(aya);
    assert.match(aya.abstract, /\(Üstün et al\.,/);
    // The sample feed's Mélange paper: its abstract says M\'elange.
    const sample = parseFeed(readFileSync('media/sample/daily-papers.txt'));
    const melange = sample.papers.find((p) => p.title.startsWith('Mélange'));
    assert.ok(melange);
    assert.match(melange.abstract, /We then present Mélange, a framework/);
    assert.doesNotMatch(melange.abstract, /\\'/);
  });

  it('gives the list readable titles and snippets, highlighted where the words are', () => {
    const paper = {
      ...parseFeed(readFileSync('media/sample/daily-papers.txt')).papers[0]!,
      title: '$\\omega$Test: Mélange of $k$-means',
      abstract: 'We reach 60\\% with $\\omega$Test.',
    };
    const row = toPaperRow(paper, { terms: ['means'], prefixes: [] }, emptyLibrary.status(paper.id));
    assert.equal(row.title, 'ωTest: Mélange of k-means');
    assert.deepEqual(row.titleHighlights, [[20, 25]]);
    assert.equal(row.snippet?.text, 'We reach 60% with ωTest.');
    assert.equal(toPaperRow(paper, noHighlight, undefined).title, 'ωTest: Mélange of k-means');
  });
});
