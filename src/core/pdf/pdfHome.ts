/**
 * Which note file a PDF's highlights live in (its "home"):
 * - a paper's PDF (downloaded into the cache, or a workspace file whose name carries an arXiv id such as
 *   `arxiv_1706.03762v5_attention.pdf` or `2312.00752.pdf`): that paper's note;
 * - any other PDF: a note of its own, with the paper id `pdf:<workspace-relative path>` and the path in the front
 *   matter (`pdf: docs/report.pdf`), named `pdf-<path slug>.md` in the notes folder.
 * Either way the file is an ordinary note file under the notes folder, written like every other note.
 */
import { parseArxivId, type ArxivIdParts } from '../arxivId';

/** The prefix of the paper ids of PDFs that are not a known paper. */
export const PDF_PAPER_PREFIX = 'pdf:';

/** The front matter key that names the workspace PDF a note's highlights were made in. */
export const PDF_PATH_KEY = 'pdf';

/**
 * The arXiv id a PDF's file name carries, if any: a new-style id (`1706.03762`, `1706.03762v5`) standing apart from
 * other digits, or an old-style one as cache and arXiv name them (`hep-th_9901001v1`, `hep-th9901001`).
 */
export function arxivIdFromFileName(name: string): ArxivIdParts | undefined {
  const stem = name.replace(/\.pdf$/i, '');
  for (const m of stem.matchAll(/(?<![\d.])(\d{4}\.\d{4,5})(v\d{1,4})?(?![\d])/g)) {
    const parsed = parseArxivId(`${m[1]}${m[2] ?? ''}`);
    if (parsed) return parsed;
  }
  for (const m of stem.matchAll(/(?<![A-Za-z])([a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?[_/]?(\d{7})(v\d{1,4})?(?!\d)/g)) {
    const parsed = parseArxivId(`${m[1]}/${m[2]}${m[3] ?? ''}`);
    if (parsed) return parsed;
  }
  return undefined;
}

/** The paper id of a workspace PDF that is no known paper. */
export function pdfPaperId(workspacePath: string): string {
  return `${PDF_PAPER_PREFIX}${workspacePath}`;
}

export function isPdfPaperId(id: string): boolean {
  return id.startsWith(PDF_PAPER_PREFIX);
}

/** The title such a note gets: the PDF's file name. */
export function pdfTitle(workspacePath: string): string {
  return workspacePath.slice(workspacePath.lastIndexOf('/') + 1);
}
