/** What the arXiv metadata formats (the snapshot, OAI-PMH's arXiv, arXivRaw and oai_dc records) share. */
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl } from '../arxivId';
import type { Author, Paper } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import type { Mutable } from './feedText';

/** The arXiv categories of a space-separated list (`cs.LG stat.ML`, `hep-th`), each once, anything else left out. */
export function splitCategories(value: string): string[] {
  return [...new Set(value.split(/\s+/).filter((c) => /^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[A-Za-z]+)?)?$/.test(c)))];
}

/** The fields every arXiv record has. */
export interface ArxivRecordFields {
  readonly title: string;
  readonly authors: Author[];
  readonly abstract: string;
  readonly categories: string[];
  /** A bare DOI (`10.…`), or empty. */
  readonly doi: string | undefined;
  /** The authors' comment (pages, venue, code links), or empty. */
  readonly comment: string;
}

/** A paper of arXiv id `id` with its links and the code repositories its abstract and comment name; the caller adds the rest. */
export function arxivRecordPaper(id: string, fields: ArxivRecordFields): Mutable<Paper> {
  const { title, authors, abstract, categories, doi, comment } = fields;
  return {
    id,
    arxivId: id,
    title,
    authors,
    abstract,
    categories,
    links: { abs: arxivAbsUrl(id), pdf: arxivPdfUrl(id), hfPage: hfPaperUrl(id), ...(doi ? { doi: `https://doi.org/${doi}` } : {}) },
    repos: extractRepoLinks({ abstract, comment }),
    source: 'arxiv',
  };
}
