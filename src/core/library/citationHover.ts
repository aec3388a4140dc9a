/**
 * What a citation key shows: on hover, and as the documentation of a completion item. Paper text comes from feeds
 * and note files and is escaped like the arXiv hover's (`links/paperHover.ts`): the only link is the paper view's.
 */
import { paperYear } from '../bibtex';
import { openPaperCommandUri } from '../links/commandLinks';
import { excerpt } from '../links/paperHover';
import { escapeMarkdownInline, escapeMarkdownLine } from '../notes/markdownEscape';
import { READING_STATUS_LABELS, type ReadingStatus } from '../notes/noteModel';
import type { Paper } from '../paper';

const MAX_AUTHORS = 4;

/** `Gu, Dao` / `Vaswani, Shazeer, Parmar et al.`: names as the feed gives them, shortened. */
export function authorLine(paper: Paper): string {
  const names = paper.authors.map((a) => a.name.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return names.length > MAX_AUTHORS ? `${names.slice(0, MAX_AUTHORS - 1).join(', ')} et al.` : names.join(', ');
}

export interface CitationInfo {
  readonly key: string;
  readonly paper: Paper;
  readonly status?: ReadingStatus;
  readonly notes: number;
  /** The bibliography file the key is in, or the one choosing it adds it to. */
  readonly bibliography?: string;
  readonly inBibliography: boolean;
}

/** The Markdown for a key: title, authors and year, the library facts, and a link to the paper view. */
export function citationMarkdown(info: CitationInfo): string {
  const { paper } = info;
  const line = (text: string) => escapeMarkdownLine(text.replace(/\s+/g, ' ').trim());
  const blocks = [`**${escapeMarkdownInline(paper.title.replace(/\s+/g, ' ').trim() || paper.id)}**`];
  const byline = [authorLine(paper), paperYear(paper) ?? ''].filter(Boolean).map(line).join(' · ');
  blocks.push([byline, `\`${info.key.replace(/`/g, '')}\``].filter(Boolean).join(' · '));
  if (paper.abstract.trim()) blocks.push(line(excerpt(paper.abstract, 240)));
  const facts: string[] = [];
  if (info.status) facts.push(`In library: ${READING_STATUS_LABELS[info.status]}`);
  if (info.notes > 0) facts.push(`${info.notes} ${info.notes === 1 ? 'note' : 'notes'}`);
  if (info.bibliography !== undefined) {
    facts.push(
      info.inBibliography ? `In ${escapeMarkdownInline(info.bibliography)}` : `Not in ${escapeMarkdownInline(info.bibliography)} yet: choosing it adds it`,
    );
  }
  facts.push(`[Open in Marginalia](${openPaperCommandUri({ id: paper.id })} "Open the paper view")`);
  blocks.push(facts.join(' · '));
  return blocks.join('\n\n');
}
