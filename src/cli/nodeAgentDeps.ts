/**
 * The agent tools' ports on Node, for `marginalia mcp`: a workspace folder on disk, its notes folder, and feed files.
 * The command line only: the extension goes through `vscode.workspace.fs` (src/host/agentTools).
 */
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { AgentCitation, AgentNoteFile, AgentNotesStore, AgentPaperSource, AgentToolDeps, AgentWorkspace } from '../core/agentTools/ports';
import { isSafeCodePath } from '../core/links/codeAnchor';
import { referencesByLine } from '../core/links/referenceScan';
import { newNoteFile, parseNote, type NoteDocument } from '../core/notes/noteFile';
import { noteFileName } from '../core/notes/noteFileName';
import { containedNotePath, resolveNotePath } from '../core/notes/notePath';
import type { Paper } from '../core/paper';
import { searchAsYouType } from '../core/paperList';
import { PaperIndex } from '../core/search/paperIndex';

export interface NodeAgentOptions {
  /** The workspace folder (absolute). */
  readonly workspace: string;
  /** The notes folder, relative to the workspace (`papers`). */
  readonly notesFolder: string;
  /** The papers of the feeds given, and what to call them. */
  readonly papers: readonly Paper[];
  readonly feedLabel: string;
  /** No writes (`--read-only`). */
  readonly readOnly: boolean;
}

const maxFiles = 5_000;
const maxFileBytes = 1_000_000;
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.venv', 'venv', '__pycache__']);
const binary =
  /\.(png|jpe?g|gif|webp|ico|pdf|zip|gz|tgz|bz2|xz|7z|tar|jar|so|dylib|dll|exe|bin|o|a|pyc|class|wasm|pt|pth|ckpt|safetensors|onnx|h5|npy|npz|pkl|parquet|mp[34]|wav|woff2?|ttf|otf|sqlite|db)$/i;

const toPosix = (path: string): string => path.split(sep).join('/');

/** Files of a folder, depth first, not through symbolic links nor into hidden or generated folders. */
async function walk(dir: string, accept: (name: string) => boolean, found: string[], depth = 0): Promise<void> {
  if (depth > 32 || found.length >= maxFiles) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (found.length >= maxFiles) return;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !skippedFolders.has(entry.name)) await walk(path, accept, found, depth + 1);
    } else if (entry.isFile() && accept(entry.name)) found.push(path);
  }
}

