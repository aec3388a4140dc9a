/**
 * Restricted Mode in the real VS Code: code-server with workspace trust on opens the test folder untrusted. Reading
 * works (the paper view shows the notes in the workspace); everything that writes asks for trust first (the view
 * offers "Trust this workspace…" instead of its edit controls, "Link Selection to Paper" shows a modal) and writes
 * nothing; a PDF highlight is kept for the session, unsaved; once the user trusts the folder in VS Code's trust editor,
 * the open view can write notes and the highlight is written to its note file.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { fixturesDir } from '../../support/fixtureServer';
import { screenshotIfFailed } from '../support/artifacts';
import { e2eTimeoutMs } from '../support/env';
import { dragSelect, openPdf } from '../support/pdfReaderUi';
import { startSession, type E2eSession } from '../support/session';
import { openFile, openPaperFromList, runCommand, waitUntil } from '../support/vscodeUi';

const NOTE = `---
id: "2312.00752"
title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
status: reading
---

# Mamba: Linear-Time Sequence Modeling with Selective State Spaces

## Read in Restricted Mode
<!-- marginalia:note id=read0001 kind=general -->

A note that is there before the folder is trusted.
`;

const PDF = 'arxiv_1111.2011v2.pdf';
/** The note file a highlight of the PDF goes to: the paper's, named from its arXiv id. */
const highlightNote = (dir: string) =>
  readdirSync(dir).find((name) => name.startsWith('1111.2011') && readFileSync(join(dir, name), 'utf8').includes('kind=pdf'));

