/**
 * Typeset math stays where it is written: a feed's abstract with `\kern-10000em` (negative sizes pass KaTeX's
 * `maxSize`) must not move part of a formula over the text before it or out of the view.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openPapersView } from '../support/vscodeUi';

const lead = 'Formulas are typeset where they stand, and nothing they hold is moved far from there. '.repeat(3);
const feed = JSON.stringify([
  {
    paper: {
      id: '2401.00002',
      authors: [{ name: 'Kern Tester' }],
      publishedAt: '2024-01-01T00:00:00.000Z',
      title: 'Negative space $a\\kern-10000em b$',
      summary: `${lead}Inline $x\\kern-10000em y$, spaced $u\\hspace{-5000em}v$ and displayed $$p\\mkern-90000mu q$$ end.`,
      upvotes: 1,
    },
    publishedAt: '2024-01-01T00:00:00.000Z',
    numComments: 0,
  },
]);

describe('Math in the paper view in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession;
  let scratch: string;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'marginalia-math-'));
    writeFileSync(join(scratch, 'kern.json'), feed);
    session = await startSession({
      settings: { 'marginalia.feeds.sources': [{ kind: 'file', id: 'kern', label: 'Kern feed', uri: `file://${join(scratch, 'kern.json')}` }] },
    });
  });

  after(async () => {
    await session?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps a formula with \\kern-10000em inside the text that holds it', async () => {
    const papers = await openPapersView(session.workbench);
    await papers.locator('.paper .title', { hasText: 'Negative space' }).first().click();
    const paper = await session.workbench.webviewFrame('.paper-view .abstract .math');
    const report = await paper.evaluate(() => {
      const out: string[] = [];
      for (const math of document.querySelectorAll<HTMLElement>('.paper-view .math')) {
        // What a formula draws stays within 10 em of it (its negative spaces add up to that at most), and its
        // block paints nothing outside itself.
        const holder = math.closest<HTMLElement>('h1.title, .abstract')!;
        const own = math.getBoundingClientRect();
        const em = parseFloat(getComputedStyle(math.querySelector('.katex') ?? math).fontSize);
        const box = { left: own.left - 10.5 * em, right: own.right + 10.5 * em };
        const contain = getComputedStyle(holder).contain;
        if (!/paint|strict|content/.test(contain)) out.push(`${holder.className} does not contain its paint (${contain})`);
        for (const node of math.querySelectorAll<HTMLElement>('*')) {
          const r = node.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < box.left || r.right > box.right) {
            out.push(
              `${math.textContent}: a ${node.className} at ${Math.round(r.left)}..${Math.round(r.right)}, outside ${Math.round(box.left)}..${Math.round(box.right)}`,
            );
          }
        }
      }
      return { count: document.querySelectorAll('.paper-view .math').length, out: out.slice(0, 5) };
    });
    assert.equal(report.count, 4, "the title's, the two inline and the displayed formula are typeset");
    assert.deepEqual(report.out, []);
    await session.workbench.screenshot('math-negative-kern');
  });
});
