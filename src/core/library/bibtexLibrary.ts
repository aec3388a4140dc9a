/**
 * BibTeX and BibLaTeX files (Zotero Better BibTeX, Mendeley, JabRef, Google Scholar, DBLP, INSPIRE, Crossref,
 * arXiv's own export) read with @retorquere/bibtex-parser, the parser Better BibTeX itself uses: it knows the
 * LaTeX of both dialects, `@string` macros, name lists and verbatim fields.
 *
 * The parser is thorough but not fast (about 3 ms an entry), and a Zotero library can have 10,000 entries, so the
 * file is cut into entries first (a brace-matching scan) and parsed a chunk of about 16 KB at a time, giving the
 * thread back between chunks: the extension host never blocks for more than a few tens of milliseconds, and a long
 * import reports progress and can be cancelled. `@string`s are read first and passed to every chunk.
 *
 * The parser is loaded on first use (`import()`): its CommonJS build needs an ESM-only dependency, and nothing else
 * should pay for loading it.
 */
import type { Creator, Entry, Library, Options } from '@retorquere/bibtex-parser';
import type { SkippedEntry } from '../paper';
import type { LibraryEntry, LibraryParseOptions, LibraryParseResult } from './libraryEntry';
import { LibraryRecord, parseFileField, recordToEntry } from './libraryRecord';

/** One `@type{…}` or `@type(…)` block of the file. */
export interface BibtexBlock {
  /** Lower-case type: `article`, `string`, `comment`, `preamble`… */
  readonly type: string;
  readonly text: string;
}

/**
 * The file cut into its `@` blocks, by brace matching (BibTeX's own rule: a value's braces balance). Text between
 * blocks is a comment to BibTeX and is dropped. An unclosed last block runs to the end of the file.
 */
export function splitBibtex(input: string): BibtexBlock[] {
  const blocks: BibtexBlock[] = [];
  const head = /@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])/g;
  let at = 0;
  while (at < input.length) {
    head.lastIndex = at;
    const m = head.exec(input);
    if (!m) break;
    const start = m.index;
    const open = m[2]!;
    let depth = 0;
    let end = input.length;
    for (let i = m.index + m[0].length; i < input.length; i++) {
      const ch = input.charCodeAt(i);
      if (ch === 0x5c /* \ */) {
        i++;
        continue;
      }
      if (ch === 0x7b /* { */) depth++;
      else if (ch === 0x7d /* } */) {
        if (depth === 0 && open === '{') {
          end = i + 1;
          break;
        }
        depth = Math.max(0, depth - 1);
      } else if (ch === 0x29 /* ) */ && open === '(' && depth === 0) {
        end = i + 1;
        break;
      } else if (ch === 0x40 /* @ */ && (i === 0 || /\n[ \t]*$/.test(input.slice(Math.max(0, i - 100), i))) && ENTRY_START.test(input.slice(i, i + 300))) {
        // An entry left unclosed: the next one starts at a line's beginning, outside any braces of its own.
        end = i;
        break;
      }
    }
    blocks.push({ type: m[1]!.toLowerCase(), text: input.slice(start, end) });
    at = end;
  }
  return blocks;
}

