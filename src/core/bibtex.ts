/**
 * BibTeX for papers, in the shape arXiv's own "Export BibTeX citation" produces:
 *
 * ```bibtex
 * @misc{gu2023mamba,
 *   title={Mamba: Linear-Time Sequence Modeling with Selective State Spaces},
 *   author={Albert Gu and Tri Dao},
 *   year={2023},
 *   eprint={2312.00752},
 *   archivePrefix={arXiv},
 *   primaryClass={cs.LG},
 *   url={https://arxiv.org/abs/2312.00752},
 * }
 * ```
 *
 * plus `doi` and `note` (the journal reference, else the venue) when the feed knows them, and the abstract on request.
 * A paper without an arXiv id is still a valid `@misc` with whatever link it has. Text escaping and
 * case protection are in `bibtex/latex.ts`, names in `bibtex/names.ts`, keys in `bibtex/citationKey.ts`.
 *
 * Fields that biblatex reads verbatim (`eprint`, `doi`, `url`) cannot be escaped, so they are validated
 * instead: an eprint that is not an arXiv id or a DOI that is not a DOI is left out rather than written
 * in a form that would break the entry.
 */
import type { Paper } from './paper';
import { assignCitationKeys, citationKey, paperYear } from './bibtex/citationKey';
import { formatLatexText, formatLatexTitle } from './bibtex/latex';
import { formatBibtexName } from './bibtex/names';

export { assignCitationKeys, citationKey, disambiguateKeys, keySuffix, paperYear } from './bibtex/citationKey';
export { parseAuthorName } from './bibtex/names';
export type { ParsedName, PersonName, LiteralName } from './bibtex/names';

export interface BibtexOptions {
  /** The citation key to use instead of the paper's own (e.g. one disambiguated in a set). */
  readonly key?: string;
  /** Include the abstract (arXiv's export does not). */
  readonly abstract?: boolean;
}

const NEW_STYLE_ID = /^\d{4}\.\d{4,5}$/;
const OLD_STYLE_ID = /^[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?\/\d{7}$/;

/** The arXiv id as BibTeX's `eprint` wants it (no version), or undefined when it is not an arXiv id. */
export function bibtexEprint(paper: Paper): string | undefined {
  const id = (paper.arxivId ?? '').replace(/v\d+$/, '');
  return NEW_STYLE_ID.test(id) || OLD_STYLE_ID.test(id) ? id : undefined;
}

function primaryClass(paper: Paper): string | undefined {
  const cat = paper.primaryCategory ?? paper.categories[0];
  return cat !== undefined && /^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?$/.test(cat) ? cat : undefined;
}

function validDoi(doi: string | undefined): string | undefined {
  const d = doi?.trim().replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '');
  return d !== undefined && /^10\.\d{4,9}\/[^\s{}\\%"#$]+$/.test(d) ? d : undefined;
}

/**
 * A URL as the inside of a verbatim field: characters that would unbalance the entry or end it are
 * percent-encoded, which leaves the URL working.
 */
function verbatimUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const clean = url
    .trim()
    // `$` too: some parsers (retorquere's) look for math even in verbatim fields.
    .replace(/[\s{}\\"$]|[^\x20-\x7E]/gu, (ch) => [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return /^https?:\/\/[^/]/i.test(clean) ? clean : undefined;
}

function paperUrl(paper: Paper, eprint: string | undefined): string | undefined {
  if (eprint !== undefined) return `https://arxiv.org/abs/${eprint}`;
  const doi = validDoi(paper.doi);
  return verbatimUrl(paper.links.abs ?? paper.links.hfPage ?? paper.links.projectPage ?? paper.links.doi ?? (doi && `https://doi.org/${doi}`));
}

/** One `@misc` entry, ending with a newline. */
export function paperToBibtex(paper: Paper, options: BibtexOptions = {}): string {
  const eprint = bibtexEprint(paper);
  const fields: [string, string | undefined][] = [
    ['title', formatLatexTitle(paper.title)],
    [
      'author',
      paper.authors.length > 0
        ? paper.authors
            .map((a) => formatBibtexName(a.name))
            .filter((n) => n !== '{}')
            .join(' and ')
        : undefined,
    ],
    ['year', paperYear(paper)],
    ['eprint', eprint],
    ['archivePrefix', eprint !== undefined ? 'arXiv' : undefined],
    ['primaryClass', eprint !== undefined ? primaryClass(paper) : undefined],
    ['url', paperUrl(paper, eprint)],
    ['doi', validDoi(paper.doi)],
    [
      'note',
      paper.journalRef !== undefined && paper.journalRef.trim() !== ''
        ? formatLatexText(paper.journalRef)
        : paper.venue?.trim()
          ? formatLatexText(paper.venue)
          : undefined,
    ],
    ['abstract', options.abstract === true && paper.abstract.trim() !== '' ? formatLatexText(paper.abstract) : undefined],
  ];
  const body = fields
    .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
    .map(([name, value]) => `  ${name}={${value}},\n`)
    .join('');
  // A caller's key is used only if BibTeX can read it back (no comma, brace, space or `%`).
  const key = options.key !== undefined && /^[A-Za-z0-9_:.+/-]+$/.test(options.key) ? options.key : citationKey(paper);
  return `@misc{${key},\n${body}}\n`;
}

/**
 * A whole `.bib` file: one entry per distinct paper id, in the given order, with keys made unique
 * across the set (see `assignCitationKeys`). Entries are separated by a blank line.
 */
export function papersToBibtex(papers: readonly Paper[], options: Omit<BibtexOptions, 'key'> = {}): string {
  const keys = assignCitationKeys(papers);
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const paper of papers) {
    if (seen.has(paper.id)) continue;
    seen.add(paper.id);
    entries.push(paperToBibtex(paper, { ...options, key: keys.get(paper.id)! }));
  }
  return entries.join('\n');
}
