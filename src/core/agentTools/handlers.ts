/**
 * The agent tools themselves, as pure functions over the ports: input checks, the work, and the answer as concise
 * text with stable ids (paper ids, note ids, `path:line`). The extension's language model tools and the command
 * line's MCP server both call `runAgentTool`; the writing tools' confirmation comes from `confirmAgentTool`.
 */
import { parseArxivId } from '../arxivId';
import { codeLocationLabel, isSafeCodePath, snippetOf } from '../links/codeAnchor';
import { refindCodeRange, splitLines } from '../links/refindRange';
import { quoteSelectorAt } from '../anchors/textQuote';
import { READING_STATUS_LABELS, type Note } from '../notes/noteModel';
import type { Paper } from '../paper';
import type { AgentCitation, AgentNoteFile, AgentToolDeps } from './ports';
import { agentToolSpec, type AgentToolName } from './specs';

/** Bad input from the model: the message says what to send instead. */
export class AgentToolInputError extends Error {}

/** What a writing tool asks the user before it runs. */
export interface AgentToolConfirmation {
  readonly title: string;
  readonly message: string;
}

type Input = Readonly<Record<string, unknown>>;

function asInput(input: unknown): Input {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AgentToolInputError('The input must be a JSON object.');
  return input as Input;
}

function text(input: Input, key: string, required: true): string;
function text(input: Input, key: string, required: false): string | undefined;
function text(input: Input, key: string, required: boolean): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) {
    if (required) throw new AgentToolInputError(`"${key}" is missing.`);
    return undefined;
  }
  if (typeof value !== 'string') throw new AgentToolInputError(`"${key}" must be a string.`);
  if (required && value.trim() === '') throw new AgentToolInputError(`"${key}" is empty.`);
  return value;
}

