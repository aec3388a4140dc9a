/**
 * How much of a paper's text Marginalia keeps from a feed: real titles are under 300 characters and abstracts
 * under 3,000, but a feed is anyone's server, and whatever is kept goes to every view, the search index and the
 * cache. Past these lengths the text is cut (with an ellipsis), so no view is ever sent megabytes for one field.
 */
import type { Author, Paper } from '../paper';

export const paperTextLimits = {
  title: 1_000,
  abstract: 20_000,
  aiSummary: 5_000,
  comment: 2_000,
  journalRef: 1_000,
  organization: 300,
  authorName: 300,
  authors: 2_000,
  affiliations: 20,
  aiKeywords: 100,
  aiKeyword: 200,
} as const;

/** `text` cut to at most `max` characters, the last being `…`; never splits a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

function boundAuthor(author: Author): Author {
  const name = cutText(author.name, paperTextLimits.authorName);
  const affiliations = author.affiliations;
  const boundedAffiliations =
    affiliations && (affiliations.length > paperTextLimits.affiliations || affiliations.some((a) => a.length > paperTextLimits.authorName))
      ? affiliations.slice(0, paperTextLimits.affiliations).map((a) => cutText(a, paperTextLimits.authorName))
      : affiliations;
  return name === author.name && boundedAffiliations === affiliations
    ? author
    : { ...author, name, ...(boundedAffiliations ? { affiliations: boundedAffiliations } : {}) };
}

/** The paper with every free-text field within `paperTextLimits` (the same object when it already was). */
export function boundPaperText(paper: Paper): Paper {
  const authors =
    paper.authors.length > paperTextLimits.authors || paper.authors.some((a) => boundAuthor(a) !== a)
      ? paper.authors.slice(0, paperTextLimits.authors).map(boundAuthor)
      : paper.authors;
  const keywords =
    paper.aiKeywords && (paper.aiKeywords.length > paperTextLimits.aiKeywords || paper.aiKeywords.some((k) => k.length > paperTextLimits.aiKeyword))
      ? paper.aiKeywords.slice(0, paperTextLimits.aiKeywords).map((k) => cutText(k, paperTextLimits.aiKeyword))
      : paper.aiKeywords;
  const bounded: Paper = {
    ...paper,
    title: cutText(paper.title, paperTextLimits.title),
    abstract: cutText(paper.abstract, paperTextLimits.abstract),
    authors,
    ...(paper.aiSummary !== undefined ? { aiSummary: cutText(paper.aiSummary, paperTextLimits.aiSummary) } : {}),
    ...(paper.comment !== undefined ? { comment: cutText(paper.comment, paperTextLimits.comment) } : {}),
    ...(paper.journalRef !== undefined ? { journalRef: cutText(paper.journalRef, paperTextLimits.journalRef) } : {}),
    ...(paper.organization !== undefined ? { organization: cutText(paper.organization, paperTextLimits.organization) } : {}),
    ...(keywords !== undefined ? { aiKeywords: keywords } : {}),
  };
  const changed = (Object.keys(bounded) as (keyof Paper)[]).some((key) => bounded[key] !== paper[key]);
  return changed ? bounded : paper;
}
