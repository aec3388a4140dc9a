import * as vscode from 'vscode';
import { referencesByLine } from '../../core/links/referenceScan';
import { Disposable } from '../dispose';
import { errorText } from '../../core/errorText';

/** Files searched at most; a workspace bigger than this gets a hint that the list may be incomplete. */
const maxFiles = 5_000;
/** Larger files are data, not code worth listing. */
const maxFileBytes = 1_000_000;
/** Files read at once: enough to keep the disk busy, few enough not to crowd the extension host. */
const concurrency = 8;
/** Extensions that are never text. Skipping them saves a stat and a read each. */
const binary = new Set(
  'png jpg jpeg gif webp bmp ico icns svgz tif tiff psd pdf zip gz tgz bz2 xz 7z rar tar jar war whl egg so dylib dll exe bin o a lib pyc pyo class wasm pt pth ckpt safetensors onnx h5 hdf5 npy npz pkl pickle parquet arrow feather tfrecord mp3 mp4 m4a wav flac ogg webm mov avi mkv woff woff2 ttf otf eot sqlite db'.split(
    ' ',
  ),
);

export interface Mention {
  readonly uri: vscode.Uri;
  /** 0-based line of the first mention. */
  readonly line: number;
  readonly count: number;
  readonly text: string;
}

/** Per file: arXiv id → first mention. */
type FileMentions = Map<string, Mention>;

/** The glob of `files.exclude` and `search.exclude` (entries set to true), plus folders that are never source. */
export function excludeGlob(): string {
  const patterns = new Set(['**/node_modules/**', '**/.git/**']);
  for (const section of ['files', 'search']) {
    const value = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [pattern, on] of Object.entries(value)) if (on === true) patterns.add(pattern);
  }
  return `{${[...patterns].join(',')}}`;
}

