/**
 * Papers in code, through the real VS Code UI: hover `arXiv:2312.00752` in model.py, see the paper (known from the
 * library note the test puts in the workspace), click the hover's "Open in Marginalia" and land in the paper view,
 * whose "In this workspace" lists the linked code (one link moved, one lost) and the files mentioning the paper;
 * clicking a linked range opens the code at its current lines. Screenshots go to .test-artifacts/.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { hoverUntil, openFile } from '../support/vscodeUi';

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

describe('Papers in code (code-server UI)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;
  let paperView: Frame;

  before(async () => {
    session = await startSession();
    mkdirSync(join(session.workspace.path, 'papers'), { recursive: true });
    writeFileSync(join(session.workspace.path, 'papers', '2312.00752-mamba.md'), NOTE);
    writeFileSync(join(session.workspace.path, 'READING.md'), READING);
  });
  after(async () => {
    await session?.dispose();
  });

  it('hovers arXiv:2312.00752 in model.py and shows the paper from the library', async () => {
    const { page } = session!.workbench;
    await openFile(page, 'model.py', 'def selective_scan');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Mamba: Linear-Time Sequence Modeling' });
    await hoverUntil(page, 'arXiv:2312.00752', hover);
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /In library: Reading/);
    assert.match(text, /2 linked code ranges/);
    await hover.locator('a', { hasText: 'Open in Marginalia' }).waitFor();
    await session!.workbench.screenshot('ui-hover-arxiv-id');
  });

  it('clicks the hover’s link and opens the paper view, which lists the code in this workspace', async () => {
    const { page } = session!.workbench;
    await page.locator('.monaco-hover:visible a', { hasText: 'Open in Marginalia' }).click();
    paperView = await session!.workbench.webviewFrame('section.workspace-links');
    await paperView.locator('h1.title', { hasText: 'Mamba: Linear-Time Sequence Modeling' }).waitFor();
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
});
