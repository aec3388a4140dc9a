import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyImport, planImport, summarizeImport, type ExistingNote } from '../../src/core/library/libraryImport';
import { parseLibrary } from '../../src/core/library/parseLibrary';
import { newNoteFile, parseNote } from '../../src/core/notes/noteFile';

describe('importing a library into notes', () => {
  it('adds new entries as notes with key, ids, authors, year, venue, tags and files', async () => {
    const lib = await parseLibrary(readFileSync('test/fixtures/zotero/bbt_biblatex_plus_mendeley_library.bib', 'utf8'));
    const actions = planImport(lib.entries, []);
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['add', 'add', 'add', 'add', 'add'],
    );
    const weiner = actions[0]!;
    assert.equal(weiner.kind, 'add');
    if (weiner.kind !== 'add') return;
    const doc = applyImport(parseNote(newNoteFile(weiner.paper, { added: '2026-12-06' })), weiner);
    const data = doc.frontMatter!.data;
    assert.equal(data['id'], '1105.3402');
    assert.equal(data['key'], 'Weiner2003');
    assert.equal(data['doi'], '10.2113/0540001');
    assert.deepEqual(data['authors'], ['S. Weiner']);
    assert.equal(data['year'], '2003');
    assert.equal(data['venue'], 'Rev. Mineral. Geochemistry');
    assert.equal((data['files'] as string[]).length, 1);
    assert.equal(doc.error, undefined);
  });

  it('merges by arXiv id, DOI or key without overwriting, joins tags, and skips what is already there', async () => {
    const lib = await parseLibrary(readFileSync('test/fixtures/zotero/csl_json_library.json', 'utf8'));
    const existing: ExistingNote[] = [
      { paperId: '1906.01539', data: { id: '1906.01539', title: 'My own title for Blackbox', tags: ['mine'] } },
      {
        paperId: 'title:aitchison',
        data: { id: 'title:aitchison', doi: '10.1016/J.CONB.2017.08.010', title: 'With or without you: predictive coding and Bayesian inference in the brain' },
      },
      {
        paperId: 'title:alex',
        data: {
          id: 'title:alex',
          key: 'alexandrescu2006factored',
          title: 'Factored Neural Language Models',
          authors: ['Andrei Alexandrescu', 'Katrin Kirchhoff'],
          year: '2006',
          venue: 'Proceedings of the Human Language Technology Conference of the NAACL, Companion Volume: Short Papers',
          link: 'http://aclasb.dfki.de/nlp/bib/N06-2001',
        },
      },
      { paperId: 'title:broken', data: {}, problem: 'line 2: bad YAML' },
    ];
    const actions = planImport(lib.entries, existing);
    const by = (key: string) => actions.find((a) => a.entry.key === key)!;
    const blackbox = by('abnar2019blackbox');
    assert.equal(blackbox.kind, 'merge');
    if (blackbox.kind === 'merge') {
      assert.equal(blackbox.matchedBy, 'arXiv id');
      assert.deepEqual(
        blackbox.conflicts.map((c) => c.field),
        ['title'],
      );
      const doc = applyImport(parseNote(newNoteFile({ ...blackbox.paper, title: 'My own title for Blackbox' })).setTags(['mine']), blackbox);
      assert.equal(doc.meta.title, 'My own title for Blackbox', 'a conflicting title is not overwritten');
      assert.equal(doc.frontMatter!.data['key'], 'abnar2019blackbox');
      const taken = applyImport(parseNote(newNoteFile({ ...blackbox.paper, title: 'My own title for Blackbox' })), blackbox, true);
      assert.match(taken.meta.title ?? '', /^Blackbox meets blackbox/);
    }
    const aitchison = by('aitchison2017you');
    assert.equal(aitchison.kind === 'merge' && aitchison.matchedBy, 'DOI');
    assert.equal(by('alexandrescu2006factored').kind, 'skip');
    assert.equal(by('Weiner2003').kind, 'add');
    const summary = summarizeImport(actions, false);
    assert.deepEqual([summary.added, summary.merged, summary.skipped], [2, 2, 1]);
    assert.ok(
      summary.details.some((d) => /skipped alexandrescu2006factored: the note of title:alex \(matched by citation key\) already has all of it/.test(d)),
      summary.details.join('\n'),
    );
  });

  it('keeps the citation key a note has, even when the user takes the library’s values', async () => {
    const lib = await parseLibrary(readFileSync('test/fixtures/zotero/csl_json_library.json', 'utf8'));
    const existing: ExistingNote[] = [{ paperId: '1906.01539', data: { id: '1906.01539', key: 'Abnar:2019', title: 'My own title for Blackbox' } }];
    const blackbox = planImport(lib.entries, existing).find((a) => a.entry.key === 'abnar2019blackbox')!;
    assert.equal(blackbox.kind, 'merge');
    if (blackbox.kind !== 'merge') return;
    assert.deepEqual(
      blackbox.conflicts.map((c) => c.field),
      ['title'],
      'the key is not a conflict to ask about',
    );
    const note = parseNote(newNoteFile({ ...blackbox.paper, title: 'My own title for Blackbox' })).setField('key', 'Abnar:2019');
    const taken = applyImport(note, blackbox, true);
    assert.match(taken.meta.title ?? '', /^Blackbox meets blackbox/, 'the library’s title was taken');
    assert.equal(taken.frontMatter!.data['key'], 'Abnar:2019', 'the key documents cite stays');
    assert.ok(summarizeImport([blackbox], true).details[0]!.endsWith('; kept the note’s key Abnar:2019 (cited by it)'));
    // A note without a key gets the library's.
    const keyless = planImport(lib.entries, [{ paperId: '1906.01539', data: { id: '1906.01539', title: 'x' } }]).find(
      (a) => a.entry.key === 'abnar2019blackbox',
    )!;
    assert.ok(keyless.kind === 'merge' && keyless.fields.some(([f, v]) => f === 'key' && v === 'abnar2019blackbox') && !keyless.keptKey);
  });

  it('skips a second entry for the same paper and a match whose note cannot be read', async () => {
    const lib = await parseLibrary(readFileSync('test/fixtures/zotero/bbt_biblatex_arxiv_preprints_2163.bib', 'utf8'));
    const actions = planImport(lib.entries, [{ paperId: '1502.01852', data: {}, problem: 'line 1: not YAML' }]);
    const skipped = actions.filter((a) => a.kind === 'skip');
    assert.ok(skipped.some((a) => a.kind === 'skip' && /front matter cannot be read/.test(a.reason)));
    // Two conference entries of one paper (same title, no arXiv id) are one note; a preprint with its arXiv id is another.
    assert.ok(
      skipped.some((a) => a.kind === 'skip' && /chaudhari_stochastic_gradient_2018a is the same paper as chaudhari_stochastic_gradient_2018/.test(a.reason)),
    );
    assert.equal(skipped.length, 2);
    assert.equal(actions.filter((a) => a.kind === 'add').length, 10);
  });
});
