/**
 * A multi-root workspace in the real VS Code: each folder keeps its notes in its own notes folder, set per folder
 * (`sample-project` in `docs/papers` through its `.vscode/settings.json`, `lib` in the default `papers`). Notes in
 * either are read; a paper's existing note is written where it is; a new note goes to the notes folder of the folder
 * whose code is being linked, and the link names that folder.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { e2eTimeoutMs } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openFile, openPaperFromList, quickPick, runCommand, waitUntil } from '../support/vscodeUi';

const LIB_NOTE = `---
id: "2312.00752"
title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
status: reading
---

# Mamba: Linear-Time Sequence Modeling with Selective State Spaces

## Kept in lib
<!-- marginalia:note id=lib00001 kind=general -->

This note lives in the lib folder's notes.
`;

function mdFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.md'))
        .sort()
    : [];
}

/** Selects the body of `selective_scan` in model.py and links it to the paper picked by `title`. */
async function linkSelection(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-editor .view-line', { hasText: 'def selective_scan' }).first().click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await runCommand(page, 'Marginalia: Link Selection to Paper');
  const picker = quickPick(page, 'Link Selection to Paper');
  await picker.input.waitFor({ state: 'visible' });
  await picker.input.fill(title);
  // Clicked, not Enter: the list can still reorder as search results come in.
  await picker.widget.locator('.monaco-list-row', { hasText: title }).first().click();
}

describe('Multi-root workspace: a notes folder per root (code-server UI)', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;
  let app: string;
  let lib: string;
  let frame: Frame;

  before(async () => {
    session = await startSession({
      workspaceFile: (folder) => {
        const parent = dirname(folder);
        const libFolder = join(parent, 'lib');
        mkdirSync(join(libFolder, 'papers'), { recursive: true });
        writeFileSync(join(libFolder, 'papers', 'mamba.md'), LIB_NOTE);
        mkdirSync(join(folder, '.vscode'), { recursive: true });
        writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'marginalia.notes.folder': 'docs/papers' }));
        const file = join(parent, 'two-roots.code-workspace');
        writeFileSync(file, JSON.stringify({ folders: [{ path: 'sample-project' }, { path: 'lib' }] }));
        return file;
      },
    });
    app = session.workspace.path;
    lib = join(dirname(app), 'lib');
  });
  after(async () => {
    await session?.dispose();
  });

  it('reads the note kept in the second folder’s notes folder', async () => {
    frame = await openPaperFromList(session!.workbench, 'Mamba: Linear-Time Sequence Modeling');
    await frame.locator('.note-card', { hasText: "This note lives in the lib folder's notes." }).waitFor();
    assert.equal(await frame.locator('.notes-toolbar vscode-button[title]', { hasText: 'Open note file' }).getAttribute('title'), 'lib/papers/mamba.md');
  });

  it('links code of the first folder to a paper without a note: the note goes to that folder’s own notes folder', async () => {
    const { page } = session!.workbench;
    await openFile(page, 'sample-project/model.py', 'def selective_scan');
    await linkSelection(page, 'ZeCO: Zero Communication Overhead');

    const notes = join(app, 'docs', 'papers');
    const [name] = await waitUntil('the new note in sample-project/docs/papers', () => (mdFiles(notes).length > 0 ? mdFiles(notes) : undefined), 20_000);
    const text = readFileSync(join(notes, name!), 'utf8');
    assert.match(text, /title: "?ZeCO: Zero Communication Overhead/);
    assert.match(text, /<!-- marginalia:note id=\w+ kind=code path=model\.py root=sample-project lines=\d+-\d+/);
    assert.deepEqual(mdFiles(join(app, 'papers')), [], 'nothing in the default folder of the first root');
    assert.deepEqual(mdFiles(join(lib, 'papers')), ['mamba.md'], 'nothing new in the second root');
    await session!.workbench.screenshot('ui-multi-root-new-note');
  });

  it('links code of the first folder to a paper whose note is in the second: written there, naming the folder', async () => {
    const { page } = session!.workbench;
    await page.locator('.tab', { hasText: 'model.py' }).click();
    await linkSelection(page, 'Mamba: Linear-Time Sequence Modeling');
    const file = join(lib, 'papers', 'mamba.md');
    await waitUntil('the link in lib/papers/mamba.md', () => (readFileSync(file, 'utf8').includes('kind=code') ? true : undefined), 20_000);
    assert.match(readFileSync(file, 'utf8'), /kind=code path=model\.py root=sample-project lines=/);
    assert.ok(readFileSync(file, 'utf8').includes("This note lives in the lib folder's notes."));
    // The paper view lists the link with its folder, and opening it lands in the first folder's model.py.
    await page.locator('.tab', { hasText: 'Mamba: Linear-Time' }).click();
    frame = await session!.workbench.webviewFrame('.code-link');
    const link = frame.locator('.code-link a.code-location', { hasText: 'sample-project/model.py:' });
    await link.waitFor();
    await session!.workbench.screenshot('ui-multi-root-paper-view');
  });
});
