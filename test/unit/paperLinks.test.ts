import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  normalisePaperId,
  openPaperCommandUri,
  openPaperUri,
  parseOpenPaperArgs,
  parseOpenPaperUri,
  paperLinksInLine,
  previewHrefFor,
} from '../../src/core/links/commandLinks';
import { LookupQueue, withTimeout } from '../../src/core/links/lookupQueue';
import { excerpt, paperHoverMarkdown } from '../../src/core/links/paperHover';
import type { Paper } from '../../src/core/paper';

function paper(id: string, extra: Partial<Paper> = {}): Paper {
  return { id, arxivId: id, title: `Paper ${id}`, authors: [], abstract: '', categories: [], links: {}, repos: [], source: 'arxiv', ...extra };
}

describe('links into the paper view', () => {
  it('builds the command URI of the README', () => {
    assert.equal(openPaperCommandUri({ id: '2312.00752' }), 'command:marginalia.openPaper?%5B%222312.00752%22%5D');
    const withPassage = openPaperCommandUri({ id: '2312.00752', passage: 'k3j2m9qa' });
    assert.deepEqual(JSON.parse(decodeURIComponent(withPassage.split('?')[1]!)), [{ id: '2312.00752', passage: 'k3j2m9qa' }]);
  });

  it('reads every argument form of marginalia.openPaper', () => {
    assert.deepEqual(parseOpenPaperArgs(['2312.00752']), { id: '2312.00752' });
    assert.deepEqual(parseOpenPaperArgs(['arXiv:2312.00752v2', { toSide: true }]), { id: '2312.00752', toSide: true });
    assert.deepEqual(parseOpenPaperArgs([{ id: 'https://arxiv.org/abs/2312.00752', passage: 'k3j2m9qa' }]), { id: '2312.00752', passage: 'k3j2m9qa' });
    assert.deepEqual(parseOpenPaperArgs([['2312.00752']]), { id: '2312.00752' });
    assert.deepEqual(parseOpenPaperArgs(['title:mamba-linear-time']), { id: 'title:mamba-linear-time' });
    for (const bad of [[], [42], [{}], ['../../etc/passwd'], ['<script>'], [{ id: '2312.00752', passage: '../x' }], [{ id: '2312.00752', passage: 7 }]]) {
      assert.ok('error' in parseOpenPaperArgs(bad), JSON.stringify(bad));
    }
  });

  it('normalises paper ids from links', () => {
    assert.equal(normalisePaperId(' https://huggingface.co/papers/2312.00752 '), '2312.00752');
    assert.equal(normalisePaperId('hep-th/9901001v3'), 'hep-th/9901001');
    assert.equal(normalisePaperId('a b'), undefined);
    assert.equal(normalisePaperId(''), undefined);
  });

  it('round-trips vscode:// links through the URI handler', () => {
    const uri = new URL(openPaperUri('vscode', { id: 'hep-th/9901001', passage: 'x1' }));
    assert.equal(uri.protocol, 'vscode:');
    assert.equal(uri.host, 'marginalia.marginalia');
    assert.deepEqual(parseOpenPaperUri(uri.pathname, uri.search.slice(1)), { id: 'hep-th/9901001', passage: 'x1' });
    assert.equal(parseOpenPaperUri('/delete', 'id=2312.00752'), undefined);
    assert.equal(parseOpenPaperUri('/open', 'id=%3Cscript%3E'), undefined);
  });

  it('finds links into the paper view written in code comments, valid ones only', () => {
    const passage = openPaperCommandUri({ id: '2312.00752', passage: 'k3j2m9qa' });
    const line = `# See ${passage}, or vscode://marginalia.marginalia/open?id=arXiv%3A2312.00752v2. Not: command:marginalia.openPaper?%5B%22..%2F..%22%5D command:other.cmd?x`;
    const found = paperLinksInLine(line);
    assert.deepEqual(
      found.map(({ id, passage: p }) => ({ id, passage: p })),
      [
        { id: '2312.00752', passage: 'k3j2m9qa' },
        { id: '2312.00752', passage: undefined },
      ],
    );
    assert.equal(line.slice(found[0]!.start, found[0]!.end), passage);
    assert.equal(
      line.slice(found[1]!.start, found[1]!.end),
      'vscode://marginalia.marginalia/open?id=arXiv%3A2312.00752v2',
      'the full stop after it is not part of the link',
    );
    const inMarkdown = paperLinksInLine(`[the passage](${passage})`);
    assert.equal(inMarkdown.length, 1);
    assert.equal(`[the passage](${passage})`.slice(inMarkdown[0]!.start, inMarkdown[0]!.end), passage);
    assert.deepEqual(
      paperLinksInLine('command:marginalia.openPaper?%5B%7B%22id%22%3A%22x%22%2C%22passage%22%3A%22..%2F..%22%7D%5D'),
      [],
      'a hostile passage id',
    );
  });

  it('rewrites only our own command links for the Markdown preview', () => {
    assert.equal(previewHrefFor(openPaperCommandUri({ id: '2312.00752' }), 'vscode-insiders'), 'vscode-insiders://marginalia.marginalia/open?id=2312.00752');
    assert.equal(
      previewHrefFor('command:marginalia.openPaper?%5B%7B%22id%22%3A%222312.00752%22%2C%22passage%22%3A%22ab%22%7D%5D', 'vscode'),
      'vscode://marginalia.marginalia/open?id=2312.00752&passage=ab',
    );
    assert.equal(previewHrefFor('command:marginalia.openPaper?["2312.00752"]', 'vscode'), 'vscode://marginalia.marginalia/open?id=2312.00752');
    for (const href of [
      'command:workbench.action.terminal.sendSequence?%5B%5D',
      'command:marginalia.openPaperPdf',
      'https://arxiv.org',
      'command:marginalia.openPaper?%ZZ',
      'command:marginalia.openPaper?%5B42%5D',
    ]) {
      assert.equal(previewHrefFor(href, 'vscode'), undefined, href);
    }
  });
});

