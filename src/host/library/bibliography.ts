import * as vscode from 'vscode';
import { syncBibliography, type BibBase, type BibPaper, type BibSyncResult } from '../../core/library/bibSync';
import { libraryFeedPaper, libraryPaper, noteCitationKey } from '../../core/library/libraryPaper';
import type { FeedParseResult } from '../../core/paper';
import type { Paper } from '../../core/paper';
import { trustedSetting } from '../config';
import { Disposable } from '../dispose';
import { symlinkEscape } from './linkEscape';
import type { LibraryItem, LibraryService } from './libraryService';
import { readText, writeTextAtomically } from './noteIo';
import { errorText } from '../../core/errorText';

/** How long the library must be still before the bibliography file follows it. */
const SYNC_DELAY_MS = 400;
const BASE_KEY = 'marginalia.bibliography.base';
const BUILT_TTL_MS = 30_000;

/** A library paper as it is cited, with what its note says. */
export interface CitablePaper extends BibPaper {
  readonly item: LibraryItem;
}

/**
 * The library's papers as BibTeX files: the bibliography file named by `marginalia.bibliography.file`, kept in step
 * with the library (one entry per paper, or per paper with one of `marginalia.bibliography.tags`), and additions to
 * any `.bib` file in the workspace (a key chosen in a completion, an export). Writes only inside the workspace, only
 * when it is trusted, and never over what a person wrote (see `core/library/bibSync.ts`). What Marginalia last wrote
 * in each file is kept in the workspace state: it is how a hand edit is told from a value Marginalia may update.
 */
