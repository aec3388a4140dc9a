/**
 * Which files of a workspace say what it is about: its own code and docs, not what it vendors, generates or ignores.
 * Paths are relative to the workspace folder, with `/` separators.
 */

/** Folders that hold other people's code, build output or caches. */
const SKIPPED_FOLDERS = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'vendor', 'vendored', 'third_party', 'third-party',
  'thirdparty', 'external', 'externals', 'deps', '_deps', 'dist', 'build', 'out', 'target', 'bin', 'obj', '.next',
  '.nuxt', 'coverage', '__pycache__', '.pytest_cache', '.mypy_cache', '.tox', '.venv', 'venv', 'env', 'site-packages',
  '.eggs', '.ipynb_checkpoints', '.idea', '.vscode-test', '.gradle', 'Pods', 'wandb', 'mlruns', 'lightning_logs',
]);

/** Text files worth reading, by extension: code, docs, manifests. */
const TEXT_EXTENSIONS = new Set([
  'py', 'pyx', 'pxd', 'pyi', 'ipynb', 'js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'c', 'h', 'cc', 'cpp', 'cxx', 'hpp',
  'hh', 'cu', 'cuh', 'rs', 'go', 'java', 'kt', 'kts', 'scala', 'swift', 'cs', 'fs', 'rb', 'php', 'lua', 'jl', 'r',
  'm', 'hs', 'ml', 'mli', 'sh', 'bash', 'zsh', 'md', 'markdown', 'rst', 'txt', 'tex', 'bib', 'toml', 'yaml', 'yml',
  'cfg', 'ini', 'json', 'mojo', 'triton', 'metal', 'wgsl', 'glsl', 'hlsl', 'proto', 'sql', 'dart', 'zig', 'nim',
]);

/** File names read whatever their extension (manifests, READMEs without one). */
const KNOWN_NAMES = new Set(['readme', 'requirements.txt', 'pipfile', 'dockerfile', 'makefile', 'cmakelists.txt', 'go.mod', 'cargo.toml', 'gemfile', 'description']);

/** Generated or bulky files that are not worth their bytes. */
const SKIPPED_FILES = /(?:^|\/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|pdm\.lock|uv\.lock|Cargo\.lock|go\.sum|composer\.lock|Gemfile\.lock|Pipfile\.lock|[^/]+\.min\.(?:js|css)|[^/]+\.(?:map|lock)|[^/]+_pb2(?:_grpc)?\.py|[^/]+\.pb\.go|[^/]+\.generated\.[a-z]+)$/i;

/** Whether a workspace-relative path may be read for the workspace's vocabulary (before `.gitignore`). */
export function isCandidatePath(relativePath: string): boolean {
  const parts = relativePath.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    const folder = parts[i]!;
    if (SKIPPED_FOLDERS.has(folder) || folder.endsWith('.egg-info')) return false;
  }
  if (SKIPPED_FILES.test(relativePath)) return false;
  const name = parts[parts.length - 1]!.toLowerCase();
  if (KNOWN_NAMES.has(name) || name.startsWith('readme')) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && TEXT_EXTENSIONS.has(name.slice(dot + 1));
}

/** The glob VS Code's `findFiles` can skip with, for the folders above (the rest is checked per path). */
export const SKIPPED_FOLDERS_GLOB = `**/{${[...SKIPPED_FOLDERS].join(',')}}/**`;

/** How much to read: files first, then bytes; each file is cut at `maxFileBytes`. */
export interface ReadBudget {
  readonly maxFiles: number;
  readonly maxBytes: number;
  readonly maxFileBytes: number;
}

export const defaultReadBudget: ReadBudget = { maxFiles: 20_000, maxBytes: 64 * 1024 * 1024, maxFileBytes: 512 * 1024 };

/**
 * The order to read candidates in when the budget may not cover them all: docs and manifests first (they say most
 * in fewest bytes), then shallow files before deep ones.
 */
export function readingOrder(paths: readonly string[]): string[] {
  const rank = (path: string) => {
    const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    const docs = name.startsWith('readme') || /\.(?:md|rst|bib|tex)$/.test(name) || isManifestName(name) ? 0 : 1;
    return docs * 1000 + path.split('/').length;
  };
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Dependency manifests read for their dependencies' names. */
export function isManifestName(name: string): boolean {
  return /^(?:requirements[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|package\.json|environment\.ya?ml|cargo\.toml|go\.mod|pipfile)$/i.test(name);
}

// ---- .gitignore ----------------------------------------------------------------------------------------------

interface IgnoreRule {
  readonly re: RegExp;
  readonly negated: boolean;
  readonly folderOnly: boolean;
}

function globToRegExp(glob: string, braces = false): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (braces && c === '{') {
      depth++;
      out += '(?:';
    } else if (braces && c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (braces && c === ',' && depth > 0) out += '|';
    else if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` any folders (or none); a trailing `**` everything below.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += `\\${glob[++i]}`;
    else out += /[.+^${}()|\\]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/**
 * The rules of one `.gitignore` file, found in folder `base` (relative, `''` for the root): the usual syntax
 * (`#` comments, `!` negation, a trailing `/` for folders, a `/` inside anchoring to `base`, `*`, `?`, `**`, `[..]`).
 */
export function parseGitignore(text: string, base = ''): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const prefix = base ? `${base.replace(/\/+$/, '')}/` : '';
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const folderOnly = line.endsWith('/');
    if (folderOnly) line = line.replace(/\/+$/, '');
    if (!line) continue;
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    const body = globToRegExp(line);
    const source = `^${escapeRegExp(prefix)}${anchored ? '' : '(?:.*/)?'}${body}$`;
    rules.push({ re: new RegExp(source), negated, folderOnly });
  }
  return rules;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for the globs of a VS Code setting (`files.exclude`, `search.exclude`; braces and double stars),
 * relative to the workspace folder: a path matches when it or one of its folders does.
 */
export function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  if (globs.length === 0) return () => false;
  const re = new RegExp(`^(?:${globs.map((g) => globToRegExp(g.replace(/^\.\//, '').replace(/\/+$/, ''), true)).join('|')})$`);
  return (relativePath) => {
    const parts = relativePath.split('/');
    for (let i = 1; i <= parts.length; i++) if (re.test(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

/** The `.gitignore` rules of a workspace, from all its `.gitignore` files. */
export class IgnoreRules {
  private readonly rules: IgnoreRule[] = [];

  /** Adds the rules of the `.gitignore` at `gitignorePath` (relative path of the file itself). */
  add(gitignorePath: string, text: string): void {
    const slash = gitignorePath.lastIndexOf('/');
    this.rules.push(...parseGitignore(text, slash < 0 ? '' : gitignorePath.slice(0, slash)));
  }

  get size(): number {
    return this.rules.length;
  }

  /** Whether a file is ignored, by its own name or by one of its folders' (the last matching rule wins, per git). */
  ignores(relativePath: string): boolean {
    if (this.rules.length === 0) return false;
    const parts = relativePath.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join('/');
      const isFolder = i < parts.length;
      let ignored = false;
      for (const rule of this.rules) {
        if (rule.folderOnly && !isFolder) continue;
        if (rule.re.test(path)) ignored = !rule.negated;
      }
      // Git never looks inside an ignored folder, so nothing below it can be re-included.
      if (ignored) return true;
    }
    return false;
  }
}