function whole(input: Input, key: string, fallback: number | undefined, min: number, max: number): number {
  const value = input[key];
  if (value === undefined || value === null) {
    if (fallback === undefined) throw new AgentToolInputError(`"${key}" is missing.`);
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new AgentToolInputError(`"${key}" must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

const oneLine = (s: string, max = 200): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function authorsShort(paper: Paper, count = 3): string {
  const names = paper.authors.map((a) => a.name);
  if (names.length === 0) return '';
  return names.length > count ? `${names.slice(0, count).join(', ')} et al.` : names.join(', ');
}

function paperDate(paper: Paper): string | undefined {
  return (paper.published ?? paper.dailyDate ?? paper.year)?.slice(0, 10);
}

function libraryLine(file: AgentNoteFile | undefined): string | undefined {
  if (!file) return undefined;
  const status = file.doc.meta.status;
  const parts = [status ? READING_STATUS_LABELS[status].toLowerCase() : 'in library', `${file.doc.notes.length} note${file.doc.notes.length === 1 ? '' : 's'}`];
  if (file.doc.meta.tags.length) parts.push(`tags ${file.doc.meta.tags.join(', ')}`);
  return `library: ${parts.join(', ')}`;
}

function paperLine(paper: Paper, file: AgentNoteFile | undefined): string {
  const repo = paper.repos.find((r) => r.kind !== 'project-page') ?? paper.repos[0];
  const parts = [
    paper.id,
    oneLine(paper.title, 160),
    authorsShort(paper),
    paperDate(paper),
    repo ? `code: ${repo.url.replace(/^https?:\/\//, '')}` : undefined,
    libraryLine(file),
  ];
  return `- ${parts.filter((p) => p).join(' · ')}`;
}

/** Words of a text, lower case, accents kept apart (`é` → `e`). */
function words(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Note files whose title, tags or notes have every word of the query (as a prefix of one of their words). */
function matchingNotes(files: readonly AgentNoteFile[], query: string): AgentNoteFile[] {
  const wanted = words(query);
  if (wanted.length === 0) return [];
  return files.filter((file) => {
    const meta = file.doc.meta;
    const own = words([file.paperId, meta.title ?? '', ...meta.tags, ...file.doc.notes.map((n) => `${n.heading} ${n.text} ${n.quote?.exact ?? ''}`)].join(' '));
    return wanted.every((w) => own.some((o) => o.startsWith(w)));
  });
}

/** A paper rebuilt from its note's front matter, for a paper no feed has. */
function paperFromNote(file: AgentNoteFile): Paper {
  const meta = file.doc.meta;
  return {
    id: file.paperId,
    title: meta.title ?? file.paperId,
    authors: [],
    abstract: '',
    categories: [],
    links: meta.url ? { abs: meta.url } : {},
    repos: [],
    source: 'library',
  };
}

async function searchPapers(deps: AgentToolDeps, input: Input): Promise<string> {
  const query = text(input, 'query', true);
  const limit = whole(input, 'limit', 10, 1, 50);
  const [found, files] = await Promise.all([deps.papers.search(query, limit), deps.notes.list()]);
  const byId = new Map(files.map((f) => [f.paperId, f]));
  const lines = found.papers.slice(0, limit).map((p) => paperLine(p, byId.get(p.id)));
  const shown = new Set(found.papers.map((p) => p.id));
  const fromLibrary = matchingNotes(files, query).filter((f) => !shown.has(f.paperId));
  for (const file of fromLibrary.slice(0, Math.max(0, limit - lines.length)))
    lines.push(paperLine((await deps.papers.find(file.paperId)) ?? paperFromNote(file), file));
  const where = `Searched ${found.searched} and ${files.length} note file${files.length === 1 ? '' : 's'} of the library.`;
  if (lines.length === 0) return `No paper matches "${query}". ${where}`;
  return [`${lines.length} paper${lines.length === 1 ? '' : 's'} for "${query}" (ids first; pass one to marginalia_get_paper):`, ...lines, where].join('\n');
}

/** The paper by id from the feeds or, failing that, from its note; throws when neither knows it. */
async function knownPaper(deps: AgentToolDeps, id: string): Promise<{ paper: Paper; file: AgentNoteFile | undefined }> {
  // `arXiv:2312.00752v2` and arXiv or Hugging Face links name the paper `2312.00752`; other ids are taken as they are.
  const wanted = id.trim().startsWith('title:') ? id.trim() : (parseArxivId(id)?.id ?? id.trim());
  const [paper, file] = await Promise.all([deps.papers.find(wanted), deps.notes.get(wanted)]);
  if (paper) return { paper, file };
  if (file) return { paper: paperFromNote(file), file };
  throw new AgentToolInputError(`Marginalia does not know the paper "${id}". Use marginalia_search_papers or marginalia_list_cited_papers to find its id.`);
}

function noteSummary(note: Note): string {
  const parts = [`note ${note.id || '(no id)'}`];
  if (note.heading && note.kind === 'general') parts.push(`“${oneLine(note.heading, 120)}”`);
  if (note.quote) parts.push(`on “${oneLine(note.quote.exact, 160)}”${note.source ? ` (in the ${note.source})` : ''}`);
  const body = oneLine(note.text, 400);
  return `- ${parts.join(' ')}${body ? `: ${body}` : ''}`;
}

async function codeSummary(deps: AgentToolDeps, note: Note): Promise<string> {
  const code = note.code!;
  const recorded = codeLocationLabel(code.path, code.lines, code.root);
  const current = await deps.workspace.readText(code.path, code.root);
  let where: string;
  if (current === undefined) where = 'file not found in this workspace';
  else {
    const found = refindCodeRange(code.snippet, code.lines, current);
    if (found.state === 'lost' || !found.lines) where = 'code not found any more; showing the recorded lines';
    else if (found.lines.start === code.lines.start && found.lines.end === code.lines.end) where = found.state === 'same' ? 'unchanged' : 'edited since';
    else where = `now at ${codeLocationLabel(code.path, found.lines, code.root)}${found.state === 'same' ? '' : ', edited since'}`;
  }
  const comment = oneLine(note.text, 300);
  return `- note ${note.id}: ${recorded} (${where})${comment ? `: ${comment}` : ''}`;
}

async function getPaper(deps: AgentToolDeps, input: Input): Promise<string> {
  const { paper, file } = await knownPaper(deps, text(input, 'id', true));
  const out: string[] = [
    `# ${oneLine(paper.title, 300)}`,
    `id: ${paper.id}${paper.arxivId ? ` (arXiv ${paper.arxivId}${paper.version ? `v${paper.version}` : ''})` : ''}`,
  ];
  if (paper.authors.length) out.push(`authors: ${authorsShort(paper, 12)}`);
  const dates = [
    paper.published && `published ${paper.published.slice(0, 10)}`,
    paper.updated && `updated ${paper.updated.slice(0, 10)}`,
    paper.dailyDate && `on Hugging Face ${paper.dailyDate}`,
    paper.venue,
  ];
  if (dates.some(Boolean)) out.push(`dates: ${dates.filter(Boolean).join('; ')}`);
  const links = Object.entries(paper.links).filter(([, url]) => url);
  if (links.length) out.push(`links: ${links.map(([k, url]) => `${k} ${url}`).join(' · ')}`);
  if (paper.repos.length) out.push('repositories:', ...paper.repos.map((r) => `- ${r.url}${r.stars !== undefined ? ` (${r.stars} stars)` : ''}`));
  if (paper.abstract) out.push('', '## Abstract', paper.abstract.trim());
  if (paper.aiSummary) out.push('', '## AI summary (from the feed)', paper.aiSummary.trim());

  out.push('', '## In the library');
  if (!file) out.push('Not in the library: no note file. marginalia_add_note creates one.');
  else {
    const meta = file.doc.meta;
    out.push(
      `note file: ${file.path}`,
      `status: ${meta.status ? READING_STATUS_LABELS[meta.status].toLowerCase() : 'none'}; tags: ${meta.tags.length ? meta.tags.join(', ') : 'none'}`,
    );
    const notes = file.doc.notes;
    const plain = notes.filter((n) => n.kind === 'general' || n.kind === 'quote');
    const highlights = notes.filter((n) => n.kind === 'pdf');
    const code = notes.filter((n) => n.kind === 'code' && n.code);
    out.push('', `## Notes (${plain.length})`, ...plain.map(noteSummary));
    if (highlights.length) {
      out.push('', `## PDF highlights (${highlights.length})`);
      for (const h of highlights)
        out.push(`${noteSummary(h).replace(/^- note (\S+)/, `- note $1 (page ${h.pdf?.page ?? '?'}${h.pdf?.colour ? `, ${h.pdf.colour}` : ''})`)}`);
    }
    out.push('', `## Linked code (${code.length})`, ...(await Promise.all(code.map((n) => codeSummary(deps, n)))));
  }
  if (paper.arxivId) {
    const { citations } = await deps.workspace.citations();
    const own = file?.path;
    const here = citations.filter((c) => c.arxivId === paper.arxivId && c.path !== own);
    out.push('', `## Cited in this workspace (${here.length} file${here.length === 1 ? '' : 's'})`, ...here.slice(0, 50).map(citationLine));
  }
  return out.join('\n');
}

function citationLine(c: AgentCitation): string {
  return `- ${c.path}:${c.line}${c.count > 1 ? ` (${c.count} mentions)` : ''}: ${oneLine(c.text, 160)}`;
}

async function listCitedPapers(deps: AgentToolDeps, input: Input): Promise<string> {
  const limit = whole(input, 'limit', 50, 1, 200);
  const [{ citations, limited }, files] = await Promise.all([deps.workspace.citations(), deps.notes.list()]);
  // A paper's own note file cites it in its front matter: that is not the code citing it.
  const notePaths = new Set(files.map((f) => f.path));
  const byPaper = new Map<string, AgentCitation[]>();
  for (const c of citations) {
    if (notePaths.has(c.path)) continue;
    byPaper.set(c.arxivId, [...(byPaper.get(c.arxivId) ?? []), c]);
  }
  const ranked = [...byPaper].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  if (ranked.length === 0) return `No file of this workspace cites an arXiv paper.${limited ? ` ${limited}` : ''}`;
  const byId = new Map(files.map((f) => [f.paperId, f]));
  const out = [`${ranked.length} paper${ranked.length === 1 ? '' : 's'} cited in this workspace${ranked.length > limit ? ` (the ${limit} most cited)` : ''}:`];
  for (const [id, where] of ranked.slice(0, limit)) {
    const paper = await deps.papers.find(id);
    const file = byId.get(id);
    const title = paper?.title ?? file?.doc.meta.title;
    const head = [id, title ? oneLine(title, 160) : 'title unknown (not in a loaded feed)', libraryLine(file)].filter(Boolean).join(' · ');
    const sorted = [...where].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
    out.push(`- ${head}`, ...sorted.slice(0, 20).map((c) => `  ${citationLine(c).slice(2)}`));
    if (sorted.length > 20) out.push(`  … and ${sorted.length - 20} more files`);
  }
  if (limited) out.push(limited);
  return out.join('\n');
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function checkWritable(deps: AgentToolDeps): void {
  const check = deps.notes.writable();
  if (!check.ok) throw new AgentToolInputError(`Nothing was written: ${check.reason}`);
}

interface NoteRequest {
  readonly paper: Paper;
  readonly text: string;
  readonly heading?: string;
  readonly quote?: { readonly exact: string; readonly prefix?: string; readonly suffix?: string };
}

async function noteRequest(deps: AgentToolDeps, input: Input): Promise<NoteRequest> {
  const { paper } = await knownPaper(deps, text(input, 'paperId', true));
  const body = text(input, 'text', true).trim();
  const heading = text(input, 'heading', false)?.replace(/\s+/g, ' ').trim() || undefined;
  const quoted = text(input, 'quote', false)?.trim();
  if (!quoted) return { paper, text: body, heading };
  const at = paper.abstract.indexOf(quoted);
  if (at < 0)
    throw new AgentToolInputError(
      `The quote is not in the abstract of ${paper.id} as given: copy a passage of the abstract exactly (marginalia_get_paper shows it), or leave "quote" out.`,
    );
  return { paper, text: body, heading, quote: quoteSelectorAt(paper.abstract, at, at + quoted.length) };
}

async function addNote(deps: AgentToolDeps, input: Input): Promise<string> {
  checkWritable(deps);
  const request = await noteRequest(deps, input);
  let id = '';
  const created = isoSeconds((deps.now ?? (() => new Date()))());
  const file = await deps.notes.edit(request.paper, (doc) => {
    id = doc.newNoteId();
    return doc.addNote({
      id,
      kind: request.quote ? 'quote' : 'general',
      text: request.text,
      ...(request.heading ? { heading: request.heading } : {}),
      ...(request.quote ? { quote: request.quote } : {}),
      created,
    });
  });
  return `Added note ${id} to ${request.paper.id} (“${oneLine(request.paper.title, 120)}”) in ${file.path}.`;
}

interface LinkRequest {
  readonly paper: Paper;
  readonly path: string;
  readonly root?: string;
  readonly lines: { readonly start: number; readonly end: number };
  readonly snippet: string;
  readonly comment?: string;
}

async function linkRequest(deps: AgentToolDeps, input: Input): Promise<LinkRequest> {
  const { paper } = await knownPaper(deps, text(input, 'paperId', true));
  let path = text(input, 'path', true).trim().replace(/^\.\//, '');
  const start = whole(input, 'startLine', undefined, 1, 10_000_000);
  const end = whole(input, 'endLine', undefined, 1, 10_000_000);
  if (end < start) throw new AgentToolInputError('"endLine" must not be before "startLine".');
  if (!isSafeCodePath(path)) throw new AgentToolInputError(`"${path}" is not a path inside the workspace: give it relative to the workspace folder, with /.`);
  let root: string | undefined;
  let current = await deps.workspace.readText(path);
  // In a multi-root workspace a path may start with its folder's name, as marginalia_list_cited_papers prints it.
  if (current === undefined && path.includes('/')) {
    const [first, ...rest] = path.split('/');
    const inFolder = await deps.workspace.readText(rest.join('/'), first);
    if (inFolder !== undefined) [root, path, current] = [first, rest.join('/'), inFolder];
  }
  if (current === undefined) throw new AgentToolInputError(`${path} is not a readable file of this workspace.`);
  const lines = splitLines(current);
  if (end > lines.length) throw new AgentToolInputError(`${path} has ${lines.length} lines; the range ${start}-${end} goes past its end.`);
  const snippet = snippetOf(lines, { start, end });
  if (snippet.trim() === '') throw new AgentToolInputError(`Lines ${start}-${end} of ${path} are empty: link the code itself.`);
  const comment = text(input, 'comment', false)?.trim() || undefined;
  return { paper, path, ...(root !== undefined ? { root } : {}), lines: { start, end }, snippet, ...(comment ? { comment } : {}) };
}

async function linkCode(deps: AgentToolDeps, input: Input): Promise<string> {
  checkWritable(deps);
  const request = await linkRequest(deps, input);
  let id = '';
  const created = isoSeconds((deps.now ?? (() => new Date()))());
  const file = await deps.notes.edit(request.paper, (doc) => {
    id = doc.newNoteId();
    const code = { path: request.path, ...(request.root !== undefined ? { root: request.root } : {}), lines: request.lines, snippet: request.snippet };
    return doc.addNote({ id, kind: 'code', code, ...(request.comment ? { text: request.comment } : {}), created });
  });
  return `Linked ${codeLocationLabel(request.path, request.lines, request.root)} to ${request.paper.id} (“${oneLine(request.paper.title, 120)}”) as note ${id} in ${file.path}.`;
}

const runners: Readonly<Record<AgentToolName, (deps: AgentToolDeps, input: Input) => Promise<string>>> = {
  marginalia_search_papers: searchPapers,
  marginalia_get_paper: getPaper,
  marginalia_list_cited_papers: listCitedPapers,
  marginalia_add_note: addNote,
  marginalia_link_code: linkCode,
};

/**
 * Runs a tool; resolves with its answer for the model. Throws `AgentToolInputError` for input the model can fix
 * (the message says how), anything else for a failure.
 */
export async function runAgentTool(name: string, input: unknown, deps: AgentToolDeps): Promise<string> {
  const spec = agentToolSpec(name);
  if (!spec) throw new AgentToolInputError(`There is no tool "${name}".`);
  return runners[spec.name](deps, asInput(input));
}

/**
 * What a writing tool asks the user before it runs, with what it will write and where; undefined for the tools that
 * only read. Throws `AgentToolInputError` when the input is wrong already (nothing to confirm then).
 */
export async function confirmAgentTool(name: string, input: unknown, deps: AgentToolDeps): Promise<AgentToolConfirmation | undefined> {
  const spec = agentToolSpec(name);
  if (!spec?.writes) return undefined;
  const args = asInput(input);
  if (spec.name === 'marginalia_add_note') {
    const request = await noteRequest(deps, args);
    const where = await deps.notes.target(request.paper);
    const about = request.quote ? ` on “${oneLine(request.quote.exact, 120)}”` : '';
    return {
      title: 'Add a note to a paper?',
      message: `Add a note${about} to “${oneLine(request.paper.title, 120)}” in ${where}:\n\n${oneLine(request.text, 600)}`,
    };
  }
  const request = await linkRequest(deps, args);
  const where = await deps.notes.target(request.paper);
  return {
    title: 'Link code to a paper?',
    message: `Link ${codeLocationLabel(request.path, request.lines, request.root)} to “${oneLine(request.paper.title, 120)}” in ${where}${request.comment ? `, with the comment: ${oneLine(request.comment, 300)}` : '.'}`,
  };
}
