/**
 * Papers in code, through the real VS Code UI: hover `arXiv:2312.00752` in model.py, see the paper (known from the
 * library note the test puts in the workspace), click the hover's "Open in Marginalia" and land in the paper view,
 * whose "In this workspace" lists the linked code (one link moved, one lost) and the files mentioning the paper;
 * clicking a linked range opens the code at its current lines. Screenshots go to .test-artifacts/.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { parseFeed } from '../../../src/core/feeds/parseFeed';
import { fixturesDir } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { explorerRow, hoverUntil, openFile, openPapersView, openViewContainer, quickPick, runCommand, switchFeedSource, waitUntil } from '../support/vscodeUi';

/** A library note for Mamba, as a user would have it, with two code links made before model.py was edited. */
const NOTE = `---
id: "2312.00752"
title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
url: https://arxiv.org/abs/2312.00752
status: reading
tags: [ssm]
---

# Mamba: Linear-Time Sequence Modeling with Selective State Spaces

## model.py:9-16
<!-- marginalia:note id=scan0001 kind=code path=model.py lines=9-16 -->

\`\`\`python
def selective_scan(xs, a=0.9):
    """Runs h_t = a * h_{t-1} + x_t over a sequence and returns every state."""
    state = 0.0
    states = []
    for x in xs:
        state = a * state + x
        states.append(state)
    return states
\`\`\`

The recurrence of section 3, without the selection mechanism yet.

## model.py:30-31
<!-- marginalia:note id=gone0001 kind=code path=model.py lines=30-31 -->

\`\`\`python
def hardware_aware_scan(xs, kernel="fused"):
    raise NotImplementedError("see section 3.3 of the paper")
\`\`\`
`;

/** Notes that point into the paper view with a command link, as the README describes. */
const READING = `# Reading notes

The scan in model.py follows [the Mamba paper](command:marginalia.openPaper?%5B%222312.00752%22%5D), section 3.
A [terminal command](command:workbench.action.terminal.new) stays dead in the preview.
`;

/** A second library paper, imported with its authors and year (no feed knows them here), and a note with a general remark. */
const ATTENTION = (authors: string) => `---
id: "1706.03762"
title: "Attention Is All You Need"
url: https://arxiv.org/abs/1706.03762
status: read
tags: [transformers]
authors: [${authors}]
year: 2017
---

# Attention Is All You Need

## Why it matters
<!-- marginalia:note id=why00001 kind=general -->

The sinusoidal positional encoding is what rotary embeddings later replaced.
`;

/**
 * The suggestion row of `label` in the editor's completion list, once shown. The list opened by the trigger character
 * can close before the library's notes are read on a slow machine; a person then asks again with Ctrl+Space.
 */
async function suggestionRow(page: Page, label: string): Promise<Locator> {
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: label });
  // Asked again every 3 s, for half a minute in all.
  for (let attempt = 1; !(await row.first().isVisible()); attempt++) {
    try {
      await row.first().waitFor({ timeout: 3_000 });
    } catch (error) {
      if (attempt >= 10) throw error;
      await page.keyboard.press('Control+Space');
    }
  }
  return row;
}

/** Right-clicks a file at the top of the workspace in the Explorer and chooses `action` in its context menu. */
async function explorerMenu(page: Page, name: string, action: string): Promise<void> {
  await (await explorerRow(page, name)).click({ button: 'right', timeout: 20_000 });
  const item = page.locator('.monaco-menu .action-item', { hasText: action }).first();
  const menu = page.locator('.context-view .monaco-menu').first();
  // A menu takes no click in the moment it opens (the mouse-up of the right-click is not a choice): once in a
  // clean-clone run the click was lost and the menu stayed open. A person clicks the item again; so does this.
  for (let attempt = 1; ; attempt++) {
    await item.hover();
    await item.click();
    if (
      await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(
        () => true,
        () => false,
      )
    )
      break;
    assert.ok(attempt < 3, `the Explorer's menu took the click on ${action}`);
  }
}

