/**
 * YAML front matter: finding it, reading it without losing anything, and editing one key at a time.
 *
 * Round-tripping is by construction: the front matter is never re-serialised as a whole. An edit
 * splices new text over the one value it changes (or appends one `key: value` line, or removes one
 * key's lines), so comments, key order, quoting, indentation and unknown keys elsewhere stay byte for
 * byte. Each splice is checked by parsing the result; if a layout defeats the splice (a flow mapping
 * as the whole front matter, an indented top-level mapping) we fall back to the `yaml` Document API,
 * which still keeps comments and order but may reformat.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, YAMLMap, type Node, type Pair } from 'yaml';
import { READING_STATUSES, type NoteMeta, type NoteProblem, type ReadingStatus } from './noteModel';

export type Eol = '\n' | '\r\n';

/** A JSON-like value a front matter key can be set to. */
export type FrontMatterValue = string | number | boolean | null | readonly FrontMatterValue[] | { readonly [key: string]: FrontMatterValue };

/** Why the front matter could not be read. Lines are 1-based lines of the whole file. */
export interface FrontMatterError {
  readonly kind: 'unterminated' | 'yaml' | 'not-a-mapping';
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Where the front matter sits in the file (offsets into the whole text). */
export interface FrontMatterBlock {
  /** Offset of the opening `---`. */
  readonly start: number;
  /** Offset of the first YAML character (after the opening line's break). */
  readonly yamlStart: number;
  /** Offset just after the YAML (the start of the closing delimiter line). */
  readonly yamlEnd: number;
  /** Offset just after the closing delimiter line, line break included: where the body starts. */
  readonly end: number;
  /** 1-based file line of the first YAML line. */
  readonly firstLine: number;
}

export interface FrontMatter {
  readonly block: FrontMatterBlock;
  /** The YAML text between the delimiters, exactly as in the file. */
  readonly yaml: string;
  /** Everything in the front matter as plain data (unknown keys included); empty when it has an error. */
  readonly data: Readonly<Record<string, unknown>>;
  readonly meta: NoteMeta;
  readonly error?: FrontMatterError;
  readonly problems: readonly NoteProblem[];
}

/** A thrown error with a reason the caller can show; edits throw only this. */
export class NoteEditError extends Error {
  override readonly name = 'NoteEditError';
  constructor(
    readonly code: 'front-matter-invalid' | 'cannot-edit' | 'unknown-note' | 'invalid-note',
    message: string,
  ) {
    super(message);
  }
}

const OPENING = /---[ \t]*\r?\n/y;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

const EMPTY_META: NoteMeta = { tags: [], repos: [] };

/**
 * Finds the front matter that starts at `offset` (after any BOM). Returns nothing when the text does
 * not open with `---`, and an `unterminated` error when it opens one that never closes.
 */
export function findFrontMatter(text: string, offset: number): { block?: FrontMatterBlock; error?: FrontMatterError } {
  OPENING.lastIndex = offset;
  const opening = OPENING.exec(text);
  if (!opening) return {};
  const yamlStart = offset + opening[0].length;
  let lineStart = yamlStart;
  let line = 2;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const content = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (CLOSING.test(content)) {
      return { block: { start: offset, yamlStart, yamlEnd: lineStart, end: newline === -1 ? text.length : newline + 1, firstLine: 2 } };
    }
    if (newline === -1) break;
    lineStart = newline + 1;
    line++;
  }
  return {
    error: {
      kind: 'unterminated',
      line: 1,
      column: 1,
      message: `the front matter opened with '---' on line 1 is never closed (expected a '---' line; ${line - 1} lines read)`,
    },
  };
}

interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly error?: { line: number; column: number; message: string; kind: 'yaml' | 'not-a-mapping' };
  readonly data: Record<string, unknown>;
}

/** First line of a `yaml` message, without the position it repeats. */
function cleanMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

function parseYaml(yaml: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = lines.linePos(first.pos[0]);
    return { doc, lines, data: {}, error: { kind: 'yaml', line: pos.line, column: pos.col, message: cleanMessage(first.message) } };
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    const pos = lines.linePos(contents.range?.[0] ?? 0);
    return {
      doc,
      lines,
      data: {},
      error: { kind: 'not-a-mapping', line: pos.line, column: pos.col, message: 'the front matter must be a mapping of keys to values' },
    };
  }
  try {
    const js: unknown = doc.toJS({ maxAliasCount: 100 });
    return { doc, lines, data: js !== null && typeof js === 'object' ? (js as Record<string, unknown>) : {} };
  } catch (e) {
    // Unresolved aliases and alias bombs only show up when values are built.
    return { doc, lines, data: {}, error: { kind: 'yaml', line: 1, column: 1, message: e instanceof Error ? cleanMessage(e.message) : String(e) } };
  }
}