function extensionOf(uri: vscode.Uri): string {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Which files of the workspace mention which arXiv ids. Built lazily in the background the first time a paper view
 * asks (so the view renders first and shows "searching…"), then kept up to date from file events. Reading only:
 * it works in Restricted Mode and on virtual file systems (`vscode.workspace.fs`).
 */
export class WorkspaceMentions extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the search finished or a file's mentions changed. */
  readonly onDidChange = this._onDidChange.event;
  private readonly files = new Map<string, FileMentions>();
  private scan: Promise<void> | undefined;
  private _searching = false;
  private _limited: string | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly pending = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(private readonly log: (message: string) => void) {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) this.reset();
      }),
    );
  }

  get searching(): boolean {
    return this._searching;
  }

  get limited(): string | undefined {
    return this._limited;
  }

  /** Starts the search if it has not run yet; resolves when it is done. */
  ensureStarted(): Promise<void> {
    this.scan ??= this.runScan(this.generation);
    return this.scan;
  }

  /** Files that mention an arXiv id, best first (most mentions, then path). */
  mentionsOf(arxivId: string): Mention[] {
    void this.ensureStarted();
    const found: Mention[] = [];
    for (const mentions of this.files.values()) {
      const m = mentions.get(arxivId);
      if (m) found.push(m);
    }
    return found.sort((a, b) => b.count - a.count || a.uri.path.localeCompare(b.uri.path));
  }

  /** Every file's mentions, arXiv id by arXiv id, once the search has run (it starts it if it has not). */
  async all(): Promise<{ readonly arxivId: string; readonly mention: Mention }[]> {
    await this.ensureStarted();
    return [...this.files.values()].flatMap((mentions) => [...mentions].map(([arxivId, mention]) => ({ arxivId, mention })));
  }

  private reset(): void {
    this.generation++;
    this.files.clear();
    this.scan = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
    this._onDidChange.fire();
  }

  private async runScan(generation: number): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) return;
    this._searching = true;
    this._limited = undefined;
    try {
      await this.scanFiles(generation);
    } catch (error) {
      this.log(`The search for papers mentioned in the workspace stopped: ${errorText(error)}`);
    } finally {
      if (generation === this.generation) {
        this._searching = false;
        this._onDidChange.fire();
      }
    }
  }

  private async scanFiles(generation: number): Promise<void> {
    // A user's exclude pattern the combined glob cannot hold (nested braces) must not cost the whole search.
    const uris = await vscode.workspace
      .findFiles('**/*', excludeGlob(), maxFiles + 1)
      .then(undefined, () => vscode.workspace.findFiles('**/*', '{**/node_modules/**,**/.git/**}', maxFiles + 1));
    if (generation !== this.generation) return;
    if (uris.length > maxFiles) this._limited = `Searched the first ${maxFiles} files of the workspace.`;
    const queue = uris.slice(0, maxFiles).filter((u) => !binary.has(extensionOf(u)));
    const worker = async () => {
      for (let uri = queue.shift(); uri; uri = queue.shift()) {
        if (generation !== this.generation) return;
        await this.indexFile(uri);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (generation === this.generation) this.watch();
  }

  /** Reads one file and records its mentions; files that vanished or are binary or huge have none. */
  private async indexFile(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    const before = this.files.get(key);
    let mentions: FileMentions | undefined;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.File && stat.size <= maxFileBytes) mentions = this.read(uri, await vscode.workspace.fs.readFile(uri));
    } catch {
      // Gone or unreadable: no mentions.
    }
    if (mentions && mentions.size > 0) this.files.set(key, mentions);
    else this.files.delete(key);
    return !sameMentions(before, mentions);
  }

  private read(uri: vscode.Uri, bytes: Uint8Array): FileMentions | undefined {
    // A NUL in the first few kilobytes: a binary file whatever its name says.
    if (bytes.subarray(0, 8000).includes(0)) return undefined;
    const text = new TextDecoder().decode(bytes);
    const lines = text.split('\n');
    const mentions: FileMentions = new Map();
    for (const ref of referencesByLine(text, { maxReferences: 500 })) {
      const seen = mentions.get(ref.id);
      if (seen) mentions.set(ref.id, { ...seen, count: seen.count + 1 });
      else mentions.set(ref.id, { uri, line: ref.line, count: 1, text: lineText(lines[ref.line] ?? '') });
    }
    return mentions;
  }

  /** Follows changes on disk (saves, git checkouts, new files), a few at a time. */
  private watch(): void {
    this.watcher?.dispose();
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const queue = (uri: vscode.Uri) => {
      if (/\/(?:node_modules|\.git)\//.test(uri.path)) return;
      this.pending.set(uri.toString(), uri);
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => void this.flush(), 300);
    };
    watcher.onDidCreate(queue);
    watcher.onDidChange(queue);
    watcher.onDidDelete((uri) => {
      if (this.files.delete(uri.toString())) this._onDidChange.fire();
    });
    this.watcher = watcher;
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const uris = [...this.pending.values()];
    this.pending.clear();
    const exclude = excludeGlob();
    let changed = false;
    for (const uri of uris) {
      if (binary.has(extensionOf(uri))) continue;
      // findFiles on the one file answers whether the excludes leave it in.
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
      const included = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, escapeGlob(relative)), exclude, 1);
      if (included.length === 0) continue;
      if (await this.indexFile(uri)) changed = true;
    }
    if (changed) this._onDidChange.fire();
  }

  override dispose(): void {
    this.generation++;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.watcher?.dispose();
    super.dispose();
  }
}

/** A path as a glob that matches only itself (`[`, `*`, `{`… in file names are literal). */
function escapeGlob(path: string): string {
  return path.replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}

function lineText(line: string): string {
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}

function sameMentions(a: FileMentions | undefined, b: FileMentions | undefined): boolean {
  if (!a?.size && !b?.size) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [id, m] of a) {
    const o = b.get(id);
    if (!o || o.line !== m.line || o.count !== m.count || o.text !== m.text) return false;
  }
  return true;
}