/** `@type{key,` at the start of a line: a new entry, even inside the braces of one left unclosed. */
const ENTRY_START = /^@[ \t]*[A-Za-z][\w-]*[ \t]*[{(][ \t]*[^\s,{}()="#%]+[ \t]*,/;

type Parse = (input: string, options?: Options) => Library;
let parser: Promise<Parse> | undefined;

function loadParser(): Promise<Parse> {
  parser ??= import('@retorquere/bibtex-parser').then((m) => m.parse);
  return parser;
}

const CHUNK_CHARS = 16_000;

function parserOptions(strings: Record<string, string>): Options {
  // No sentence-casing and no case-protection markup: titles as written, as plain text.
  return { english: false, caseProtection: false, unsupported: 'ignore', strings, removeOuterBraces: ['title', 'booktitle', 'journal', 'journaltitle'] };
}

/** Parses a BibTeX or BibLaTeX file. Never throws for bad input: unreadable entries are skipped with a reason. */
export async function parseBibtexLibrary(input: string, options: LibraryParseOptions = {}): Promise<LibraryParseResult> {
  const parse = await loadParser();
  const pause = options.yieldControl ?? (() => Promise.resolve());
  const blocks = splitBibtex(input);
  const strings: Record<string, string> = {};
  for (const block of blocks) {
    if (block.type !== 'string') continue;
    try {
      Object.assign(strings, parse(block.text, parserOptions(strings)).strings);
    } catch {
      // A broken @string only matters to the entries that use it.
    }
  }
  const entryBlocks = blocks.filter((b) => b.type !== 'string' && b.type !== 'comment' && b.type !== 'preamble');
  const entries: LibraryEntry[] = [];
  const skipped: SkippedEntry[] = [];
  let index = 0;
  while (index < entryBlocks.length) {
    if (options.signal?.aborted) throw new DOMException('The import was cancelled.', 'AbortError');
    let size = 0;
    const chunk: BibtexBlock[] = [];
    while (index + chunk.length < entryBlocks.length && (chunk.length === 0 || size < CHUNK_CHARS)) {
      const block = entryBlocks[index + chunk.length]!;
      chunk.push(block);
      size += block.text.length;
    }
    readChunk(parse, chunk, index, strings, entries, skipped);
    index += chunk.length;
    options.onProgress?.(index, entryBlocks.length);
    if (index < entryBlocks.length) await pause();
  }
  return { format: 'bibtex', entries, skipped };
}

function readChunk(
  parse: Parse,
  chunk: readonly BibtexBlock[],
  offset: number,
  strings: Record<string, string>,
  entries: LibraryEntry[],
  skipped: SkippedEntry[],
): void {
  let parsed: Entry[] | undefined;
  try {
    const lib = parse(chunk.map((b) => b.text).join('\n'), parserOptions(strings));
    if (lib.entries.length === chunk.length) parsed = lib.entries;
  } catch {
    // Read one by one below, to name the entry at fault.
  }
  if (!parsed) {
    chunk.forEach((block, i) => {
      try {
        const lib = parse(block.text, parserOptions(strings));
        const entry = lib.entries[0];
        if (entry) add(entry, offset + i, entries, skipped);
        else
          skipped.push({
            index: offset + i,
            reason: `unreadable entry${lib.errors[0] ? `: ${lib.errors[0].error.slice(0, 200)}` : ''} (${block.text.slice(0, 60).replace(/\s+/g, ' ')})`,
          });
      } catch (error) {
        skipped.push({ index: offset + i, reason: `unreadable entry: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}` });
      }
    });
    return;
  }
  parsed.forEach((entry, i) => add(entry, offset + i, entries, skipped));
}

function add(entry: Entry, index: number, entries: LibraryEntry[], skipped: SkippedEntry[]): void {
  const result = recordToEntry(toRecord(entry));
  if (typeof result === 'string') skipped.push({ index, reason: result });
  else entries.push(result);
}

function creatorName(c: Creator): string {
  if (c.name !== undefined) return c.name;
  const name = [c.firstName, c.prefix, c.lastName].filter((p) => p !== undefined && p !== '').join(' ');
  return c.suffix ? `${name}, ${c.suffix}` : name;
}

function toRecord(entry: Entry): LibraryRecord {
  const f = entry.fields;
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(f)) {
    if (typeof value === 'string') fields[name.toLowerCase()] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) fields[name.toLowerCase()] = (value as string[]).join(', ');
  }
  const date = fields['date']?.trim();
  const year = fields['year']?.trim() || (date && /^(-?\d{4})/.exec(date)?.[1]) || undefined;
  const keywords = [...(f.keywords ?? []), ...(fields['mendeley-tags']?.split(/\s*,\s*/) ?? [])];
  const categories = (fields['primaryclass'] ?? fields['eprintclass'] ?? '').split(/[\s,;]+/).filter(Boolean);
  const venue = fields['journal'] ?? fields['journaltitle'] ?? fields['booktitle'] ?? fields['eventtitle'] ?? fields['series'];
  const authors = (f.author ?? f.editor ?? []).map(creatorName);
  return {
    key: entry.key,
    type: entry.type,
    title: fields['title'] ?? '',
    authors,
    abstract: fields['abstract'],
    year,
    date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined,
    venue,
    doi: fields['doi'],
    url: fields['url'],
    keywords,
    files: parseFileField(fields['file'] ?? fields['pdf']),
    categories,
    fields,
  };
}