/** Reads the front matter of a block: data, typed meta, and either an error or problems. */
export function readFrontMatter(text: string, block: FrontMatterBlock): FrontMatter {
  const yaml = text.slice(block.yamlStart, block.yamlEnd);
  const parsed = parseYaml(yaml);
  if (parsed.error) {
    const { kind, line, column, message } = parsed.error;
    return { block, yaml, data: {}, meta: EMPTY_META, problems: [], error: { kind, line: block.firstLine + line - 1, column, message } };
  }
  const problems: NoteProblem[] = [];
  const map = isMap(parsed.doc.contents) ? parsed.doc.contents : undefined;
  const lineOf = (node: Node | null | undefined): number => block.firstLine + parsed.lines.linePos(node?.range?.[0] ?? 0).line - 1;
  const node = (key: string): Node | null | undefined => findPair(map, key)?.value as Node | null | undefined;

  const str = (key: string): string | undefined => {
    const n = node(key);
    if (n === undefined || n === null) return undefined;
    const s = scalarText(n);
    if (s === undefined) problems.push({ line: lineOf(n), message: `${key} should be text` });
    return s;
  };
  const list = (key: string): string[] => {
    const n = node(key);
    if (n === undefined || n === null) return [];
    if (isScalar(n)) {
      const s = scalarText(n);
      return s === undefined || s === '' ? [] : [s];
    }
    if (isSeq(n)) {
      const out: string[] = [];
      for (const item of n.items) {
        const s = scalarText(item as Node);
        if (s === undefined) problems.push({ line: lineOf(item as Node), message: `each of ${key} should be text` });
        else out.push(s);
      }
      return out;
    }
    problems.push({ line: lineOf(n), message: `${key} should be a list` });
    return [];
  };

  const statusText = str('status');
  let status: ReadingStatus | undefined;
  if (statusText !== undefined && statusText !== '') {
    if ((READING_STATUSES as readonly string[]).includes(statusText)) status = statusText as ReadingStatus;
    else problems.push({ line: lineOf(node('status')), message: `status should be one of ${READING_STATUSES.join(', ')}, not '${statusText}'` });
  }
  const meta: NoteMeta = {
    id: str('id'),
    title: str('title'),
    url: str('url'),
    status,
    tags: list('tags'),
    repos: list('repos'),
    added: str('added'),
    updated: str('updated'),
  };
  return { block, yaml, data: parsed.data, meta: dropUndefined(meta), problems };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A scalar as the text the user wrote: `id: 2312.00750` is the string `2312.00750`, not the number
 * 2312.0075, and `title: 1984` is `1984`. Null and non-scalars give undefined.
 */
function scalarText(node: Node | null): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.type === Scalar.PLAIN && typeof node.source === 'string') return node.source;
  return String(node.value);
}

