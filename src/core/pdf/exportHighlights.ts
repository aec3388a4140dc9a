/**
 * "Export Highlights": a paper's highlights as an annotated list in Markdown, grouped by page, each with its colour,
 * the quoted passage and the note. The note file itself already is the full Markdown export; this is the short,
 * shareable reading list of what was marked.
 *
 * Quotes come from PDFs and colours from hand-edited files: both are escaped so they show literally. Notes are the
 * user's own Markdown and are kept as they are, indented under their item.
 */
import { escapeMarkdownHeading, escapeMarkdownInline } from '../notes/markdownEscape';
import { sortHighlights, type PdfHighlight } from './highlights';

export interface HighlightExport {
  /** The paper's title (or the PDF's name). */
  readonly title: string;
  /** What the highlights are of, for the line under the title: `arXiv:1706.03762`, a workspace path. */
  readonly source?: string;
  /** The workspace-relative note file they are kept in. */
  readonly notePath?: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly highlights: readonly PdfHighlight[];
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The note under its list item: every line indented, so it stays inside the item (blank lines too). */
function indentedNote(note: string): string[] {
  return note
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `  ${line}`));
}

/** The annotated list. Empty highlights give a document that says so. */
export function highlightsMarkdown(input: HighlightExport): string {
  const highlights = sortHighlights(input.highlights);
  const withNotes = highlights.filter((h) => h.note && h.note.trim() !== '').length;
  const lines: string[] = [`# Highlights: ${escapeMarkdownHeading(input.title.replace(/\s+/g, ' ').trim() || 'PDF')}`, ''];
  const facts = [
    input.source ? escapeMarkdownInline(input.source) : undefined,
    `${plural(highlights.length, 'highlight', 'highlights')}${highlights.length > 0 ? `, ${withNotes} with notes` : ''}`,
    input.notePath ? `kept in \`${input.notePath.replace(/`/g, "'")}\`` : undefined,
    `exported ${input.date}`,
  ].filter((f): f is string => f !== undefined);
  lines.push(facts.join(' · '));
  if (highlights.length === 0) {
    lines.push('', 'No highlights yet: select text in the PDF reader and pick a colour.');
    return `${lines.join('\n')}\n`;
  }
  let page = -1;
  for (const h of highlights) {
    if (h.page !== page) {
      page = h.page;
      lines.push('', `## Page ${page}`);
    }
    const colour = escapeMarkdownInline(capitalised(h.colourName ?? h.colour));
    const quote = escapeMarkdownInline(h.quote.replace(/\s+/g, ' ').trim());
    lines.push('', `- **${colour}** · “${quote}”`);
    if (h.note && h.note.trim() !== '') lines.push('', ...indentedNote(h.note.trim()));
  }
  return `${lines.join('\n')}\n`;
}