export class Bibliography extends Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  /** The library's papers as last built, until the library changes (a completion per keystroke must not rebuild them). */
  private built: { readonly generation: number; readonly at: number; readonly papers: Promise<CitablePaper[]> } | undefined;
  private generation = 0;

  constructor(
    private readonly library: LibraryService,
    private readonly known: (id: string) => Promise<Paper | undefined>,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    // Follows the library only once something read it (the notes are never read for this alone at activation).
    this._register(
      library.onDidChange(() => {
        this.generation++;
        this.syncSoon();
      }),
    );
    this._register(vscode.workspace.onDidChangeConfiguration((e) => this.settingsChanged(e)));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.syncSoon()));
  }

  /** A change of settings: a kept file newly set is written. Also given the change that woke the services. */
  settingsChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('marginalia.bibliography') && this.configuredFile()) void this.sync().catch((error: unknown) => this.report(error));
  }

  /** The kept bibliography file (`marginalia.bibliography.file`, relative to the first workspace folder), if set and usable. */
  configuredFile(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const raw = trustedSetting<string>('bibliography.file', folder)?.trim().replace(/\\/g, '/');
    if (!folder || !raw) return undefined;
    if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.split('/').some((s) => s === '..') || !/\.bib$/i.test(raw)) {
      this.log.warn(`Setting marginalia.bibliography.file ("${raw}") must be a .bib file inside the workspace folder; it is ignored.`);
      return undefined;
    }
    return vscode.Uri.joinPath(folder.uri, ...raw.split('/').filter((s) => s && s !== '.'));
  }

  /** Where a document's citations go: the `.bib` it names (inside the workspace), else the kept bibliography file. */
  targetFor(document: vscode.TextDocument, declared: readonly string[]): vscode.Uri | undefined {
    if (document.languageId === 'bibtex' || document.uri.path.toLowerCase().endsWith('.bib')) return document.uri;
    for (const name of declared) {
      const uri = vscode.Uri.joinPath(document.uri, '..', ...name.replace(/\\/g, '/').split('/'));
      if (this.insideWorkspace(uri)) return uri;
    }
    return this.configuredFile();
  }

  private insideWorkspace(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder !== undefined && uri.path.startsWith(`${folder.uri.path.replace(/\/$/, '')}/`);
  }

  /** The library's papers, as cited (the notes are read first if they were not yet). */
  async papers(tags?: readonly string[]): Promise<CitablePaper[]> {
    await this.library.whenFresh();
    // What feeds and lookups know of a paper can grow meanwhile (a feed loaded): built again after a while anyway.
    if (!this.built || this.built.generation !== this.generation || Date.now() - this.built.at > BUILT_TTL_MS) {
      const items = [...this.library.all()].sort((a, b) => (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0));
      const papers = Promise.all(
        items.map(async (item) => {
          const data = item.doc.frontMatter?.data ?? {};
          const known = await this.known(item.paperId).catch(() => undefined);
          return { item, paper: libraryPaper(item.paperId, item.doc.meta, data, known), key: noteCitationKey(data) };
        }),
      );
      this.built = { generation: this.generation, at: Date.now(), papers };
    }
    const all = await this.built.papers;
    return tags?.length ? all.filter((p) => p.item.doc.meta.tags.some((t) => tags.includes(t))) : all;
  }

  /** What a file holds now: its open editor's text when it has one, else the disk's; `''` when there is no file. */
  async text(uri: vscode.Uri): Promise<string> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    return readText(uri).catch(() => '');
  }

  base(uri: vscode.Uri): BibBase {
    return this.state.get<Record<string, BibBase>>(BASE_KEY, {})[uri.toString()] ?? {};
  }

  /** The merge of `papers` into a file as it is now, without writing it (`keysOnly`: only which key each paper has). */
  async plan(uri: vscode.Uri, papers: readonly BibPaper[], keysOnly = false): Promise<BibSyncResult & { before: string }> {
    const before = await this.text(uri);
    return { ...syncBibliography(before, papers, this.base(uri), { keysOnly }), before };
  }

  syncSoon(): void {
    if (!this.configuredFile() || !vscode.workspace.isTrusted) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync().catch((error: unknown) => this.report(error));
    }, SYNC_DELAY_MS);
  }

  /** Brings the kept bibliography file in step with the library now. Resolves with the file, or undefined when none is set. */
  sync(): Promise<vscode.Uri | undefined> {
    const run = this.running.then(async () => {
      const uri = this.configuredFile();
      if (!uri || !vscode.workspace.isTrusted) return undefined;
      const tags = trustedSetting<string[]>('bibliography.tags', vscode.workspace.workspaceFolders?.[0]);
      await this.merge(uri, await this.papers(Array.isArray(tags) ? tags.filter((t) => typeof t === 'string') : []));
      return uri;
    });
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Adds these papers to a `.bib` file (or updates their entries), keeping everything else in it. Resolves with their keys. */
  async add(uri: vscode.Uri, papers: readonly BibPaper[]): Promise<ReadonlyMap<string, string>> {
    const run = this.running.then(() => this.merge(uri, papers));
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    return (await run).keys;
  }

  private async merge(uri: vscode.Uri, papers: readonly BibPaper[]): Promise<BibSyncResult> {
    if (!vscode.workspace.isTrusted) throw new Error('Writing the bibliography needs a trusted workspace.');
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !this.insideWorkspace(uri)) throw new Error(`Refusing to write ${uri.toString(true)}: it is not inside the workspace.`);
    const escape = await symlinkEscape(folder.uri, uri, vscode.workspace.asRelativePath(uri));
    if (escape) throw new Error(`Refusing to write the bibliography: ${escape}.`);
    const result = await this.plan(uri, papers);
    if (result.text !== result.before) await this.write(uri, result.before, result.text);
    const all = this.state.get<Record<string, BibBase>>(BASE_KEY, {});
    await this.state.update(BASE_KEY, { ...all, [uri.toString()]: result.base });
    if (result.added.length || result.updated.length) {
      this.log.info(`${vscode.workspace.asRelativePath(uri)}: ${result.added.length} entries added, ${result.updated.length} updated.`);
    }
    return result;
  }

  /** Through the open editor when there is one (its unsaved text is what was merged), else atomically on disk. */
  private async write(uri: vscode.Uri, before: string, text: string): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      if (open.getText() !== before) throw new Error(`${vscode.workspace.asRelativePath(uri)} changed while Marginalia merged it; try again.`);
      const wasDirty = open.isDirty;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(before.length)), text);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`${vscode.workspace.asRelativePath(uri)} could not be edited.`);
      if (!wasDirty) await open.save();
      return;
    }
    await writeTextAtomically(uri, text);
  }

  private report(error: unknown): void {
    this.log.warn(`Bibliography: ${errorText(error)}`);
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}

/** The "My library" source's papers: every note's paper, newest addition first, with what the user wrote about it. */
export async function libraryFeed(library: LibraryService, known: (id: string) => Promise<Paper | undefined>): Promise<FeedParseResult> {
  await library.whenFresh();
  const items = [...library.all()].sort((a, b) => (b.doc.meta.added ?? '').localeCompare(a.doc.meta.added ?? '') || a.paperId.localeCompare(b.paperId));
  const papers = await Promise.all(
    items.map(async (item) => {
      const found = await known(item.paperId).catch(() => undefined);
      // A paper remembered from this source earlier carries old notes: the note file has the current ones.
      return libraryFeedPaper(item.paperId, item.doc.meta, item.doc.frontMatter?.data ?? {}, item.doc.notes, found);
    }),
  );
  return { format: 'library', papers, skipped: [] };
}