/** Whether `inner` is `outer` or inside it, once both are resolved through links. */
async function inside(outer: string, inner: string): Promise<boolean> {
  const [a, b] = await Promise.all([realpath(outer), realpath(inner)]);
  const rel = relative(a, b);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

export function nodeAgentDeps(options: NodeAgentOptions): AgentToolDeps {
  const root = options.workspace;
  const notesRelative = options.notesFolder
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  const folderCheck = resolveNotePath(notesRelative, 'x.md');
  if (!folderCheck.ok) throw new Error(`the notes folder "${options.notesFolder}" cannot be used: ${folderCheck.reason}`);
  const notesDir = notesRelative ? join(root, ...notesRelative.split('/')) : root;

  let index: Promise<PaperIndex> | undefined;
  const byId = new Map(options.papers.map((p) => [p.id, p]));
  const papers: AgentPaperSource = {
    async search(query, limit) {
      index ??= PaperIndex.build(options.papers);
      const { response } = searchAsYouType(await index, query, { limit });
      return { papers: response.hits.map((h) => byId.get(h.id)).filter((p): p is Paper => p !== undefined), searched: options.feedLabel };
    },
    find: async (id) => byId.get(id),
  };

  const readNotes = async (): Promise<AgentNoteFile[]> => {
    const files: string[] = [];
    // A notes folder that leads out of the workspace through a link is not read (nor written).
    if (
      !(await stat(notesDir).then(
        (s) => s.isDirectory(),
        () => false,
      )) ||
      !(await inside(root, notesDir))
    )
      return [];
    await walk(notesDir, (name) => name.toLowerCase().endsWith('.md'), files);
    const notes: AgentNoteFile[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const doc = parseNote(await readFile(file, 'utf8'));
      const id = doc.meta.id?.trim();
      // The same paper in two files: the first one is used, as in the extension.
      if (!id || seen.has(id)) continue;
      seen.add(id);
      notes.push({ paperId: id, path: toPosix(relative(root, file)), doc });
    }
    return notes;
  };

  /** The file a new note goes to: a free name in the notes folder, checked. */
  const newNotePath = async (paper: Paper): Promise<string> => {
    const name = noteFileName(paper);
    const base = name.replace(/\.md$/, '');
    for (let n = 1; n < 100; n++) {
      const checked = resolveNotePath(notesRelative, n === 1 ? name : `${base}-${n}.md`);
      if (!checked.ok) throw new Error(`cannot name a note "${name}": ${checked.reason}`);
      if (
        !(await lstat(join(root, ...checked.path.split('/'))).then(
          () => true,
          () => false,
        ))
      )
        return checked.path;
    }
    throw new Error(`too many notes named ${name}`);
  };

  const notes: AgentNotesStore = {
    list: readNotes,
    get: async (id) => (await readNotes()).find((n) => n.paperId === id),
    writable: () => (options.readOnly ? { ok: false, reason: 'marginalia mcp was started with --read-only.' } : { ok: true }),
    target: async (paper) => (await notes.get(paper.id))?.path ?? (await newNotePath(paper)),
    async edit(paper: Paper, change: (doc: NoteDocument) => NoteDocument) {
      if (options.readOnly) throw new Error('marginalia mcp was started with --read-only.');
      const existing = await notes.get(paper.id);
      const path = existing?.path ?? (await newNotePath(paper));
      // Every write is checked here, whatever the paper id or file name it came from.
      const checked = containedNotePath(toPosix(root), notesRelative, `${toPosix(root)}/${path}`);
      if (!checked.ok) throw new Error(`refusing to write ${path}: ${checked.reason}`);
      const file = join(root, ...checked.path.split('/'));
      const folder = join(file, '..');
      await mkdir(folder, { recursive: true });
      if (!(await inside(root, folder))) throw new Error(`refusing to write ${path}: its folder leads out of the workspace`);
      if ((await lstat(file).catch(() => undefined))?.isSymbolicLink()) throw new Error(`refusing to write ${path}: it is a symbolic link`);
      const before = existing ? existing.doc : parseNote(newNoteFile(paper, { added: new Date().toISOString().slice(0, 10) }));
      const doc = change(before);
      // Atomically: a reader never sees half a note.
      const temporary = join(folder, `.${checked.path.split('/').pop()}.${process.pid}.tmp`);
      try {
        await writeFile(temporary, doc.serialize(), 'utf8');
        await rename(temporary, file);
      } finally {
        await rm(temporary, { force: true });
      }
      return { paperId: paper.id, path: checked.path, doc };
    },
  };

  const workspace: AgentWorkspace = {
    async citations() {
      const files: string[] = [];
      await walk(root, (name) => !binary.test(name), files);
      const citations: AgentCitation[] = [];
      for (const file of files) {
        const info = await stat(file).catch(() => undefined);
        if (!info || info.size > maxFileBytes) continue;
        const bytes = await readFile(file);
        if (bytes.subarray(0, 8000).includes(0)) continue;
        const text = bytes.toString('utf8');
        const lines = text.split('\n');
        const perId = new Map<string, AgentCitation>();
        for (const ref of referencesByLine(text, { maxReferences: 500 })) {
          const seen = perId.get(ref.id);
          perId.set(
            ref.id,
            seen
              ? { ...seen, count: seen.count + 1 }
              : { arxivId: ref.id, path: toPosix(relative(root, file)), line: ref.line + 1, count: 1, text: (lines[ref.line] ?? '').trim() },
          );
        }
        citations.push(...perId.values());
      }
      return { citations, ...(files.length >= maxFiles ? { limited: `Searched the first ${maxFiles} files of the workspace.` } : {}) };
    },
    async readText(path, folderName) {
      if (folderName !== undefined || !isSafeCodePath(path)) return undefined;
      const file = join(root, ...path.split('/'));
      try {
        if (!(await inside(root, file))) return undefined;
        const info = await stat(file);
        if (!info.isFile() || info.size > 5_000_000) return undefined;
        return await readFile(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };

  return { papers, notes, workspace };
}