describe('Restricted Mode (code-server UI)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;
  let frame: Frame;
  let notesDir: string;
  let file: string;
  /** The notes folder as it was before anything tried to write: names and contents. */
  const snapshot = () =>
    readdirSync(notesDir)
      .sort()
      .map((name) => [name, readFileSync(join(notesDir, name), 'utf8')]);
  let initial: string[][];

  before(async () => {
    session = await startSession({ restricted: true, settings: { 'workbench.editorAssociations': { '*.pdf': 'marginalia.pdfReader' } } });
    mkdirSync(join(session.workspace.path, 'pdfs'), { recursive: true });
    copyFileSync(join(fixturesDir, 'pdf', PDF), join(session.workspace.path, 'pdfs', PDF));
    notesDir = join(session.workspace.path, 'papers');
    mkdirSync(notesDir, { recursive: true });
    file = join(notesDir, 'mamba.md');
    writeFileSync(file, NOTE);
    initial = snapshot();
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, session?.workbench, 'restricted-failed');
  });
  after(async () => {
    await session?.dispose();
  });

  it('opens the folder in Restricted Mode and shows the paper’s notes, read-only', async () => {
    const { page } = session!.workbench;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    frame = await openPaperFromList(session!.workbench, 'Mamba: Linear-Time Sequence Modeling');
    // Reading works: the note from the file, and the status it sets.
    const card = frame.locator('.note-card', { hasText: 'A note that is there before the folder is trusted.' });
    await card.waitFor();
    assert.equal(
      await frame.locator('vscode-single-select[aria-label="Library status"]').evaluate((s) => (s as HTMLElement & { value: string }).value),
      'reading',
    );
    // Writing is not offered; trusting is.
    await frame.locator('.notes-readonly', { hasText: 'Restricted Mode' }).waitFor();
    await frame.locator('.notes-readonly vscode-button', { hasText: 'Trust this workspace' }).waitFor();
    assert.equal(await frame.locator('vscode-button.add-general-note').count(), 0, 'no Add note button');
    assert.equal(await card.locator('button[aria-label="Edit note"]').count(), 0, 'no edit button on the note');
    assert.notEqual(await frame.locator('vscode-single-select[aria-label="Library status"]').getAttribute('disabled'), null, 'the status cannot be changed');
    await session!.workbench.screenshot('ui-restricted-paper-view');
  });

  it('asks for trust before Link Selection to Paper writes anything, and writes nothing', async () => {
    const { page } = session!.workbench;
    await openFile(page, 'model.py', 'def selective_scan');
    await page.locator('.monaco-editor .view-line', { hasText: 'def selective_scan' }).first().click();
    await page.keyboard.press('Control+L');
    await runCommand(page, 'Marginalia: Link Selection to Paper');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Restricted Mode does not allow' });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /Linking code writes to the paper’s note/);
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Manage Workspace Trust' }).waitFor();
    await session!.workbench.screenshot('ui-restricted-link-selection');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    // No paper picker came up, and the notes folder is as it was.
    assert.equal(await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Link Selection to Paper' }).isVisible(), false);
    assert.deepEqual(snapshot(), initial);
  });

  it('keeps a PDF highlight for the session, writes nothing, and says it is saved once the folder is trusted', async () => {
    const wb = session!.workbench;
    const reader = await openPdf(wb, PDF);
    await dragSelect(wb, reader, 1, /^Theoretical description of anisotropic/, 0.55);
    await reader.locator('.selection-popup button[aria-label="Highlight in green"]').click();
    await reader.locator('.page[data-page="1"] .marks-highlights .hl.hl-green').first().waitFor();
    // The message (a toast, or only in the notification center when the workbench window does not have focus).
    await runCommand(wb.page, 'Notifications: Show Notifications');
    const message = wb.page.locator('.notifications-center .notification-list-item', { hasText: 'saved to the note file once you trust the workspace' });
    await message.waitFor();
    assert.match((await message.textContent()) ?? '', /Restricted Mode: trust it to save papers to the library\. The highlight is kept for this session/);
    assert.equal(await message.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).count(), 1, 'the message offers trust');
    await wb.screenshot('ui-restricted-pdf-highlight');
    assert.deepEqual(snapshot(), initial, 'nothing was written');
    await runCommand(wb.page, 'Notifications: Clear All Notifications');
    await message.waitFor({ state: 'detached' });
    if (await wb.page.locator('.notifications-center.visible').isVisible()) await wb.page.keyboard.press('Escape');
  });

  it('trusts the folder from the paper view, after which the view writes notes', async () => {
    const { page } = session!.workbench;
    await page.locator('.tab', { hasText: 'Mamba: Linear-Time' }).click();
    frame = await session!.workbench.webviewFrame('.notes-section');
    await frame.locator('.notes-readonly vscode-button', { hasText: 'Trust this workspace' }).click();
    // VS Code's own trust editor: the user decides there.
    const trustButton = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trustButton.waitFor();
    await session!.workbench.screenshot('ui-restricted-trust-editor');
    await trustButton.click();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached' });
    // The trust editor opens as a modal editor; close it to get back to the paper view.
    const modal = page.locator('.monaco-modal-editor-block');
    await modal.locator('.codicon-close, [aria-label^="Close"]').first().click();
    await modal.waitFor({ state: 'detached' });

    await page.locator('.tab', { hasText: 'Mamba: Linear-Time' }).click();
    frame = await session!.workbench.webviewFrame('vscode-button.add-general-note');
    await frame.locator('vscode-button.add-general-note').click();
    const editor = frame.locator('.notes-list.general textarea.note-editor');
    await editor.waitFor();
    await editor.fill('Written once the folder is trusted.');
    await editor.press('Control+Enter');
    await frame.locator('.note-card:not(.editing)', { hasText: 'Written once the folder is trusted.' }).waitFor();
    await waitUntil('the note on disk', () => (readFileSync(file, 'utf8').includes('Written once the folder is trusted.') ? true : undefined));
    assert.ok(readFileSync(file, 'utf8').includes('A note that is there before the folder is trusted.'), 'the earlier note is kept');
    // The highlight made in Restricted Mode is written now, into the paper's note file.
    const name = await waitUntil('the highlight in a note file', () => highlightNote(notesDir));
    assert.match(readFileSync(join(notesDir, name), 'utf8'), /kind=pdf page=1 rects=[\d.,;]+ colour=green /);
    await session!.workbench.screenshot('ui-restricted-trusted');
  });
});