/** Waits for a notification saying `text`, in the notifications centre (a toast without actions hides by itself). */
async function notified(page: Page, text: string): Promise<void> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await page.locator('.statusbar [id="status.notifications"]').click();
  await center.locator('.notification-list-item', { hasText: text }).first().waitFor();
  await page.locator('.statusbar [id="status.notifications"]').click();
  await center.waitFor({ state: 'hidden' });
}

/** The Papers view with its search box emptied (a search typed earlier stays across sources). */
async function papersViewUnfiltered(workbench: E2eSession['workbench']): Promise<Frame> {
  await openViewContainer(workbench.page, 'Papers');
  const frame = await workbench.webviewFrame('vscode-textfield.search');
  const search = frame.locator('vscode-textfield.search input');
  if (await search.inputValue()) {
    await search.click();
    await workbench.page.keyboard.press('Control+A');
    await workbench.page.keyboard.press('Backspace');
  }
  return frame;
}

/** Writes the library note of "Attention Is All You Need" (two authors), which the citation tests cite from. */
function writeAttentionNote(root: string): void {
  writeFileSync(join(root, 'papers', '1706.03762-attention.md'), ATTENTION('"Ashish Vaswani", "Noam Shazeer"'));
}

/** Hovers `arXiv:2312.00752` in model.py until the paper's hover shows, and returns the hover. */
async function hoverMamba(page: Page): Promise<Locator> {
  await openFile(page, 'model.py', 'def selective_scan');
  const hover = page.locator('.monaco-hover:visible', { hasText: 'Mamba: Linear-Time Sequence Modeling' });
  await hoverUntil(page, 'arXiv:2312.00752', hover);
  return hover;
}

/** Opens Mamba's paper view from the hover's "Open in Marginalia", and returns it once "In this workspace" shows. */
async function openMambaFromHover(workbench: E2eSession['workbench']): Promise<Frame> {
  const hover = await hoverMamba(workbench.page);
  await hover.locator('a', { hasText: 'Open in Marginalia' }).click();
  const view = await workbench.webviewFrame('section.workspace-links');
  await view.locator('h1.title', { hasText: 'Mamba: Linear-Time Sequence Modeling' }).waitFor();
  return view;
}

/** Types `text` into the open input box titled `title` and accepts it. */
async function answer(page: Page, title: string, text: string): Promise<void> {
  const box = quickPick(page, title);
  await box.input.waitFor({ state: 'visible' });
  await box.input.fill(text);
  await page.keyboard.press('Enter');
}

