/**
 * Notes inside the real extension host: hostile paper ids, note ids, file names and settings never write outside
 * the notes folder; unsaved changes in an open editor are kept; and a randomised run of 1000 interleaved edits from
 * the paper view (the host API it uses), the text editor (WorkspaceEdit + save) and the disk (writes, deletions,
 * renames) loses no text and ends with the view and the file equal.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { NoteEdit } from '../../../src/core/notes/noteEdit';
import { parseNote } from '../../../src/core/notes/noteFile';
import { noteVersion } from '../../../src/core/notes/noteVersion';
import type { Paper } from '../../../src/core/paper';
import type { MarginaliaApi } from '../../../src/host/api';
import type { PaperNotes } from '../../../src/protocol/notes';
import { seededRandom as random } from '../../support/seededRandom';

const extensionId = 'marginalia.marginalia';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** Every file under `root` (relative paths), skipping the folders named in `skip`. */
function listFiles(root: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (skip.some((s) => rel === s || rel.startsWith(`${s}/`))) continue;
      if (statSync(path).isDirectory()) walk(path);
      else out.push(rel);
    }
  };
  walk(root);
  return out.sort();
}

describe('Notes in the extension host', function () {
  this.timeout(180_000);
  let api: MarginaliaApi;
  let folder: vscode.WorkspaceFolder;
  let papers: Paper[];
  let notesDir: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<MarginaliaApi>(extensionId);
    assert.ok(extension);
    api = await extension.activate();
    await api.whenLibraryReady();
    folder = vscode.workspace.workspaceFolders![0]!;
    notesDir = join(folder.uri.fsPath, 'papers');
    const feed = JSON.parse(readFileSync(join(extension.extensionPath, 'dist', 'sample-feed.json'), 'utf8')) as { papers: Paper[] };
    papers = feed.papers;
  });

  describe('hostile ids and names', () => {
    const base = (): Paper => ({ ...papers[20]!, authors: [], repos: [], links: {} });
    const hostilePapers = (): Paper[] => [
      { ...base(), id: '../../x', title: '../../../../etc/passwd' },
      { ...base(), id: '/etc/passwd', title: '/tmp/evil' },
      { ...base(), id: '..\\..\\windows\\x', title: 'C:\\Windows\\System32\\x' },
      { ...base(), id: '%2e%2e/%2e%2e/x', title: '．．／．．／x' },
      { ...base(), id: 'a\u202egnp.md', title: '\u0000\u001f\u2028' },
      { ...base(), id: 'CON', title: 'nul' },
      { ...base(), id: '.git', title: '.vscode/tasks' },
      { ...base(), id: 'title:../../../escape', title: '' },
      { ...base(), id: '😀🚀', title: '😀🚀' },
    ];

    it('never writes outside the notes folder, whatever the paper id or title', async () => {
      const workspace = folder.uri.fsPath;
      const parent = dirname(workspace);
      const beforeParent = readdirSync(parent).sort();
      const beforeOutside = listFiles(workspace, ['papers', '.vscode']);
      const written: string[] = [];
      for (const paper of hostilePapers()) {
        try {
          const result = await api.notes.edit(
            paper,
            { op: 'add', note: { id: `h${written.length}x`, kind: 'general', text: `hostile ${paper.id}` } },
            { onConflict: 'cancel' },
          );
          assert.ok(result.item, `no item for ${JSON.stringify(paper.id)}`);
          written.push(result.item.uri.fsPath);
        } catch (error) {
          // Refusing is fine; writing elsewhere is not.
          assert.ok(error instanceof Error);
        }
      }
      for (const path of written) {
        assert.ok(path.startsWith(`${notesDir}/`), `${path} is outside ${notesDir}`);
        assert.ok(!relative(notesDir, path).includes('/'), `${path} is in a subfolder`);
        assert.match(relative(notesDir, path), /^[A-Za-z0-9][A-Za-z0-9.-]*\.md$/);
      }
      assert.ok(written.length >= 5, `only ${written.length} hostile papers got a note`);
      assert.deepEqual(readdirSync(parent).sort(), beforeParent, 'nothing new beside the workspace');
      assert.deepEqual(listFiles(workspace, ['papers', '.vscode']), beforeOutside, 'nothing new in the workspace outside papers/');
    });

    it('refuses hostile note ids from the view and the API', async () => {
      const paper = { ...papers[21]!, authors: [], repos: [] };
      await api.notes.edit(paper, { op: 'add', note: { id: 'safe0001', kind: 'general', text: 'safe' } }, { onConflict: 'cancel' });
      const snapshot = await api.notes.read(paper.id);
      assert.ok(snapshot);
      for (const id of ['../../x', '/etc/passwd', 'a\u202eb', 'a--b', '', 'x'.repeat(65), 'ｘ']) {
        await assert.rejects(
          api.notes.paperView.send(paper.id, { type: 'editNote', requestId: 1, baseVersion: snapshot.version, change: { op: 'remove', id } }),
          /valid/,
        );
        const edits: NoteEdit[] = [
          { op: 'add', note: { id, kind: 'general', text: 'x' } },
          { op: 'update', id, patch: { text: 'x' } },
        ];
        for (const edit of edits) await assert.rejects(api.notes.edit(paper, edit, { onConflict: 'cancel' }));
      }
      assert.equal((await api.notes.read(paper.id))!.text, snapshot.text, 'the file did not change');
    });

    it('refuses a notes folder setting that leaves the workspace, and a note file that is a symbolic link', async () => {
      const config = vscode.workspace.getConfiguration('marginalia');
      const parent = dirname(folder.uri.fsPath);
      const beforeParent = readdirSync(parent).sort();
      try {
        for (const setting of ['../outside', '/tmp', '..', 'papers/../../x']) {
          await config.update('notes.folder', setting, vscode.ConfigurationTarget.Workspace);
          await api.whenLibraryReady();
          await assert.rejects(
            api.notes.edit(
              { ...papers[22]!, id: `setting-${setting.length}` },
              { op: 'add', note: { id: 'n1', kind: 'general', text: 'x' } },
              { onConflict: 'cancel' },
            ),
          );
        }
      } finally {
        await config.update('notes.folder', undefined, vscode.ConfigurationTarget.Workspace);
      }
      assert.deepEqual(readdirSync(parent).sort(), beforeParent);

      // A note file that links outside: found by its id, never written through.
      const target = join(parent, 'outside-target.md');
      const paper = papers[23]!;
      writeFileSync(target, `---\nid: "${paper.id}"\n---\n`);
      try {
        mkdirSync(notesDir, { recursive: true });
        symlinkSync(target, join(notesDir, 'linked.md'));
        await eventually(async () => ((await api.notes.read(paper.id)) ? true : undefined), 'the linked note to be read');
        await assert.rejects(
          api.notes.edit(paper, { op: 'add', note: { id: 'n1', kind: 'general', text: 'through the link' } }, { onConflict: 'cancel' }),
          /symbolic link/,
        );
        assert.equal(readFileSync(target, 'utf8'), `---\nid: "${paper.id}"\n---\n`);
      } finally {
        unlinkSync(join(notesDir, 'linked.md'));
        unlinkSync(target);
      }
    });
  });

  it('refuses a notes folder reached through a symbolic link that leaves the workspace: nothing read, nothing written', async () => {
    const config = vscode.workspace.getConfiguration('marginalia');
    const outside = join(dirname(folder.uri.fsPath), 'linked-notes-target');
    const link = join(folder.uri.fsPath, 'linked-notes');
    const paper = papers[25]!;
    const planted = `---\nid: "${paper.id}"\ntitle: "Planted"\nstatus: reading\n---\n`;
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'planted.md'), planted);
    symlinkSync(outside, link, 'dir');
    try {
      await config.update('notes.folder', 'linked-notes', vscode.ConfigurationTarget.Workspace);
      await api.whenLibraryReady();
      assert.equal(await api.notes.read(paper.id), undefined, 'the note behind the link is not read');
      // Nor by what asks the library to be up to date with the disk first (a hover, an export, a search).
      const code = await vscode.workspace.openTextDocument({ language: 'python', content: `# arXiv:${paper.id}\n` });
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', code.uri, new vscode.Position(0, 5));
      assert.equal(await api.notes.read(paper.id), undefined, 'the note behind the link is not read when the library is brought up to date');
      await assert.rejects(
        api.notes.edit(
          { ...papers[26]!, authors: [], repos: [] },
          { op: 'add', note: { id: 'n1', kind: 'general', text: 'through the link' } },
          { onConflict: 'cancel' },
        ),
        /symbolic link that leads outside the workspace folder/,
      );
      assert.deepEqual(readdirSync(outside), ['planted.md'], 'nothing written behind the link');
      assert.equal(readFileSync(join(outside, 'planted.md'), 'utf8'), planted);
    } finally {
      await config.update('notes.folder', undefined, vscode.ConfigurationTarget.Workspace);
      unlinkSync(link);
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('leaves a file too large to be a note out of the library, reads it once it is a note again, and cuts a long title', async () => {
    const huge = papers[27]!;
    // No paper of the feed: the paper shown is made from the note's front matter.
    const small = { id: 'title:a-note-with-a-long-title' };
    const hugeFile = join(notesDir, 'dump.md');
    const smallFile = join(notesDir, 'beside-the-dump.md');
    const longTitle = `A title of a hostile note ${'x'.repeat(50_000)}`;
    try {
      mkdirSync(notesDir, { recursive: true });
      // 12 MB after front matter that names a paper: a log or a data dump in the notes folder.
      writeFileSync(hugeFile, `---\nid: "${huge.id}"\ntitle: "dump"\n---\n${'0123456789abcdef\n'.repeat(750_000)}`);
      writeFileSync(smallFile, `---\nid: "${small.id}"\ntitle: "${longTitle}"\nstatus: reading\n---\n`);
      // Both files changed together: once the small one is read, the big one was looked at too.
      await eventually(async () => (await api.notes.read(small.id)) ?? undefined, 'the small note read');
      assert.equal(await api.notes.read(huge.id), undefined, 'the 12 MB file is no note');
      const shown = await api.findPaper(small.id);
      assert.ok(
        shown && shown.title.length <= 1000 && shown.title.startsWith('A title of a hostile note') && shown.title.endsWith('…'),
        `the title as shown: ${shown?.title.length} characters`,
      );
      writeFileSync(hugeFile, `---\nid: "${huge.id}"\ntitle: "dump, cut down"\nstatus: reading\n---\n`);
      await eventually(async () => (await api.notes.read(huge.id)) ?? undefined, 'the file read once it is small again');
    } finally {
      rmSync(hugeFile, { force: true });
      rmSync(smallFile, { force: true });
    }
  });

  it('keeps unsaved changes in an open editor: a view edit goes into the buffer, and the view shows the buffer', async () => {
    const paper = papers[24]!;
    await api.notes.edit(paper, { op: 'add', note: { id: 'buf00001', kind: 'general', text: 'first' } }, { onConflict: 'cancel' });
    const second = await api.notes.edit(paper, { op: 'add', note: { id: 'buf00002', kind: 'general', text: 'second' } }, { onConflict: 'cancel' });
    const doc = await vscode.workspace.openTextDocument(second.item!.uri);
    await vscode.window.showTextDocument(doc);
    // Typed at the end of the file: the second note's text, not saved.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), 'Typed but not saved.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    const state = await eventually(async () => {
      const s = await api.notes.paperView.state(paper.id);
      return s.notes.some((n) => n.text.includes('Typed but not saved.')) ? s : undefined;
    }, 'the view to show the unsaved text');
    const answer = await api.notes.paperView.send(
      paper.id,
      { type: 'editNote', requestId: 7, baseVersion: state.version, change: { op: 'update', id: 'buf00001', text: 'first, edited in the view' } },
      'cancel',
    );
    assert.equal(answer.ok, true, answer.message);
    const text = readFileSync(doc.uri.fsPath, 'utf8');
    const buffer = doc.getText();
    assert.ok(
      text.includes('Typed but not saved.') && text.includes('first, edited in the view'),
      `the file lacks a change (editor dirty: ${doc.isDirty}, buffer has both: ${buffer.includes('Typed but not saved.') && buffer.includes('first, edited in the view')}):\n${text}`,
    );
    assert.ok(!doc.isDirty, 'saved');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  /** One file's share of the run: the view, an editor and the disk working on one paper's note. */
  async function runLane(paper: Paper, total: number, seed: number, lane: number): Promise<{ ops: number; summary: string }> {
    const rand = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    const stats = { view: 0, viewRefused: 0, editor: 0, editorSkipped: 0, editorUnsaved: 0, disk: 0, deletes: 0, renames: 0, merged: 0 };

    // The view: the state it was last sent, refreshed whenever the host says the paper's notes changed.
    let view: PaperNotes = await api.notes.paperView.state(paper.id);
    let refreshing = Promise.resolve();
    const refresh = () => {
      refreshing = refreshing.then(async () => {
        view = await api.notes.paperView.state(paper.id);
      });
    };
    const listener = api.notes.onDidChange((id) => {
      if (id === paper.id) refresh();
    });

    /** Markers that must be in the file at the end: each actor's additions, less what someone removed on purpose. */
    const expected = new Set<string>();
    let counter = 0;
    const markersIn = (text: string): string[] => [...(text.match(/\b[vedx]\d+z\b/g) ?? [])];

    const noteFile = (): string | undefined => {
      if (!existsSync(notesDir)) return undefined;
      for (const name of readdirSync(notesDir)) {
        const path = join(notesDir, name);
        if (!name.endsWith('.md') || !statSync(path).isFile()) continue;
        if (parseNote(readFileSync(path, 'utf8')).meta.id === paper.id) return path;
      }
      return undefined;
    };

    /** A new line of text at the end of a random note, or a new note section at the end. */
    const insertion = (text: string, marker: string): { at: number; insert: string } => {
      const doc = parseNote(text);
      const eol = doc.eol;
      const sections = doc.sectionRanges;
      if (sections.length > 0 && rand() < 0.85) {
        const s = pick(sections);
        const content = text.slice(s.start, s.contentEnd);
        return content.endsWith('\n') ? { at: s.contentEnd, insert: `${marker}${eol}` } : { at: s.contentEnd, insert: `${eol}${marker}` };
      }
      const lead = text.endsWith('\n') ? eol : `${eol}${eol}`;
      return { at: text.length, insert: `${lead}## Added ${marker}${eol}<!-- marginalia:note id=${marker}n kind=general -->${eol}${eol}${marker}${eol}` };
    };

    const viewOp = async () => {
      const marker = `v${++counter}z`;
      const notes = view.notes.filter((n) => n.kind === 'general');
      const r = rand();
      let change: unknown;
      let removing: string[] = [];
      if (notes.length === 0 || r < 0.25) change = { op: 'add', kind: 'general', text: `note ${marker}` };
      else if (r < 0.75) {
        const note = pick(notes);
        change = { op: 'update', id: note.id, text: `${note.text}\n${marker}` };
      } else {
        const note = pick(notes);
        change = { op: 'remove', id: note.id };
        removing = markersIn(note.text);
      }
      const answer = await api.notes.paperView.send(paper.id, { type: 'editNote', requestId: counter, baseVersion: view.version, change }, 'keep-both');
      stats.view++;
      if (!answer.ok) {
        stats.viewRefused++;
        return;
      }
      if (answer.message) stats.merged++;
      for (const m of removing) expected.delete(m);
      if ((change as { op: string }).op !== 'remove') expected.add(marker);
    };

    /**
     * What a person does when VS Code will not save over a newer file ("the content of the file is newer"): compare,
     * take the file as it is on disk, type again what only the buffer held (the editor's words, and a view edit that
     * went into the buffer), save.
     */
    const resolveRefusedSave = async (doc: vscode.TextDocument): Promise<void> => {
      for (let attempt = 0; attempt < 3 && doc.isDirty; attempt++) {
        const buffered = markersIn(doc.getText());
        await vscode.window.showTextDocument(doc, { preview: false });
        await vscode.commands.executeCommand('workbench.action.files.revert');
        if (!existsSync(doc.uri.fsPath)) return;
        for (const marker of buffered.filter((m) => !markersIn(doc.getText()).includes(m))) {
          const { at, insert } = insertion(doc.getText(), marker);
          const retype = new vscode.WorkspaceEdit();
          retype.insert(doc.uri, doc.positionAt(at), insert);
          await vscode.workspace.applyEdit(retype);
        }
        await doc.save();
      }
    };

    const editorOp = async () => {
      const path = noteFile();
      if (!path) {
        stats.editorSkipped++;
        return;
      }
      const marker = `e${++counter}z`;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      // A person edits what they see: wait until the editor shows the file as it is on disk.
      const synced = await eventually(
        () => (doc.isDirty || !existsSync(path) || doc.getText() === readFileSync(path, 'utf8') ? true : undefined),
        'the editor to catch up',
        3000,
        10,
      ).catch(() => false);
      if (!synced || !existsSync(path)) {
        stats.editorSkipped++;
        return;
      }
      for (let attempt = 0; attempt < 5; attempt++) {
        const { at, insert } = insertion(doc.getText(), marker);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, doc.positionAt(at), insert);
        if (await vscode.workspace.applyEdit(edit)) {
          // Saving can race a save of the same document from the view's side; what counts is that it ends saved.
          for (let tries = 0; tries < 5 && !(await doc.save()) && doc.isDirty; tries++) await sleep(50);
          if (doc.isDirty) {
            stats.editorUnsaved++;
            await resolveRefusedSave(doc);
          }
          stats.editor++;
          expected.add(marker);
          return;
        }
      }
      stats.editorSkipped++;
    };

    const diskOp = async () => {
      const path = noteFile();
      if (!path) return;
      const text = readFileSync(path, 'utf8');
      const r = rand();
      if (r < 0.03) {
        // Like `git checkout` of a branch without the note: everything in it goes, on purpose.
        for (const m of markersIn(text)) expected.delete(m);
        unlinkSync(path);
        stats.deletes++;
        return;
      }
      if (r < 0.08) {
        renameSync(path, join(notesDir, `renamed-${lane}-${++counter}.md`));
        stats.renames++;
        return;
      }
      const marker = `d${++counter}z`;
      const { at, insert } = insertion(text, marker);
      writeFileSync(path, text.slice(0, at) + insert + text.slice(at));
      stats.disk++;
      expected.add(marker);
    };

    const started = Date.now();
    await api.notes.edit(paper, { op: 'add', note: { id: 'start001', kind: 'general', text: 'x0z' } }, { onConflict: 'cancel' });
    expected.add('x0z');
    let ops = 0;
    let reported = 0;
    while (ops < total) {
      if (ops - reported >= 100) {
        reported = ops;
        console.log(`      lane ${lane}: ${ops} edits after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      const r = rand();
      if (r < 0.12) {
        // The disk alone: an outside program does not wait for anyone.
        await diskOp();
        ops++;
      } else if (r < 0.7) {
        // The view and the editor at the same time: both go through VS Code's model of the file.
        const together = [viewOp(), editorOp(), ...(rand() < 0.5 ? [viewOp()] : [])];
        await Promise.all(together);
        ops += together.length;
      } else if (r < 0.85) {
        await viewOp();
        ops++;
      } else {
        await editorOp();
        ops++;
      }
      if (rand() < 0.1) await sleep(Math.floor(rand() * 30));
    }

    // Settle: the view has caught up with the file once nothing changes any more.
    const path = await eventually(() => noteFile(), 'a note file at the end');
    const settleStarted = Date.now();
    await eventually(
      async () => {
        await refreshing;
        const text = readFileSync(path, 'utf8');
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path);
        if (open?.isDirty && !(await open.save()) && open.isDirty) await resolveRefusedSave(open);
        return view.version === noteVersion(text) ? true : undefined;
      },
      'the view to show the file',
      15_000,
    ).catch(async (error: unknown) => {
      // Say which side is behind, so a failure on a loaded machine tells a stale library from a stuck editor.
      const text = readFileSync(path, 'utf8');
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path);
      const snapshot = await api.notes.read(paper.id);
      const fresh = await api.notes.paperView.state(paper.id);
      throw new Error(
        `${String(error)} (lane ${lane}, seed ${seed}): file ${noteVersion(text)}; library ${snapshot?.version} from ${snapshot ? relative(notesDir, snapshot.uri.fsPath) : '-'} ` +
          `(file ${relative(notesDir, path)}); view ${view.version}, a fresh state ${fresh.version}; ` +
          `editor ${open ? `${open.isDirty ? 'dirty' : 'clean'}, ${noteVersion(open.getText())}` : 'not open'}; ${JSON.stringify(stats)}`,
      );
    });
    console.log(`      lane ${lane}: the view showed the file ${((Date.now() - settleStarted) / 1000).toFixed(1)} s after the last edit`);
    listener.dispose();
    const text = readFileSync(path, 'utf8');
    const seconds = (Date.now() - started) / 1000;

    const missing = [...expected].filter((m) => !markersIn(text).includes(m));
    assert.deepEqual(missing, [], `text was lost (seed ${seed})`);
    const fileNotes = parseNote(text)
      .notes.filter((n) => n.id !== '')
      .map((n) => [n.id, n.text]);
    assert.deepEqual(
      view.notes.map((n) => [n.id, n.text]),
      fileNotes,
      'the view shows what the file holds',
    );
    return { ops, summary: `lane ${lane}: ${ops} edits in ${seconds.toFixed(1)} s ${JSON.stringify(stats)}, ${expected.size} markers kept` };
  }

  it('loses no text over 1000 interleaved edits from the view, the editor and the disk', async () => {
    const seed = Number(process.env.MARGINALIA_FUZZ_SEED ?? Date.now() % 100_000);
    console.log(`      seed ${seed} (MARGINALIA_FUZZ_SEED to replay)`);
    // Two note files at once, each with its own view, editor and disk actors: the same interleavings per file, with
    // the editor and disk round trips of one overlapping the other's.
    const lanes = 2;
    // MARGINALIA_FUZZ_EDITS runs fewer (or more) edits while iterating; the suite runs 1000.
    const total = Number(process.env.MARGINALIA_FUZZ_EDITS ?? 1000);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: lanes }, (_, i) => runLane(papers[30 + i]!, Math.ceil(total / lanes), seed * 31 + i, i)));
    const seconds = (Date.now() - started) / 1000;
    for (const r of results) console.log(`      ${r.summary}`);
    const ops = results.reduce((n, r) => n + r.ops, 0);
    console.log(`      ${ops} edits in ${seconds.toFixed(1)} s`);
    assert.ok(ops >= total);
    // About a minute on an idle 2-core machine; only reported, because a shared machine can be many times slower
    // (hence the generous timeout).
    if (seconds > 120) console.log(`      slower than 2 minutes: ${seconds.toFixed(0)} s (a busy machine?)`);
  }).timeout(600_000);
});
