/**
 * "Marginalia: Import Library…" in the real extension host: a Better BibLaTeX library becomes notes in the notes
 * folder on disk; a second import of a CSL-JSON export of overlapping papers merges into those notes (by arXiv id,
 * DOI or key) without overwriting what differs, and says what it added, merged and skipped.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseNote } from '../../../src/core/notes/noteFile';
import type { ImportSummary } from '../../../src/core/library/libraryImport';
import type { MarginaliaApi } from '../../../src/host/api';

const extensionId = 'marginalia.marginalia';

describe('Import Library in the extension host', function () {
  this.timeout(120_000);
  let notesDir: string;
  let fixtures: vscode.Uri;
  const created: string[] = [];

  before(async () => {
    const extension = vscode.extensions.getExtension<MarginaliaApi>(extensionId);
    assert.ok(extension);
    const api = await extension.activate();
    await api.whenLibraryReady();
    notesDir = join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'papers');
    mkdirSync(notesDir, { recursive: true });
    fixtures = vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures');
  });

  after(() => {
    for (const path of created) rmSync(path, { force: true });
  });

  /** The note files whose front matter has `key`, by key. */
  function notesByKey(): Map<string, { path: string; data: Record<string, unknown> }> {
    const out = new Map<string, { path: string; data: Record<string, unknown> }>();
    for (const name of readdirSync(notesDir).filter((n) => n.endsWith('.md'))) {
      const path = join(notesDir, name);
      const data = (parseNote(readFileSync(path, 'utf8')).frontMatter?.data ?? {}) as Record<string, unknown>;
      if (typeof data['key'] === 'string') out.set(data['key'], { path, data });
    }
    return out;
  }

  it('adds a library as notes, then merges a second export into them without overwriting', async () => {
    const before = new Set(readdirSync(notesDir));
    const first = (await vscode.commands.executeCommand(
      'marginalia.importLibrary',
      vscode.Uri.joinPath(fixtures, 'zotero', 'bbt_biblatex_plus_mendeley_library.bib'),
    )) as ImportSummary | undefined;
    assert.ok(first, 'the command returned no summary');
    for (const name of readdirSync(notesDir)) if (!before.has(name)) created.push(join(notesDir, name));
    assert.deepEqual([first.added, first.merged, first.skipped], [5, 0, 0], first.details.join('\n'));
    const notes = notesByKey();
    const abnar = notes.get('abnar2019blackbox');
    assert.ok(abnar, `no note with key abnar2019blackbox among ${[...notes.keys()].join(', ')}`);
    assert.equal(abnar.data['id'], '1906.01539');
    assert.deepEqual(abnar.data['authors'], ['Samira Abnar', 'Lisa Beinborn', 'Rochelle Choenni', 'Willem Zuidema']);
    assert.equal(abnar.data['year'], '2019');
    assert.equal((abnar.data['files'] as string[]).length, 1);
    assert.ok((abnar.data['tags'] as string[]).includes('Computer Science - Artificial Intelligence'));

    // The user edits a title; the CSL-JSON export of the same library has Zotero's sentence-cased one.
    const aitchison = notes.get('aitchison2017you')!;
    const text = readFileSync(aitchison.path, 'utf8');
    writeFileSync(aitchison.path, text.replace(/^title: .*$/m, 'title: My title for Aitchison'));
    const second = (await vscode.commands.executeCommand('marginalia.importLibrary', vscode.Uri.joinPath(fixtures, 'zotero', 'csl_json_library.json'), {
      conflicts: 'keep-notes',
    })) as ImportSummary;
    for (const name of readdirSync(notesDir)) if (!before.has(name) && !created.includes(join(notesDir, name))) created.push(join(notesDir, name));
    assert.equal(second.added, 0, second.details.join('\n'));
    assert.equal(second.merged + second.skipped, 5, second.details.join('\n'));
    assert.ok(second.conflicts > 0);
    const after = notesByKey().get('aitchison2017you')!;
    assert.equal(after.data['title'], 'My title for Aitchison', 'a title the user changed is kept');
    assert.ok(
      second.details.some((d) => /merged aitchison2017you .*kept the note’s title/.test(d)),
      second.details.join('\n'),
    );
    assert.ok(existsSync(after.path));
  });

  it('keeps the imported keys in references.bib, and a hand edit made on disk after a library change', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const bib = join(root, 'imported-refs.bib');
    created.push(bib);
    const config = vscode.workspace.getConfiguration('marginalia');
    await config.update('bibliography.file', 'imported-refs.bib', vscode.ConfigurationTarget.Workspace);
    try {
      const first = await waitFor('imported-refs.bib with the imported keys', () => {
        const text = existsSync(bib) ? readFileSync(bib, 'utf8') : '';
        return /@\w+\{abnar2019blackbox,/.test(text) && /@\w+\{aitchison2017you,/.test(text) ? text : undefined;
      });
      // By hand, on disk, while VS Code runs: a field added to an imported entry and an entry of one's own.
      const edited = `${first.replace(/(@\w+\{abnar2019blackbox,\n)/, '$1  note = {read twice},\n')}\n@book{knuth1984,\n  title = {The {TeX}book},\n}\n`;
      assert.notEqual(edited, first);
      writeFileSync(bib, edited);
      // The library changes: an author added to the note.
      const abnar = notesByKey().get('abnar2019blackbox')!;
      writeFileSync(abnar.path, readFileSync(abnar.path, 'utf8').replace('Willem Zuidema]', 'Willem Zuidema, Ada Lovelace]'));
      const after = await waitFor('imported-refs.bib following the note', () => {
        const text = existsSync(bib) ? readFileSync(bib, 'utf8') : '';
        return text.includes('Ada Lovelace') ? text : undefined;
      });
      assert.match(after, /note = \{read twice\}/, 'the hand-added field is kept');
      assert.match(after, /@book\{knuth1984,\n {2}title = \{The \{TeX\}book\},\n\}/, 'the hand-added entry is kept');
      assert.equal(after.match(/@\w+\{abnar2019blackbox,/g)?.length, 1, 'one entry, under the imported key');
    } finally {
      await config.update('bibliography.file', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

/** Polls `read` until it returns a value (the library and the bibliography follow files a moment later). */
async function waitFor<T>(what: string, read: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
