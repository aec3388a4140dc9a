/**
 * The Markdown of the hover on an arXiv reference in code. Paper text (titles, names, abstracts) comes from feeds
 * and is untrusted: every piece is escaped so it shows literally and can never form a link, an image, HTML or a
 * command. The only links are the ones built here: the paper view (a command URI the host trusts for that one
 * command) and arXiv's pages.
 */
import { arxivAbsUrl, arxivPdfUrl, formatArxivId } from '../arxivId';
import type { Paper } from '../paper';
import { escapeMarkdownInline, escapeMarkdownLine } from '../notes/markdownEscape';
import { READING_STATUS_LABELS, type ReadingStatus } from '../notes/noteModel';
import { openPaperCommandUri } from './commandLinks';
import { openPdfHighlightCommandUri } from './pdfLinks';
import { moveCitationCommandUri, newerVersion, newerVersionLine, versionChangeText } from './paperVersions';

/** What is known about the paper a reference names. */
export type HoverLookup =
  | { readonly state: 'found'; readonly paper: Paper }
  /** Being looked up on arXiv right now. */
  | { readonly state: 'pending' }
  /** arXiv answered and has no such paper. */
  | { readonly state: 'not-found' }
  /** arXiv could not be asked (offline, timeout, error). */
  | { readonly state: 'failed'; readonly reason: string };

export interface HoverInfo {
  /** The canonical arXiv id and the version the reference names, if any. */
  readonly arxivId: string;
  readonly version?: number;
  /** The paper id Marginalia uses (the arXiv id, or the id of the library note that has it). */
  readonly paperId: string;
  readonly lookup: HoverLookup;
  /** Library status from the paper's note, if it has one. */
  readonly status?: ReadingStatus;
  /** Number of notes in the paper's note file. */
  readonly notes: number;
  /** Number of code ranges linked to the paper. */
  readonly codeLinks?: number;
  /** Noted passages to link to in the paper view (note id and the quoted text), first ones first. */
  readonly passages?: readonly { readonly noteId: string; readonly quote: string }[];
  /** The paper's highlights in the PDF, in reading order: each links to its place in the PDF. */
  readonly highlights?: readonly { readonly noteId: string; readonly page: number; readonly quote: string }[];
  /** The file the reference is in (a URI string): its "Move to vN" link moves that file's citations. */
  readonly documentUri?: string;
}

const MAX_PASSAGES = 3;
const PASSAGE_CHARS = 60;
/** How many highlights a hover lists; the rest are counted. */
const MAX_HIGHLIGHTS = 3;

const ABSTRACT_CHARS = 320;
const MAX_AUTHORS = 4;

/** Plain text cut at a word boundary near `max` characters. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** One line of untrusted text, escaped for Markdown (no line-start syntax, no inline syntax, no HTML). */
function safeLine(text: string): string {
  return escapeMarkdownLine(text.replace(/\s+/g, ' ').trim());
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The hover's Markdown. Links: the paper view (command URI), arXiv abstract and PDF. */
export function paperHoverMarkdown(info: HoverInfo): string {
  const ref = `arXiv:${formatArxivId({ id: info.arxivId, version: info.version })}`;
  const open = openPaperCommandUri({ id: info.paperId });
  const blocks: string[] = [];
  const lookup = info.lookup;
  if (lookup.state === 'found') {
    const paper = lookup.paper;
    blocks.push(`**${escapeMarkdownInline(paper.title.replace(/\s+/g, ' ').trim() || ref)}**`);
    const names = paper.authors.map((a) => a.name.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const authors = names.length > MAX_AUTHORS ? `${names.slice(0, MAX_AUTHORS - 1).join(', ')} et al.` : names.join(', ');
    const day = (paper.published ?? paper.dailyDate ?? '').slice(0, 10);
    const byline = [authors, day].filter(Boolean).map(safeLine).join(' · ');
    blocks.push(byline ? `${byline} · ${escapeMarkdownInline(ref)}` : escapeMarkdownInline(ref));
    // A newer version than the one cited: when it came out and what arXiv's comment on it says.
    const news = newerVersion(info.version, paper);
    if (news) {
      const move = moveCitationCommandUri({ id: news.arxivId, to: news.latest, ...(info.documentUri ? { uri: info.documentUri } : {}) });
      const changed = versionChangeText({ ...news, latestDate: undefined, firstDate: undefined });
      blocks.push(
        `**${escapeMarkdownInline(newerVersionLine(news))}**${changed ? ` · ${safeLine(changed)}` : ''} · [Move to v${news.latest}](${move} "Move this file's citations of the paper, its note and its highlights to v${news.latest}")`,
      );
    }
    if (paper.abstract.trim()) blocks.push(safeLine(excerpt(paper.abstract, ABSTRACT_CHARS)));
  } else {
    blocks.push(`**${escapeMarkdownInline(ref)}**`);
    blocks.push(
      lookup.state === 'pending'
        ? 'Looking up this paper on arXiv… Hover again in a moment for its title and abstract.'
        : lookup.state === 'not-found'
          ? 'arXiv has no paper with this id.'
          : safeLine(`Could not look this paper up: ${lookup.reason}`),
    );
  }
  const facts: string[] = [];
  if (info.status) facts.push(`In library: ${READING_STATUS_LABELS[info.status]}`);
  else if (lookup.state === 'found') facts.push('Not in library');
  if (info.notes > 0) facts.push(plural(info.notes, 'note', 'notes'));
  if (info.codeLinks) facts.push(plural(info.codeLinks, 'linked code range', 'linked code ranges'));
  const links = [
    lookup.state === 'not-found' ? '' : `[Open in Marginalia](${open} "Open the paper view")`,
    `[arXiv](${arxivAbsUrl(info.arxivId, info.version)})`,
    `[PDF](${arxivPdfUrl(info.arxivId, info.version)})`,
  ].filter(Boolean);
  blocks.push([...facts, links.join(' · ')].join(' · '));
  // Each link opens the paper view at the passage; the quote comes from a note file, so it is escaped like the rest.
  const passages = (info.passages ?? []).filter((p) => /^[A-Za-z0-9_-]{1,64}$/.test(p.noteId) && p.quote.trim() !== '').slice(0, MAX_PASSAGES);
  if (passages.length > 0) {
    const items = passages.map(
      (p) =>
        `[“${escapeMarkdownInline(excerpt(p.quote, PASSAGE_CHARS))}”](${openPaperCommandUri({ id: info.paperId, passage: p.noteId })} "Show this passage in the paper view")`,
    );
    blocks.push(`Noted: ${items.join(' · ')}`);
  }
  // Each opens the PDF at the highlight (page and place); quotes come from PDFs and note files: escaped.
  const highlights = (info.highlights ?? []).filter((h) => /^[A-Za-z0-9_-]{1,64}$/.test(h.noteId));
  if (highlights.length > 0) {
    const items = highlights.slice(0, MAX_HIGHLIGHTS).map((h) => {
      const link = openPdfHighlightCommandUri({ paper: info.paperId, note: h.noteId });
      return `[p. ${h.page}: “${escapeMarkdownInline(excerpt(h.quote, PASSAGE_CHARS))}”](${link} "Open the PDF at this highlight")`;
    });
    const more = highlights.length > MAX_HIGHLIGHTS ? ` · and ${highlights.length - MAX_HIGHLIGHTS} more` : '';
    blocks.push(`Highlighted in the PDF: ${items.join(' · ')}${more}`);
  }
  return blocks.join('\n\n');
}
