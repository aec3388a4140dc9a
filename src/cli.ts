/**
 * `marginalia`: the core on the command line, for scripts and the benchmarks.
 *
 *   marginalia parse FILE            one paper (or bibliography entry, with its citation key) a line as JSON
 *   marginalia search FEED QUERY     the best matches, as a table or JSON lines (--json)
 *   marginalia bibtex FEED [ID...]   BibTeX for the given papers, or for every paper of the feed
 *   marginalia mcp [OPTIONS]         the agent tools over the Model Context Protocol (stdio), for a workspace
 *   marginalia rank FOLDER FEED      the feed's papers most relevant to the code in FOLDER, with why (JSON lines)
 *
 * FEED is a file (HF daily papers JSON, arXiv API Atom, arXiv RSS/Atom listings, OAI-PMH XML, the arXiv metadata
 * snapshot, a Daily Papers page as text) or `-` for standard input; `parse` also reads BibTeX/BibLaTeX, CSL-JSON and
 * Better BibTeX JSON, and streams a snapshot of any size (with --category, --from, --until, --query to filter it).
 */
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { papersToBibtex } from './core/bibtex';
import { importSnapshot, looksLikeSnapshot, type SnapshotFilter } from './core/feeds/arxivSnapshot';
import { FeedError } from './core/feeds/feedError';
import type { OaiHeader } from './core/feeds/oaiPmh';
import { decodeFeedBytes, parseFeed } from './core/feeds/parseFeed';
import type { LibraryEntry } from './core/library/libraryEntry';
import { parseLibrary } from './core/library/parseLibrary';
import type { FeedParseResult, Paper } from './core/paper';
import { looksLikeAbstractLines, parseAbstractLines } from './core/relevance/abstractLines';
import { buildProfile } from './core/relevance/profile';
import { RelevanceCorpus, formatReasons, rankPapers } from './core/relevance/rank';
import { collectFiles, type FolderReader } from './core/relevance/walk';
import { PaperIndex } from './core/search/paperIndex';
import { serveMcpOverStdio } from './cli/mcpServer';
import { nodeAgentDeps } from './cli/nodeAgentDeps';

const usage = `Usage:
  marginalia parse FILE [FILTER]             one paper or entry a line as JSON (entries keep their citation key)
  marginalia search FEED QUERY [--limit N] [--has-code] [--json]
  marginalia bibtex FEED [ID...]             BibTeX for these papers (default: all)
  marginalia mcp [--workspace DIR] [--feed FEED]... [--notes FOLDER] [--read-only]
                                             Marginalia's tools for agents, over MCP on stdio: search papers,
                                             get one with its notes, list the papers DIR cites, add a note,
                                             link code (default: the current folder, the bundled sample feed,
                                             notes in papers/)
  marginalia rank FOLDER FEED [--limit N]    papers most relevant to the code in FOLDER, with why (JSON lines)

FEED: a Hugging Face daily papers JSON file, an arXiv API Atom feed, an arXiv RSS or Atom listing, an OAI-PMH
response, the arXiv metadata snapshot (JSON Lines), JSON lines of papers ({id, title, authors, abstract, ...};
gzipped when it ends in .gz, for rank), or a Daily Papers page saved as text; "-" reads standard input.
FILE: a FEED, or a BibTeX/BibLaTeX file, a CSL-JSON library or a Better BibTeX JSON export.
FILTER (snapshots): --category C (repeatable; cs.LG or a whole archive such as math), --from YYYY-MM-DD,
--until YYYY-MM-DD, --query "WORDS".`;

class UsageError extends Error {}

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readFile: (path: string) => Uint8Array;
  /** Streams a file in chunks (for snapshots of several GB); without it the file is read whole. */
  readonly stream?: (path: string) => AsyncIterable<Uint8Array>;
}

/** What `parse` read: papers, or the entries of a bibliography, or the headers of an OAI ListIdentifiers. */
interface Loaded {
  readonly feed: FeedParseResult;
  readonly entries?: readonly LibraryEntry[];
  readonly headers?: readonly OaiHeader[];
}