describe('Papers in code (code-server UI)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;
  /** Mamba's paper view, once a test opened it. */
  let paperView: Frame | undefined;

  before(async () => {
    // Files to import, there from the start: the Explorer lists them (it may not see files added later at once).
    session = await startSession({
      prepare: (root) => {
        copyFileSync(join(fixturesDir, 'arxiv_snapshot', 'kaggle_snapshot_first100lines_2023.jsonl'), join(root, 'arxiv-extract.jsonl'));
        copyFileSync(join(fixturesDir, 'zotero', 'bbt_biblatex_plus_mendeley_library.bib'), join(root, 'zotero.bib'));
      },
    });
    mkdirSync(join(session.workspace.path, 'papers'), { recursive: true });
    writeFileSync(join(session.workspace.path, 'papers', '2312.00752-mamba.md'), NOTE);
    writeFileSync(join(session.workspace.path, 'READING.md'), READING);
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'papers-in-code-failed');
  });
  after(async () => {
    await session?.dispose();
  });

  it('hovers arXiv:2312.00752 in model.py and shows the paper from the library', async () => {
    const hover = await hoverMamba(session!.workbench.page);
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /In library: Reading/);
    assert.match(text, /2 linked code ranges/);
    await hover.locator('a', { hasText: 'Open in Marginalia' }).waitFor();
    await session!.workbench.screenshot('ui-hover-arxiv-id');
  });

  it('clicks the hover’s link and opens the paper view, which lists the code in this workspace', async () => {
    paperView = await openMambaFromHover(session!.workbench);
    const links = paperView.locator('section.workspace-links');
    // The first link moved up two lines; the second lost its code and is flagged, not dropped.
    await links.locator('.code-link.moved .code-location', { hasText: 'model.py:7–14' }).waitFor();
    await links.locator('.code-link.lost .state', { hasText: 'lost' }).waitFor();
    // The background search lists model.py as a file that mentions the paper (the note itself is left out).
    await links.locator('.mention .code-location', { hasText: 'model.py:3' }).waitFor();
    assert.equal(await links.locator('.mention').count(), 1);
    // A code note shows once, under its linked range, with its comment and its edit and delete actions; the Notes
    // section only points there.
    const comment = paperView.locator('.note-card', { hasText: 'The recurrence of section 3' });
    assert.equal(await comment.count(), 1, 'the code note shows once');
    assert.equal(await links.locator('.code-link.moved .note-card', { hasText: 'The recurrence of section 3' }).count(), 1, 'under its linked range');
    assert.equal(await comment.locator('button[aria-label="Edit note"]').count(), 1);
    await paperView.locator('.notes-section .notes-on-code', { hasText: 'Notes on linked code (2)' }).waitFor();
    await links.scrollIntoViewIfNeeded();
    await session!.workbench.screenshot('ui-paper-view-in-this-workspace');
  });

  it('opens the linked code at its current lines', async () => {
    const { page } = session!.workbench;
    paperView ??= await openMambaFromHover(session!.workbench);
    await paperView.locator('.code-link.moved a.code-location').click();
    const selection = page.locator('.statusbar-item', { hasText: /Ln 14, Col 18 \(\d+ selected\)/ });
    await selection.waitFor();
    await page.locator('.monaco-editor .view-line', { hasText: 'def selective_scan' }).waitFor();
    await session!.workbench.screenshot('ui-linked-code-opened');
  });

  // VS Code for the Web lets no webview open the product's URIs, so this checks the rewrite and stops before the
  // click; passageLinks.test.ts follows such a link through VS Code's URL service to the URI handler.
  it('rewrites a command link to the paper into a vscode: link in the Markdown preview, and no other command', async () => {
    const { page } = session!.workbench;
    await openFile(page, 'READING.md', 'Reading notes');
    await page.keyboard.press('Control+Shift+V');
    const preview = await session!.workbench.webviewFrame('a[href*="marginalia.marginalia"]');
    const href = (await preview.locator('a', { hasText: 'the Mamba paper' }).getAttribute('href')) ?? '';
    // The product's own scheme: vscode, vscode-insiders, or code-oss here.
    assert.match(href, /^[a-z-]+:\/\/marginalia\.marginalia\/open\?id=2312\.00752$/);
    assert.equal(await preview.locator('a', { hasText: 'terminal command' }).getAttribute('href'), 'command:workbench.action.terminal.new');
    await session!.workbench.screenshot('ui-markdown-preview-paper-link');
  });

  // Citing from the library: after the tests above, so the references.bib they make is not one of the paper's mentions.
  it('completes a key from the library in \\cite{ of a .tex file and adds the paper to the bibliography it names', async () => {
    const { page } = session!.workbench;
    const root = session!.workspace.path;
    writeAttentionNote(root);
    writeFileSync(join(root, 'paper.tex'), '\\documentclass{article}\n\\bibliography{refs}\n% cite below\n');
    await openFile(page, 'paper.tex', 'cite below');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Transformers \\cite{', { delay: 20 });
    const suggest = await suggestionRow(page, 'vaswani2017attention');
    await page.keyboard.type('vas', { delay: 50 });
    await suggest.first().waitFor();
    await session!.workbench.screenshot('ui-cite-completion-tex');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line', { hasText: 'Transformers \\cite{vaswani2017attention}' }).waitFor();
    const refs = await waitUntil(
      'refs.bib with the chosen paper',
      () => {
        const path = join(root, 'refs.bib');
        const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
        return text.includes('@misc{vaswani2017attention,') ? text : undefined;
      },
      30_000,
    );
    assert.match(refs, /author=\{Ashish Vaswani and Noam Shazeer\}/);
    assert.doesNotMatch(refs, /2312\.00752/, 'only the chosen paper is added');
  });

  it('completes [@ in Markdown and shows the paper on hover over its key', async () => {
    const { page } = session!.workbench;
    const root = session!.workspace.path;
    // The paper to cite, and a bibliography that has it (as the \cite test leaves it): this test's own, so it runs alone.
    writeAttentionNote(root);
    writeFileSync(
      join(root, 'refs.bib'),
      '@misc{vaswani2017attention,\n  title={Attention Is All You Need},\n  author={Ashish Vaswani and Noam Shazeer},\n  year={2017},\n  eprint={1706.03762},\n  archivePrefix={arXiv},\n  url={https://arxiv.org/abs/1706.03762},\n}\n',
    );
    writeFileSync(join(root, 'draft.md'), '---\nbibliography: refs.bib\n---\n\n# Draft\n');
    await openFile(page, 'draft.md', 'Draft');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nAs argued [@', { delay: 20 });
    const suggest = await suggestionRow(page, 'vaswani2017attention');
    await page.keyboard.type('vas', { delay: 50 });
    await suggest.first().waitFor();
    await page.keyboard.press('Enter');
    // The bracket is closed by the editor as `[` is typed, where the language's settings say so.
    await page.locator('.monaco-editor .view-line', { hasText: /As\sargued\s\[@vaswani2017attention\b/ }).waitFor();
    await page.keyboard.press('Escape');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Attention Is All You Need' });
    await hoverUntil(page, 'vaswani2017attention', hover);
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /Ashish Vaswani, Noam Shazeer · 2017/);
    assert.match(text, /In library: Read · 1 note · In refs\.bib/);
    await session!.workbench.screenshot('ui-cite-hover-md');
  });

  it('keeps references.bib in step with the library, keeping a hand edit', async () => {
    const root = session!.workspace.path;
    const bib = join(root, 'references.bib');
    writeAttentionNote(root);
    mkdirSync(join(root, '.vscode'), { recursive: true });
    writeFileSync(join(root, '.vscode', 'settings.json'), JSON.stringify({ 'marginalia.bibliography.file': 'references.bib' }));
    const first = await waitUntil(
      'references.bib with both papers',
      () => {
        const text = existsSync(bib) ? readFileSync(bib, 'utf8') : '';
        return text.includes('vaswani2017attention') && text.includes('2312.00752') ? text : undefined;
      },
      30_000,
    );
    // By hand: a title given a brace (a value Marginalia wrote), a field added to an entry, and an entry of one's own.
    const edited = `${first.replace('title={Attention Is All You Need},', 'title={Attention Is {All} You Need},\n  keywords={transformers, added by hand},')}\n@book{knuth1984,\n  title = {The {TeX}book},\n}\n`;
    assert.notEqual(edited, first);
    writeFileSync(bib, edited);
    // The library changes: a third author in the note.
    writeFileSync(join(root, 'papers', '1706.03762-attention.md'), ATTENTION('"Ashish Vaswani", "Noam Shazeer", "Niki Parmar"'));
    const after = await waitUntil(
      'references.bib following the note',
      () => {
        // VS Code's rename over a file can leave a moment without it.
        const text = existsSync(bib) ? readFileSync(bib, 'utf8') : '';
        return text.includes('Niki Parmar') ? text : undefined;
      },
      30_000,
    );
    assert.match(after, /title=\{Attention Is \{All\} You Need\}/, 'the hand-edited title is kept');
    assert.match(after, /keywords=\{transformers, added by hand\}/, 'the hand-added field is kept');
    assert.match(after, /@book\{knuth1984,\n {2}title = \{The \{TeX\}book\},\n\}/, 'the hand-added entry is kept');
    assert.match(after, /author=\{Ashish Vaswani and Noam Shazeer and Niki Parmar\}/);
    assert.equal(after.match(/@misc\{vaswani2017attention,/g)?.length, 1, 'one entry per paper');
    await openFile(session!.workbench.page, 'references.bib', 'Niki Parmar');
    await session!.workbench.screenshot('ui-references-bib-kept');
  });

  it('searches My library by the notes written about a paper and shows the matching note', async () => {
    const { page } = session!.workbench;
    // The library of two papers; the Attention note as an earlier test left it, if one did.
    if (!existsSync(join(session!.workspace.path, 'papers', '1706.03762-attention.md'))) writeAttentionNote(session!.workspace.path);
    await runCommand(page, 'Marginalia: Switch Feed Source');
    await quickPick(page, 'Marginalia: Switch Feed Source').rows.filter({ hasText: 'My library' }).first().click();
    const papers = await openPapersView(session!.workbench);
    await papers.locator('.status', { hasText: /^2 papers/ }).waitFor();
    const search = papers.locator('vscode-textfield.search input');
    await search.click();
    await search.pressSequentially('rotary', { delay: 30 });
    await papers.locator('.status', { hasText: /^1 of 2 papers/ }).waitFor();
    const row = papers.locator('.paper', { hasText: 'Attention Is All You Need' });
    const snippet = row.locator('.snippet');
    await snippet.filter({ hasText: /^Your note: .*rotary embeddings/ }).waitFor();
    assert.match((await snippet.locator('mark').first().textContent()) ?? '', /^rotary$/i);
    await session!.workbench.screenshot('ui-my-library-note-match');
  });

  // Imports, from the Explorer's context menu (what a user right-clicks; no file dialog): after the tests above,
  // whose feed and library they change.
  it('imports an arXiv snapshot extract from the Explorer through a filter, as a feed source', async () => {
    const { page } = session!.workbench;
    const expected = parseFeed(readFileSync(join(session!.workspace.path, 'arxiv-extract.jsonl'))).papers.filter(
      (p) => p.categories.some((c) => c.startsWith('math')) && p.published!.startsWith('2007-04-02'),
    );
    assert.ok(expected.length >= 3);
    await explorerMenu(page, 'arxiv-extract.jsonl', 'Import arXiv Snapshot…');
    await answer(page, 'Import arXiv Snapshot (1/3): categories', 'math');
    await answer(page, 'Import arXiv Snapshot (2/3): first version submitted', '2007-04-02');
    await answer(page, 'Import arXiv Snapshot (3/3): words', '');
    const papers = await papersViewUnfiltered(session!.workbench);
    await papers.locator('.status', { hasText: new RegExp(`^${expected.length} papers`) }).waitFor();
    // A title without TeX, which the list shows typeset.
    await papers.locator('.paper .title', { hasText: expected.find((p) => !p.title.includes('$'))!.title }).waitFor();
    await session!.workbench.screenshot('ui-import-arxiv-snapshot');
    await notified(page, `Imported ${expected.length} papers from arxiv-extract.jsonl as a feed source.`);
  });

  it('imports a BibTeX library from the Explorer into notes, keeping its keys', async () => {
    const { page } = session!.workbench;
    await explorerMenu(page, 'zotero.bib', 'Import Library…');
    await notified(page, 'Imported zotero.bib: 5 added, 0 merged, 0 skipped.');
    const note = await waitUntil('the note of abnar2019blackbox', () => {
      const name = readdirSync(join(session!.workspace.path, 'papers')).find((n) => n.startsWith('1906.01539'));
      return name ? readFileSync(join(session!.workspace.path, 'papers', name), 'utf8') : undefined;
    });
    assert.match(note, /^key: abnar2019blackbox$/m);
    await switchFeedSource(session!.workbench, 'My library');
    const papers = await papersViewUnfiltered(session!.workbench);
    await papers.locator('.paper .title', { hasText: 'Blackbox meets blackbox' }).waitFor();
    await session!.workbench.screenshot('ui-import-library');
  });
});