function findPair(map: YAMLMap | undefined, key: string): Pair | undefined {
  return map?.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

// ---------------------------------------------------------------------------------------------------
// Editing

const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Renders `key: value` (no trailing line break) in the style of the node it replaces, if any. */
function renderPair(key: string, value: FrontMatterValue, original: Node | null | undefined, eol: Eol, indentSeq: boolean): string {
  const doc = new Document();
  const node = doc.createNode(value) as Node;
  const map = new YAMLMap();
  map.add(doc.createPair(key, node));
  doc.contents = map;
  const render = (): string => doc.toString({ ...STRINGIFY, indentSeq }).replace(/\n$/, '');
  // Keep the user's quoting; yaml falls back to a safe style when the value needs one.
  if (isScalar(node) && isScalar(original) && typeof value === 'string' && original.type !== undefined) node.type = original.type;
  if (isSeq(node)) {
    if (node.items.length === 0) node.flow = true;
    else if (isSeq(original)) node.flow = original.flow === true;
    else {
      // New lists: `[a, b]` on the key's line when short, a block list when long.
      node.flow = true;
      const flat = render();
      node.flow = flat.length <= 80 && !flat.includes('\n');
    }
  }
  return render().replace(/\n/g, eol);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether `yaml` parses cleanly to `expected` (what the edit meant) . */
function editIsCorrect(yaml: string, expected: Record<string, unknown>): boolean {
  const parsed = parseYaml(yaml);
  return parsed.error === undefined && deepEqual(parsed.data, expected);
}

function expectedAfter(data: Readonly<Record<string, unknown>>, key: string, value: FrontMatterValue | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  if (value === undefined) delete out[key];
  else out[key] = JSON.parse(JSON.stringify(value)) as unknown;
  return out;
}

/** Offset just after the `:` that follows a key, or -1. */
function colonAfter(yaml: string, from: number): number {
  const m = /^[ \t]*:/.exec(yaml.slice(from));
  return m ? from + m[0].length : -1;
}

/** End of a value node's own text: its range without the line break a block node includes. */
function valueEnd(yaml: string, node: Node): number {
  let end = node.range?.[1] ?? 0;
  while (end > 0 && (yaml[end - 1] === '\n' || yaml[end - 1] === '\r')) end--;
  return end;
}

function lineStartOf(yaml: string, offset: number): number {
  return yaml.lastIndexOf('\n', offset - 1) + 1;
}

/** The splice for setting one key, or undefined when this layout needs the fallback. */
function spliceSet(yaml: string, doc: Document.Parsed, key: string, value: FrontMatterValue, eol: Eol): string | undefined {
  const contents = doc.contents;
  const map = isMap(contents) ? contents : undefined;
  if (contents !== null && !map && !(isScalar(contents) && contents.value === null)) return undefined;
  if (map?.flow) return undefined;
  const pair = findPair(map, key);
  if (!pair) {
    // Append a new line at the end of the YAML, which always ends with a line break or is empty.
    const prefix = yaml.length === 0 || yaml.endsWith('\n') ? '' : eol;
    return `${yaml}${prefix}${renderPair(key, value, undefined, eol, true)}${eol}`;
  }
  const keyNode = pair.key as Node;
  const colon = colonAfter(yaml, keyNode.range?.[1] ?? 0);
  if (colon === -1) return undefined;
  const original = pair.value as Node | null;
  let indentSeq = true;
  if (isSeq(original) && !original.flow && original.range) {
    indentSeq = original.range[0] - lineStartOf(yaml, original.range[0]) > 0;
  }
  const rendered = renderPair(key, value, original, eol, indentSeq);
  const keyText = new Document(key).toString(STRINGIFY).replace(/\n$/, '');
  if (!rendered.startsWith(`${keyText}:`)) return undefined;
  const rest = rendered.slice(keyText.length + 1);
  const start = original?.range?.[0] ?? colon;
  const end = original ? Math.max(valueEnd(yaml, original), start) : colon;
  const between = yaml.slice(colon, start);
  if (rest.startsWith(' ') && start > colon && /^[ \t]+$/.test(between)) {
    // Same line as the key: keep the user's spacing after the colon.
    return yaml.slice(0, start) + rest.trimStart() + yaml.slice(end);
  }
  return yaml.slice(0, colon) + rest + yaml.slice(end);
}

/** The splice for removing one key's lines, or undefined when this layout needs the fallback. */
function spliceRemove(yaml: string, doc: Document.Parsed, key: string): string | undefined {
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return yaml;
  const map = isMap(contents) ? contents : undefined;
  if (!map || map.flow) return undefined;
  const pair = findPair(map, key);
  if (!pair) return yaml;
  const keyStart = (pair.key as Node).range?.[0] ?? 0;
  const start = lineStartOf(yaml, keyStart);
  if (yaml.slice(start, keyStart).trim() !== '') return undefined;
  const value = pair.value as Node | null;
  let end = value?.range?.[2] ?? (pair.key as Node).range?.[2] ?? keyStart;
  if (end > 0 && yaml[end - 1] !== '\n') {
    const newline = yaml.indexOf('\n', end);
    end = newline === -1 ? yaml.length : newline + 1;
  }
  return yaml.slice(0, start) + yaml.slice(end);
}

/** Whole-document fallback: keeps comments and key order, may reformat. */
function documentSet(yaml: string, key: string, value: FrontMatterValue | undefined, eol: Eol): string {
  const doc = parseDocument(yaml);
  if (value === undefined) doc.delete(key);
  else doc.set(key, doc.createNode(value));
  return doc.toString(STRINGIFY).replace(/\r?\n/g, eol);
}

/**
 * The front matter YAML after setting `key` to `value` (or removing it when `value` is undefined).
 * Throws `NoteEditError` when the front matter is not valid YAML: editing it blind could destroy it.
 */
export function editFrontMatterYaml(yaml: string, key: string, value: FrontMatterValue | undefined, eol: Eol): string {
  const parsed = parseYaml(yaml);
  if (parsed.error) {
    throw new NoteEditError('front-matter-invalid', `the front matter cannot be edited until it is fixed: line ${parsed.error.line}: ${parsed.error.message}`);
  }
  const expected = expectedAfter(parsed.data, key, value);
  const spliced = value === undefined ? spliceRemove(yaml, parsed.doc, key) : spliceSet(yaml, parsed.doc, key, value, eol);
  if (spliced !== undefined && editIsCorrect(spliced, expected)) return spliced;
  let rewritten: string | undefined;
  try {
    rewritten = documentSet(yaml, key, value, eol);
  } catch {
    rewritten = undefined;
  }
  if (rewritten !== undefined && editIsCorrect(rewritten, expected)) return rewritten;
  throw new NoteEditError('cannot-edit', `could not set '${key}' in the front matter without changing other keys`);
}

/** A new front matter block (delimiters included) with the given keys, in order. */
export function renderFrontMatter(entries: readonly (readonly [string, FrontMatterValue])[], eol: Eol): string {
  let yaml = '';
  for (const [key, value] of entries) yaml += renderPair(key, value, undefined, eol, true) + eol;
  return `---${eol}${yaml}---${eol}`;
}
