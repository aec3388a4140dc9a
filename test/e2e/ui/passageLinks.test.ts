/**
 * Links into the paper view at a passage, followed in the real VS Code: Ctrl+click on one written in a code comment
 * or in the note file, a click on one in a note shown in the paper view, and a click on a noted passage in the hover
 * of an arXiv id. Each time the paper view scrolls to the passage (or its note) and marks it. In the Markdown preview
 * the link becomes the product's URI, which the extension's URI handler opens at the passage.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { openPaperCommandUri } from '../../../src/core/links/commandLinks';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { ctrlClick, hoverUntil, openFile, openProductUri } from '../support/vscodeUi';

const MAMBA = '2312.00752';
const PASSAGE = 'a key weakness of such models is their inability to perform content-based reasoning';
const LINK = openPaperCommandUri({ id: MAMBA, passage: 'k3j2m9qa' });

/** The sample feed's Mamba, with a note on a passage of its abstract and a note that links to that passage. */
const SAMPLE_NOTE = `---
id: "${MAMBA}"
title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
---

# Mamba: Linear-Time Sequence Modeling with Selective State Spaces

## “${PASSAGE}”
<!-- marginalia:note id=k3j2m9qa kind=quote prefix="We identify that " suffix=", and make several" -->

> ${PASSAGE}

Selection fixes this.

## Where to look
<!-- marginalia:note id=where001 kind=general -->

Start at [the passage on content-based reasoning](${LINK}).
`;

/** General notes enough to push anything after them below the first screen of the view. */
const MANY_NOTES = Array.from(
  { length: 12 },
  (_, i) => `## Reading note ${i + 1}\n<!-- marginalia:note id=many${String(i).padStart(4, '0')} kind=general -->\n\nA thought, number ${i + 1}.\n`,
).join('\n');

/**
 * A library note for arXiv:1706.03762 (the id attention.py cites), with one noted passage, after many other notes:
 * the view has no abstract for this paper (no feed has it here), so the note shows with its quote far down the view.
 */
const ARXIV_NOTE = `---
id: "1706.03762"
title: "Attention Is All You Need"
url: https://arxiv.org/abs/1706.03762
---

# Attention

${MANY_NOTES}
## The hardware-aware algorithm
<!-- marginalia:note id=hw000001 kind=quote prefix="we design a " suffix=" in recurrent mode" -->

> hardware-aware parallel algorithm

Why the scan is fast.
`;

const ATTENTION = `"""Scaled dot-product attention, after arXiv:1706.03762."""
def attention(q, k, v):
    return v
`;

const SCAN = `"""Selective scan."""

# Why selection: ${LINK}
def selective_scan(xs):
    return xs
`;

/** Waits until `selector` in the paper view is marked as revealed and inside the view's visible area. */
async function revealedInView(frame: Frame, selector: string): Promise<void> {
  await frame.locator(`${selector}.revealed`).first().waitFor();
  await frame.waitForFunction((sel) => {
    const node = document.querySelector(`${sel}.revealed`);
    if (!node) return false;
    const box = node.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  }, selector);
}

