/**
 * What the paper view's "Cited by" and "References" lists show: one row a paper, marked when it is in the user's
 * library or cited in this workspace, and a one-line summary with the counts. Pure: the host gives the id sets.
 */
import type { CitationDirection, CitationPage, CitationPaper } from './semanticScholar';

/** Papers the user already has: in the library (notes), or cited in this workspace (BibTeX, links in code). */
export interface KnownPapers {
  /** Canonical arXiv ids (no version). */
  readonly libraryArxivIds: ReadonlySet<string>;
  readonly workspaceArxivIds: ReadonlySet<string>;
  /** Lower-cased DOIs. */
  readonly libraryDois?: ReadonlySet<string>;
  readonly workspaceDois?: ReadonlySet<string>;
}

/** Where a row leads: the paper in Marginalia (arXiv id), its DOI page, or nowhere (S2 knows only a title). */
export type CitationTarget = { readonly kind: 'paper'; readonly id: string } | { readonly kind: 'doi'; readonly url: string } | { readonly kind: 'none' };

export interface CitationRow {
  readonly title: string;
  /** `A. Author`, `A. Author, B. Author`, `A. Author et al.` */
  readonly authors: string;
  readonly year?: number;
  readonly citationCount?: number;
  readonly target: CitationTarget;
  readonly inLibrary: boolean;
  readonly citedInWorkspace: boolean;
}

export interface CitationSection {
  readonly direction: CitationDirection;
  readonly rows: readonly CitationRow[];
  /** Rows in the library / cited in the workspace. */
  readonly inLibrary: number;
  readonly citedInWorkspace: number;
  /** Whether S2 has more than the rows shown (a further page exists). */
  readonly more: boolean;
  /** One line for the section, e.g. "3 papers cite this one (1 in your library)". */
  readonly summary: string;
}

function shortAuthors(names: readonly string[]): string {
  return names.length > 2 ? `${names[0]} et al.` : names.join(', ');
}

function targetOf(paper: CitationPaper): CitationTarget {
  if (paper.arxivId) return { kind: 'paper', id: paper.arxivId };
  if (paper.doi) return { kind: 'doi', url: `https://doi.org/${paper.doi.split('/').map(encodeURIComponent).join('/')}` };
  return { kind: 'none' };
}

const has = (set: ReadonlySet<string> | undefined, value: string | undefined): boolean => value !== undefined && set?.has(value) === true;

/** The rows of one page, marked, in S2's order, with the section's summary line. */
export function citationSection(page: CitationPage, known: KnownPapers): CitationSection {
  const rows = page.papers.map((paper): CitationRow => ({
    title: paper.title,
    authors: shortAuthors(paper.authors),
    ...(paper.year !== undefined && { year: paper.year }),
    ...(paper.citationCount !== undefined && { citationCount: paper.citationCount }),
    target: targetOf(paper),
    inLibrary: has(known.libraryArxivIds, paper.arxivId) || has(known.libraryDois, paper.doi),
    citedInWorkspace: has(known.workspaceArxivIds, paper.arxivId) || has(known.workspaceDois, paper.doi),
  }));
  const inLibrary = rows.filter((r) => r.inLibrary).length;
  const citedInWorkspace = rows.filter((r) => r.citedInWorkspace).length;
  const more = page.next !== undefined;
  return {
    direction: page.direction,
    rows,
    inLibrary,
    citedInWorkspace,
    more,
    summary: summaryOf(page.direction, rows.length, more, inLibrary, citedInWorkspace),
  };
}

function summaryOf(direction: CitationDirection, count: number, more: boolean, inLibrary: number, cited: number): string {
  const papers = `${more ? 'At least ' : ''}${count} ${count === 1 ? 'paper' : 'papers'}`;
  const head =
    count === 0
      ? direction === 'citations'
        ? 'Semantic Scholar knows no paper citing this one'
        : 'Semantic Scholar lists no references for this paper'
      : direction === 'citations'
        ? `${papers} ${count === 1 && !more ? 'cites' : 'cite'} this one`
        : `This paper cites ${more ? 'at least ' : ''}${count} ${count === 1 ? 'paper' : 'papers'}`;
  const marks = [inLibrary ? `${inLibrary} in your library` : '', cited ? `${cited} cited in this workspace` : ''].filter(Boolean);
  return `${head}${marks.length ? ` (${marks.join(', ')})` : ''}.`;
}