describe('the hover of an arXiv reference', () => {
  const mamba = paper('2312.00752', {
    title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
    authors: [{ name: 'Albert Gu' }, { name: 'Tri Dao' }],
    abstract:
      'Foundation models, now powering most of the exciting applications in deep learning, are almost universally based on the Transformer architecture. '.repeat(
        4,
      ),
    published: '2023-12-01T18:01:34Z',
  });

  it('shows title, authors, date, the start of the abstract, library facts and the links', () => {
    const md = paperHoverMarkdown({
      arxivId: '2312.00752',
      version: 2,
      paperId: '2312.00752',
      lookup: { state: 'found', paper: mamba },
      status: 'reading',
      notes: 3,
      codeLinks: 1,
    });
    assert.match(md, /^\*\*Mamba: Linear-Time Sequence Modeling with Selective State Spaces\*\*/);
    assert.match(md, /Albert Gu, Tri Dao · 2023-12-01 · arXiv:2312\.00752v2/);
    assert.match(md, /Foundation models, now powering/);
    assert.match(md, /…/);
    assert.match(
      md,
      /In library: Reading · 3 notes · 1 linked code range · \[Open in Marginalia\]\(command:marginalia\.openPaper\?%5B%222312\.00752%22%5D "Open the paper view"\)/,
    );
    assert.match(md, /\[arXiv\]\(https:\/\/arxiv\.org\/abs\/2312\.00752v2\) · \[PDF\]\(https:\/\/arxiv\.org\/pdf\/2312\.00752v2\)/);
  });

  it('links the noted passages into the paper view, escaped, at most three', () => {
    const passages = [
      { noteId: 'k3j2m9qa', quote: 'a key weakness of such models is their inability to perform content-based reasoning' },
      { noteId: 'evil0001', quote: '](command:workbench.action.terminal.new) <b>x</b>' },
      { noteId: '../../x', quote: 'a hostile id is left out' },
      { noteId: 'third001', quote: 'third' },
      { noteId: 'fourth01', quote: 'fourth' },
    ];
    const md = paperHoverMarkdown({ arxivId: '2312.00752', paperId: '2312.00752', lookup: { state: 'found', paper: mamba }, notes: 5, passages });
    const noted = md.split('\n\n').at(-1)!;
    assert.match(
      noted,
      /^Noted: \[“a key weakness of such models is their inability to perform…”\]\(command:marginalia\.openPaper\?%5B%7B%22id%22%3A%222312\.00752%22%2C%22passage%22%3A%22k3j2m9qa%22%7D%5D "Show this passage in the paper view"\)/,
    );
    const links = [...noted.matchAll(/(?<!\\)\]\((\S+)/g)].map((m) => decodeURIComponent(m[1]!));
    assert.deepEqual(
      links,
      ['k3j2m9qa', 'evil0001', 'third001'].map((id) => `command:marginalia.openPaper?[{"id":"2312.00752","passage":"${id}"}]`),
    );
    assert.doesNotMatch(noted, /(?<!\\)</);
    assert.doesNotMatch(noted, /fourth|hostile/);
  });

  it('lists the paper’s highlights, each a link to its place in the PDF, quotes escaped', () => {
    const highlights = Array.from({ length: 5 }, (_, i) => ({
      noteId: `h${i}`,
      page: i + 1,
      quote: i === 0 ? '](command:workbench.action.terminal.new) <b>' : `quote ${i}`,
    }));
    const md = paperHoverMarkdown({ arxivId: '2312.00752', paperId: '2312.00752', lookup: { state: 'found', paper: mamba }, notes: 5, highlights });
    const line = md.split('\n\n').at(-1)!;
    assert.match(
      line,
      /^Highlighted in the PDF: \[p\. 1: “\\\]\(command:workbench\.action\.terminal\.new\) \\<b\\>”\]\(command:marginalia\.openPdfHighlight\?%5B%7B%22paper%22%3A%222312\.00752%22%2C%22note%22%3A%22h0%22%7D%5D "Open the PDF at this highlight"\)/,
    );
    assert.match(line, /\[p\. 3: “quote 2”\]/);
    assert.doesNotMatch(line, /p\. 4/, 'three at most');
    assert.match(line, / · and 2 more$/);
    const links = [...md.matchAll(/(?<!\\)\]\((\S+)/g)].map((m) => m[1]!);
    assert.ok(
      links.every((l) => /^(command:marginalia\.(openPaper|openPdfHighlight)\?|https:\/\/arxiv\.org\/)/.test(l)),
      links.join('\n'),
    );
    assert.doesNotMatch(md, /(?<!\\)</);
  });

  it('says when the paper is being looked up, unknown to arXiv, or could not be looked up', () => {
    const base = { arxivId: '2401.00001', paperId: '2401.00001', notes: 0 };
    assert.match(paperHoverMarkdown({ ...base, lookup: { state: 'pending' } }), /Looking up this paper on arXiv/);
    const missing = paperHoverMarkdown({ ...base, lookup: { state: 'not-found' } });
    assert.match(missing, /arXiv has no paper with this id/);
    assert.doesNotMatch(missing, /Open in Marginalia/);
    const offline = paperHoverMarkdown({ ...base, lookup: { state: 'failed', reason: 'No network connection.' } });
    assert.match(offline, /Could not look this paper up: No network connection\./);
    assert.match(offline, /\[arXiv\]\(https:\/\/arxiv\.org\/abs\/2401\.00001\)/);
  });

  it('escapes hostile paper text so it can form no link, image, HTML or command', () => {
    const hostile = paper('2401.00001', {
      title: '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** `code`',
      authors: [{ name: '# Heading' }, { name: '![img](https://evil.example/x.png)' }],
      abstract: '- list\n> quote\n<script>alert(1)</script> [x](javascript:alert(1)) $(alert) | table |',
    });
    const md = paperHoverMarkdown({ arxivId: '2401.00001', paperId: '2401.00001', lookup: { state: 'found', paper: hostile }, notes: 0 });
    // The only links are ours.
    const links = [...md.matchAll(/(?<!\\)\]\((\S+)/g)].map((m) => m[1]);
    assert.deepEqual(links, ['command:marginalia.openPaper?%5B%222401.00001%22%5D', 'https://arxiv.org/abs/2401.00001)', 'https://arxiv.org/pdf/2401.00001)']);
    assert.doesNotMatch(md, /(?<!\\)</);
    assert.doesNotMatch(md, /(?<!\\)`/);
    assert.doesNotMatch(md, /(?<!\\)\$/);
    assert.doesNotMatch(md, /^[#>-]/m);
  });

  it('never lets paper text add a link (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.string({ maxLength: 100 }), fc.string({ maxLength: 300 }), (title, author, abstract) => {
        const md = paperHoverMarkdown({
          arxivId: '2401.00001',
          paperId: '2401.00001',
          lookup: { state: 'found', paper: paper('2401.00001', { title, authors: [{ name: author }], abstract }) },
          notes: 0,
        });
        const unescapedOpeners = [...md.matchAll(/(?<!\\)(?:\\\\)*\[/g)].length;
        return unescapedOpeners === 3 && !/(?<!\\)(?:\\\\)*</.test(md);
      }),
    );
  });

  it('cuts abstracts at a word', () => {
    assert.equal(excerpt('one two three four', 100), 'one two three four');
    assert.equal(excerpt('alpha beta gamma delta epsilon', 17), 'alpha beta gamma…');
  });
});

describe('LookupQueue', () => {
  interface Timer {
    run: () => void;
    at: number;
  }
  function harness(fetchBatch: (ids: readonly string[]) => Promise<readonly Paper[]>) {
    let now = 0;
    const timers: Timer[] = [];
    const calls: string[][] = [];
    const queue = new LookupQueue({
      fetchBatch: (ids) => {
        calls.push([...ids]);
        return fetchBatch(ids);
      },
      now: () => now,
      schedule: (run, ms) => timers.push({ run, at: now + ms }),
    });
    const tick = async (ms = 0) => {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now);
        if (due.length === 0) break;
        for (const t of due) {
          timers.splice(timers.indexOf(t), 1);
          t.run();
        }
        await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setImmediate(r));
    };
    return { queue, calls, tick, advance: (ms: number) => (now += ms) };
  }

  it('batches ids asked for together into one request and answers each', async () => {
    const h = harness(async (ids) => ids.filter((id) => id !== '2401.99999').map((id) => paper(id)));
    const a = h.queue.lookup('2312.00752');
    const b = h.queue.lookup('1706.03762');
    const again = h.queue.lookup('2312.00752');
    const missing = h.queue.lookup('2401.99999');
    assert.equal(h.queue.isPending('2312.00752'), true);
    await h.tick(50);
    assert.deepEqual(h.calls, [['2312.00752', '1706.03762', '2401.99999']]);
    assert.equal((await a).state, 'found');
    assert.equal((await b).state, 'found');
    assert.equal(await again, await a);
    assert.deepEqual(await missing, { state: 'not-found' });
    // Known answers come without a request.
    assert.equal(h.queue.peek('2312.00752')?.state, 'found');
    assert.equal((await h.queue.lookup('2312.00752')).state, 'found');
    assert.equal(h.calls.length, 1);
  });

  it('ignores papers arXiv sends that were not asked for', async () => {
    const h = harness(async () => [paper('2312.00752'), paper('9999.99999')]);
    const a = h.queue.lookup('2312.00752');
    await h.tick(50);
    assert.equal((await a).state, 'found');
    assert.equal(h.queue.peek('9999.99999'), undefined);
  });

  it('remembers a failure for a while, then tries again', async () => {
    let online = false;
    const h = harness(async (ids) => {
      if (!online) throw new Error('No network connection.');
      return ids.map((id) => paper(id));
    });
    const first = h.queue.lookup('2312.00752');
    await h.tick(50);
    assert.deepEqual(await first, { state: 'failed', reason: 'No network connection.' });
    assert.equal((await h.queue.lookup('2312.00752')).state, 'failed');
    assert.equal(h.calls.length, 1);
    online = true;
    h.advance(61_000);
    const later = h.queue.lookup('2312.00752');
    await h.tick(50);
    assert.equal((await later).state, 'found');
    assert.equal(h.calls.length, 2);
  });

  it('splits more ids than a batch holds into several requests', async () => {
    const h = harness(async (ids) => ids.map((id) => paper(id)));
    const ids = Array.from({ length: 45 }, (_, i) => `2401.${String(10000 + i)}`);
    const all = Promise.all(ids.map((id) => h.queue.lookup(id)));
    await h.tick(50);
    await h.tick(0);
    await h.tick(0);
    assert.deepEqual(
      h.calls.map((c) => c.length),
      [20, 20, 5],
    );
    assert.ok((await all).every((o) => o.state === 'found'));
  });

  it('withTimeout gives the fallback when the answer is late, and the answer when it is not', async () => {
    let fire: () => void = () => undefined;
    const late = withTimeout(new Promise<string>(() => undefined), 100, 'late', (run) => (fire = run));
    fire();
    assert.equal(await late, 'late');
    assert.equal(await withTimeout(Promise.resolve('now'), 100, 'late', () => undefined), 'now');
    assert.equal(await withTimeout(Promise.reject(new Error('x')), 100, 'failed', () => undefined), 'failed');
  });
});

describe('the Markdown preview plugin', () => {
  it('rewrites our own command links, and only those', async () => {
    const { default: MarkdownIt } = await import('markdown-it');
    const { usePaperLinks } = await import('../../src/core/links/previewLinks');
    const md = usePaperLinks(new MarkdownIt({ linkify: true }), () => 'vscode');
    const html = md.render(
      [
        `See [the paper](${openPaperCommandUri({ id: '2312.00752' })}) and [a passage](${openPaperCommandUri({ id: '2312.00752', passage: 'k3j2m9qa' })}).`,
        '[a terminal](command:workbench.action.terminal.new), [arXiv](https://arxiv.org/abs/2312.00752), [bad id](command:marginalia.openPaper?%5B%22..%2Fx%22%5D)',
      ].join('\n\n'),
    );
    assert.match(html, /<a href="vscode:\/\/marginalia\.marginalia\/open\?id=2312\.00752">the paper<\/a>/);
    assert.match(html, /<a href="vscode:\/\/marginalia\.marginalia\/open\?id=2312\.00752&amp;passage=k3j2m9qa">a passage<\/a>/);
    assert.match(html, /<a href="command:workbench\.action\.terminal\.new">a terminal<\/a>/);
    assert.match(html, /<a href="https:\/\/arxiv\.org\/abs\/2312\.00752">arXiv<\/a>/);
    assert.match(html, /<a href="command:marginalia\.openPaper\?%5B%22\.\.%2Fx%22%5D">bad id<\/a>/);
  });

  it('rewrites a highlight’s link back to the PDF too', async () => {
    const { default: MarkdownIt } = await import('markdown-it');
    const { usePaperLinks } = await import('../../src/core/links/previewLinks');
    const { pdfLinkLine } = await import('../../src/core/links/pdfLinks');
    const html = usePaperLinks(new MarkdownIt(), () => 'vscode').render(pdfLinkLine('k3j2m9qa', 5));
    assert.match(html, /<a href="vscode:\/\/marginalia\.marginalia\/pdf\?note=k3j2m9qa">Open p\. 5 in the PDF<\/a>/);
  });
});
