/**
 * Editing a note in the paper view while its Markdown file changes on disk, in the real VS Code: changes to another
 * note merge with the edit; a change to the same note shows VS Code's modal with both versions' fate spelled out,
 * and "Keep Both" keeps the file's text and the view's as a copy; "Keep the File" leaves the file alone and the
 * view's text in its open editor. Nothing typed anywhere is lost.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openPaperFromList, waitUntil } from '../support/vscodeUi';

/** The sample feed's Mamba paper, as the library knows it. */
const NOTE = `---
id: "2312.00752"
title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
status: reading
---

# Mamba: Linear-Time Sequence Modeling with Selective State Spaces

## Alpha
<!-- marginalia:note id=alpha001 kind=general -->

Alpha: the first thought.

## Beta
<!-- marginalia:note id=beta0001 kind=general -->

Beta: the second thought.
`;

describe('Note conflicts between the paper view and the disk (code-server)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;
  let frame: Frame;
  let file: string;

  const disk = () => readFileSync(file, 'utf8');
  /** Changes the file on disk, as another program (git, another editor) would. */
  const editOnDisk = (from: string, to: string) => {
    const text = disk();
    assert.ok(text.includes(from), `"${from}" is not in the file`);
    writeFileSync(file, text.replace(from, to));
  };
  const card = (text: string): Locator => frame.locator('.notes-list.general .note-card:not(.editing)', { hasText: text });

  /** Opens a note's editor in the view and types new text, without saving. */
  async function startEditing(cardText: string, typed: string): Promise<Locator> {
    const target = card(cardText);
    await target.hover();
    await target.locator('button[aria-label="Edit note"]').click();
    const editor = frame.locator('.notes-list.general .note-card.editing textarea.note-editor');
    await editor.waitFor();
    await editor.fill(typed);
    return editor;
  }

  before(async () => {
    session = await startSession();
    mkdirSync(join(session.workspace.path, 'papers'), { recursive: true });
    file = join(session.workspace.path, 'papers', 'mamba.md');
    writeFileSync(file, NOTE);
  });
  after(async () => {
    await session?.dispose();
  });

  it('opens the paper with its two notes', async () => {
    frame = await openPaperFromList(session!.workbench, 'Mamba: Linear-Time Sequence Modeling');
    await card('Alpha: the first thought.').waitFor();
    await card('Beta: the second thought.').waitFor();
  });

  it('merges an edit in the view with a change to another note on disk', async () => {
    const editor = await startEditing('Alpha: the first thought.', 'Alpha, rewritten in the view.');
    editOnDisk('Beta: the second thought.', 'Beta, changed on disk meanwhile.');
    // The view follows the disk and keeps the open editor and its text.
    await card('Beta, changed on disk meanwhile.').waitFor({ timeout: 10_000 });
    assert.equal(await editor.inputValue(), 'Alpha, rewritten in the view.');
    await editor.press('Control+Enter');
    await frame.locator('.toast.visible', { hasText: 'your edit was merged with those changes' }).waitFor();
    await card('Alpha, rewritten in the view.').waitFor();
    await waitUntil('the merge on disk', () => (disk().includes('Alpha, rewritten in the view.') ? true : undefined));
    const text = disk();
    assert.ok(text.includes('Beta, changed on disk meanwhile.'), 'the change on disk is kept');
    assert.ok(!text.includes('Alpha: the first thought.') && !text.includes('Beta: the second thought.'), 'both old texts were replaced');
    assert.equal(text.match(/marginalia:note/g)?.length, 2, 'still two notes');
    await session!.workbench.screenshot('ui-note-conflict-merged');
  });

  it('asks when the same note changed on disk, and Keep Both keeps both versions', async () => {
    const editor = await startEditing('Alpha, rewritten in the view.', 'Alpha, third version, typed in the view.');
    editOnDisk('Alpha, rewritten in the view.', 'Alpha, rewritten on disk at the same time.');
    // The open editor says the note changed underneath, and keeps what was typed.
    await frame.locator('.note-card.editing .note-warning', { hasText: 'changed in the file since you started editing' }).waitFor({ timeout: 10_000 });
    assert.equal(await editor.inputValue(), 'Alpha, third version, typed in the view.');
    await editor.press('Control+Enter');

    const { page } = session!.workbench;
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'changed since you started this edit' });
    await dialog.waitFor();
    const detail = (await dialog.textContent()) ?? '';
    assert.match(detail, /The note “Alpha” was changed here and changed in the file/);
    const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allTextContents()).map((t) => t.trim());
    for (const label of ['Keep Both', 'Keep Mine', 'Keep the File']) assert.ok(buttons.includes(label), `no "${label}" among ${buttons.join(', ')}`);
    await session!.workbench.screenshot('ui-note-conflict-dialog');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Keep Both' }).click();
    await dialog.waitFor({ state: 'detached' });

    await card('Alpha, rewritten on disk at the same time.').waitFor();
    await card('Alpha, third version, typed in the view.').waitFor();
    await waitUntil('both versions on disk', () => (disk().includes('Alpha, third version, typed in the view.') ? true : undefined));
    const text = disk();
    assert.ok(text.includes('Alpha, rewritten on disk at the same time.'), 'the file’s version is kept');
    assert.match(text, /## Alpha \(other version\)\n<!-- marginalia:note id=\S+ kind=general/, 'the view’s version is a copy beside it');
    assert.ok(text.includes('Beta, changed on disk meanwhile.'), 'the other note is untouched');
    await session!.workbench.screenshot('ui-note-conflict-kept-both');
  });

  it('Keep the File leaves the file alone and the typed text in the view’s open editor', async () => {
    const editor = await startEditing('Beta, changed on disk meanwhile.', 'Beta, typed in the view once more.');
    editOnDisk('Beta, changed on disk meanwhile.', 'Beta, the file’s last word.');
    await frame.locator('.note-card.editing .note-warning', { hasText: 'changed in the file since you started editing' }).waitFor({ timeout: 10_000 });
    const before = disk();
    await editor.press('Control+Enter');
    const dialog = session!.workbench.page.locator('.monaco-dialog-box', { hasText: 'changed since you started this edit' });
    await dialog.waitFor();
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Keep the File' }).click();
    await dialog.waitFor({ state: 'detached' });
    await frame.locator('.toast.visible', { hasText: 'Kept the file as it is' }).waitFor();
    // Nothing lost: the file as it was, the typed text still in the open editor, ready to save or copy.
    assert.equal(await editor.inputValue(), 'Beta, typed in the view once more.');
    assert.equal(disk(), before);
    await frame.locator('.note-card.editing .note-warning', { hasText: 'changed in the file since you started editing' }).waitFor();
    await session!.workbench.screenshot('ui-note-conflict-kept-file');
  });
});