describe('Links into the paper view at a passage (code-server UI)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;
  let paperView: Frame;

  before(async () => {
    // Written before VS Code opens the folder: Quick Open lists them from the start.
    session = await startSession({
      prepare: (root) => {
        const papers = join(root, 'papers');
        mkdirSync(papers, { recursive: true });
        writeFileSync(join(papers, 'mamba-sample.md'), SAMPLE_NOTE);
        writeFileSync(join(papers, '1706.03762-attention.md'), ARXIV_NOTE);
        writeFileSync(join(root, 'attention.py'), ATTENTION);
        writeFileSync(join(root, 'scan.py'), SCAN);
      },
    });
  });
  after(async () => {
    await session?.dispose();
  });

  it('Ctrl+click on a link in a code comment opens the paper view at the passage, marked', async () => {
    const { page } = session!.workbench;
    await openFile(page, 'scan.py', 'Selective scan');
    // The link is ours once the extension has started: the editor underlines it on hover with Ctrl held.
    await ctrlClick(page, 'marginalia.openPaper');
    paperView = await session!.workbench.webviewFrame('mark.note-mark.revealed');
    await revealedInView(paperView, 'mark.note-mark');
    assert.equal((await paperView.locator('mark.note-mark.revealed').allTextContents()).join(''), PASSAGE);
    await paperView.locator('.note-card.revealed', { hasText: 'Selection fixes this.' }).waitFor();
    await session!.workbench.screenshot('ui-passage-link-from-code');
  });

  it('a link to the passage in a note, clicked in the paper view, scrolls back to the passage', async () => {
    // Read further down first (and click, which ends the mark of the last visit), so following the link has to scroll.
    await paperView.locator('.notes-section').click({ position: { x: 5, y: 5 } });
    await paperView.locator('mark.note-mark.revealed').waitFor({ state: 'detached' });
    await paperView.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await paperView.waitForFunction(() => (document.querySelector('mark.note-mark')?.getBoundingClientRect().bottom ?? 1) < 0);
    const link = paperView.locator('.note-card a.md-paper-link', { hasText: 'the passage on content-based reasoning' });
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await revealedInView(paperView, 'mark.note-mark');
    await session!.workbench.screenshot('ui-passage-link-in-note');
  });

  it('in the note file, Ctrl+click follows the link; its Markdown preview turns it into a link the URI handler opens at the passage', async () => {
    const { page } = session!.workbench;
    await paperView.locator('.notes-section').click({ position: { x: 5, y: 5 } });
    await openFile(page, 'mamba-sample.md', 'id: "2312.00752');
    // The paper view was hidden behind the note file: shown again, it loads afresh and then goes to the passage.
    await ctrlClick(page, 'marginalia.openPaper');
    paperView = await session!.workbench.webviewFrame('mark.note-mark.revealed');
    await revealedInView(paperView, 'mark.note-mark');

    // The preview runs no command links; ours become the product's URI, for the extension's URI handler.
    await openFile(page, 'mamba-sample.md', 'id: "2312.00752');
    await page.keyboard.press('Control+Shift+V');
    const preview = await session!.workbench.webviewFrame('a[href*="marginalia.marginalia"]');
    const href = (await preview.locator('a', { hasText: 'the passage on content-based reasoning' }).getAttribute('href')) ?? '';
    const url = new URL(href);
    assert.equal(`${url.host}${url.pathname}`, 'marginalia.marginalia/open');
    assert.deepEqual(Object.fromEntries(url.searchParams), { id: MAMBA, passage: 'k3j2m9qa' });

    // What a click on it does in desktop VS Code: the workbench hands the product's URI to its URL service, which
    // gives it to the extension's URI handler. "Developer: Open URL" takes the same way (code-server's browser would
    // refuse the click itself: VS Code for the Web lets no webview open the product's URIs).
    // The preview took the paper view's place: the view comes back, loads afresh and goes to the passage.
    assert.equal(await paperView.isDetached(), true);
    await openProductUri(session!.workbench, href, 'ui-passage-link-uri-handler');
    paperView = await session!.workbench.webviewFrame('mark.note-mark.revealed');
    await revealedInView(paperView, 'mark.note-mark');
    assert.equal((await paperView.locator('mark.note-mark.revealed').allTextContents()).join(''), PASSAGE);
  });

  it('a noted passage in the hover of an arXiv id opens the paper view at that note', async () => {
    const { page } = session!.workbench;
    await openFile(page, 'attention.py', 'Scaled dot-product');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Noted:' });
    await hoverUntil(page, 'arXiv:1706.03762', hover);
    await session!.workbench.screenshot('ui-passage-link-hover');
    await hover.locator('a', { hasText: 'hardware-aware parallel algorithm' }).click();
    const view = await session!.workbench.webviewFrame('.note-card[data-note-id="hw000001"]');
    // This paper is known from its note only (no abstract here), so the note itself, with its quote, is marked,
    // scrolled to from the top of the view.
    await revealedInView(view, '.note-card[data-note-id="hw000001"]');
    assert.ok((await view.evaluate(() => window.scrollY)) > 0, 'the view scrolled down to the note');
    await session!.workbench.screenshot('ui-passage-link-from-hover');
  });
});