const LIBRARY_KINDS = new Set(['a BibTeX file', 'a CSL JSON library (a reference manager export)', 'a Zotero (Better BibTeX) JSON export']);

function readBytes(path: string, io: Io): Uint8Array {
  try {
    return io.readFile(path === '-' ? '/dev/stdin' : path);
  } catch (error) {
    throw new FeedError('malformed', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Reads any file `parse` knows: a snapshot is streamed through the filter, a bibliography read as entries. */
async function loadAny(path: string | undefined, filter: SnapshotFilter, io: Io): Promise<Loaded> {
  if (!path) throw new UsageError('FILE is missing.');
  if (io.stream && path !== '-') {
    let head = '';
    try {
      for await (const chunk of io.stream(path)) {
        head = decodeFeedBytes(chunk.subarray(0, 100_000));
        break;
      }
    } catch (error) {
      throw new FeedError('malformed', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (looksLikeSnapshot(head.replace(/^\uFEFF/, '').trimStart())) {
      const feed = await importSnapshot(io.stream(path), filter, { maxPapers: Number.MAX_SAFE_INTEGER });
      io.err(`${path}: ${feed.lines} lines read, ${feed.matched} matching`);
      return { feed };
    }
  }
  const bytes = readBytes(path, io);
  try {
    const feed = parseFeed(bytes, { fileName: path });
    const headers = 'headers' in feed && Array.isArray(feed.headers) && feed.papers.length === 0 ? (feed.headers as OaiHeader[]) : undefined;
    return { feed, ...(headers ? { headers } : {}) };
  } catch (error) {
    if (!(error instanceof FeedError && error.kind === 'unrecognised-format' && LIBRARY_KINDS.has(error.got ?? ''))) throw error;
  }
  const library = await parseLibrary(decodeFeedBytes(bytes));
  return { feed: { format: 'library', papers: library.entries.map((e) => e.paper), skipped: library.skipped }, entries: library.entries };
}

/** A parsed feed; `json-lines` for lines of paper records (read by the relevance module's minimal reader). */
type CliFeed = Omit<FeedParseResult, 'format'> & { readonly format: FeedParseResult['format'] | 'json-lines' };

function load(path: string | undefined, io: Io): CliFeed {
  if (!path) throw new UsageError('FEED is missing.');
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(path === '-' ? '/dev/stdin' : path);
  } catch (error) {
    throw new FeedError('malformed', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  const result: CliFeed = looksLikeAbstractLines(head)
    ? { format: 'json-lines', ...parseAbstractLines(new TextDecoder().decode(bytes)) }
    : parseFeed(bytes, { fileName: path });
  if (result.skipped.length) {
    io.err(`${path}: ${result.skipped.length} entries skipped`);
    for (const s of result.skipped.slice(0, 10)) io.err(`  #${s.index}: ${s.reason}`);
  }
  return result;
}

/** The papers of a feed file, or of Marginalia's own papers JSON (`{"papers": [...]}`, as the bundled sample is). */
function loadPapers(path: string, io: Io): readonly Paper[] {
  const bytes = io.readFile(path);
  if (bytes[0] === 0x7b) {
    try {
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { papers?: unknown };
      if (
        Array.isArray(parsed.papers) &&
        parsed.papers.every(
          (p: unknown) => typeof p === 'object' && p !== null && typeof (p as Paper).id === 'string' && typeof (p as Paper).title === 'string',
        )
      ) {
        return parsed.papers as Paper[];
      }
    } catch {
      // Not that JSON: the feed parsers say what it is.
    }
  }
  return load(path, io).papers;
}

function takeOptions(args: string[], name: string): string[] {
  const values: string[] = [];
  for (let value = takeOption(args, name); value !== undefined; value = takeOption(args, name)) values.push(value);
  return values;
}

/** The bundled sample (`dist/sample-feed.json`, beside `dist/cli.js`; from a checkout, after `npm run build`). */
function bundledSample(): string | undefined {
  return [join(__dirname, 'sample-feed.json'), join(__dirname, '..', 'dist', 'sample-feed.json')].find((path) => existsSync(path));
}

async function mcp(args: string[], io: Io): Promise<void> {
  const readOnly = takeFlag(args, '--read-only');
  const workspace = resolve(takeOption(args, '--workspace') ?? '.');
  const notesFolder = takeOption(args, '--notes') ?? 'papers';
  const feeds = takeOptions(args, '--feed');
  if (args.length) throw new UsageError(`unexpected argument "${args[0]}".`);
  if (!statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--workspace ${workspace} is not a folder.`);
  const sample = feeds.length === 0 ? bundledSample() : undefined;
  if (feeds.length === 0 && !sample) throw new UsageError('no --feed given, and the bundled sample is not built (npm run build).');
  const files = feeds.length ? feeds.map((f) => resolve(f)) : [sample!];
  const byId = new Map<string, Paper>();
  for (const file of files) for (const paper of loadPapers(file, io)) if (!byId.has(paper.id)) byId.set(paper.id, paper);
  const label = feeds.length
    ? `${byId.size} papers of ${files.length === 1 ? files[0] : `${files.length} feed files`}`
    : `the bundled sample feed (${byId.size} papers)`;
  let deps;
  try {
    deps = nodeAgentDeps({ workspace, notesFolder, papers: [...byId.values()], feedLabel: label, readOnly });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  // Standard output is the protocol's: everything for people goes to standard error.
  io.err(`marginalia mcp: ${workspace}, notes in ${notesFolder}/, ${label}${readOnly ? ', read-only' : ''}`);
  await serveMcpOverStdio(deps, '0.1.0');
}

function takeFlag(args: string[], name: string): boolean {
  const at = args.indexOf(name);
  if (at < 0) return false;
  args.splice(at, 1);
  return true;
}

function takeOption(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined) throw new UsageError(`${name} needs a value.`);
  args.splice(at, 2);
  return value;
}

function short(paper: Paper): string {
  const first = paper.authors[0]?.name;
  const who = first ? (paper.authors.length > 1 ? `${first} et al.` : first) : '';
  return [paper.arxivId ?? paper.id, paper.title, who].filter(Boolean).join('  ');
}

async function search(args: string[], io: Io): Promise<void> {
  const json = takeFlag(args, '--json');
  const hasCode = takeFlag(args, '--has-code');
  const limitText = takeOption(args, '--limit');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number.');
  const [path, ...words] = args;
  const query = words.join(' ');
  if (!query.trim()) throw new UsageError('QUERY is missing.');
  const feed = load(path, io);
  const byId = new Map(feed.papers.map((p) => [p.id, p]));
  const index = await PaperIndex.build(feed.papers);
  const response = index.search(query, { prefix: true, limit, filter: hasCode ? { hasCode: true } : undefined });
  for (const hit of response.hits) {
    const paper = byId.get(hit.id)!;
    io.out(json ? JSON.stringify({ score: Number(hit.score.toFixed(3)), terms: hit.terms, paper }) : `${hit.score.toFixed(2).padStart(7)}  ${short(paper)}`);
  }
  io.err(`${response.total} matching of ${feed.papers.length} papers`);
}

/** A folder on disk for `collectFiles`; each file cut at the budget's size. */
function diskFolder(root: string): FolderReader {
  return {
    list: (path) => readdirSync(join(root, path), { withFileTypes: true }).map((e) => ({ name: e.name, folder: e.isDirectory() })),
    read: (path, maxBytes) => {
      const fd = openSync(join(root, path), 'r');
      try {
        const buffer = Buffer.alloc(maxBytes);
        return buffer.subarray(0, readSync(fd, buffer, 0, maxBytes, 0)).toString('utf8');
      } finally {
        closeSync(fd);
      }
    },
  };
}

function rank(args: string[], io: Io): void {
  const limitText = takeOption(args, '--limit');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number.');
  const [folder, path] = args;
  if (!folder) throw new UsageError('FOLDER is missing.');
  let collected;
  try {
    collected = collectFiles(diskFolder(folder));
  } catch (error) {
    throw new FeedError('malformed', `cannot read ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const feed = load(path, io);
  const byId = new Map(feed.papers.map((p) => [p.id, p]));
  const profile = buildProfile(collected.files);
  const ranked = rankPapers(RelevanceCorpus.build(feed.papers), profile, { limit });
  ranked.forEach((r, i) => {
    const paper = byId.get(r.id)!;
    io.out(
      JSON.stringify({
        rank: i + 1,
        score: r.score,
        id: r.id,
        ...(paper.arxivId ? { arxivId: paper.arxivId } : {}),
        title: paper.title,
        why: formatReasons(r.reasons),
        reasons: r.reasons,
      }),
    );
  });
  const over = collected.overBudget ? `, ${collected.overBudget} left unread (budget)` : '';
  io.err(`${folder}: ${collected.files.length} files read${over}; ${ranked.length} of ${feed.papers.length} papers shown`);
}

/** Runs the command line; returns the exit code (0 ok, 1 bad input, 2 bad usage). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  try {
    switch (command) {
      case 'parse': {
        const categories: string[] = [];
        for (let c = takeOption(args, '--category'); c !== undefined; c = takeOption(args, '--category'))
          categories.push(...c.split(/[\s,+]+/).filter(Boolean));
        const filter: SnapshotFilter = { categories, from: takeOption(args, '--from'), until: takeOption(args, '--until'), query: takeOption(args, '--query') };
        const { feed, entries, headers } = await loadAny(args[0], filter, io);
        if (feed.skipped.length) {
          io.err(`${args[0]}: ${feed.skipped.length} entries skipped`);
          for (const s of feed.skipped.slice(0, 10)) io.err(`  #${s.index}: ${s.reason}`);
        }
        if (entries) {
          for (const e of entries)
            io.out(
              JSON.stringify({
                key: e.key,
                entryType: e.type,
                ...e.paper,
                keywords: e.keywords,
                files: e.files,
                ...(e.url ? { url: e.url } : {}),
                ...(e.arxivIdFrom ? { arxivIdFrom: e.arxivIdFrom } : {}),
              }),
            );
          io.err(`${args[0]}: ${feed.format}, ${entries.length} entries, ${entries.filter((e) => e.paper.arxivId).length} with an arXiv id`);
          return 0;
        }
        if (headers) {
          for (const h of headers) io.out(JSON.stringify(h));
          io.err(`${args[0]}: ${feed.format}, ${headers.length} record headers`);
          return 0;
        }
        for (const paper of feed.papers) io.out(JSON.stringify(paper));
        if (feed.notice) io.err(`${args[0]}: ${feed.notice}`);
        io.err(`${args[0]}: ${feed.format}, ${feed.papers.length} papers, ${feed.papers.reduce((n, p) => n + p.repos.length, 0)} repo links`);
        return 0;
      }
      case 'search':
        await search(args, io);
        return 0;
      case 'mcp':
        await mcp(args, io);
        return 0;
      case 'rank':
        rank(args, io);
        return 0;
      case 'bibtex': {
        const [path, ...ids] = args;
        const feed = load(path, io);
        const wanted = ids.length ? ids.map((id) => feed.papers.find((p) => p.id === id || p.arxivId === id.replace(/v\d+$/, '')) ?? id) : feed.papers;
        const missing = wanted.filter((p): p is string => typeof p === 'string');
        if (missing.length) {
          io.err(`not in ${path}: ${missing.join(', ')}`);
          return 1;
        }
        io.out(papersToBibtex(wanted as Paper[]).trimEnd());
        return 0;
      }
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`marginalia: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof FeedError) {
      io.err(`marginalia: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  // `marginalia parse feed.json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    readFile: (path) => readFileSync(path),
    stream: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`marginalia: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
