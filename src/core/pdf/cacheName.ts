/**
 * Names of downloaded PDFs in the cache folder, and the URL each one is downloaded from.
 *
 * One file per paper version: `2312.00752v2.pdf`. A paper whose version is unknown is downloaded as the latest and
 * named without one (`2312.00752.pdf`); offline, any cached version of the paper will do.
 */
import { formatArxivId, parseArxivId } from '../arxivId';

/** What is needed to find or fetch a paper's PDF: the paper model or anything shaped like it. */
export interface PdfPaperRef {
  /** Marginalia's paper id (`2312.00752`, `title:some-slug`). */
  readonly id: string;
  readonly arxivId?: string;
  readonly version?: number;
  readonly title?: string;
  readonly links?: { readonly pdf?: string };
}

/** Characters kept in file names as they are; everything else becomes `_` (old-style ids have a slash). */
const UNSAFE = /[^A-Za-z0-9._-]/g;

/** The arXiv id and version of a paper ref, from its fields, its id or its PDF link, in that order. */
export function arxivPartsOf(ref: PdfPaperRef): { id: string; version?: number } | undefined {
  if (ref.arxivId) return { id: ref.arxivId, version: ref.version };
  const fromId = parseArxivId(ref.id);
  if (fromId) return { id: fromId.id, version: ref.version ?? fromId.version };
  const fromLink = ref.links?.pdf ? parseArxivId(ref.links.pdf) : undefined;
  return fromLink ? { id: fromLink.id, version: ref.version ?? fromLink.version } : undefined;
}

/** The cache file name stem of a paper (without `.pdf`): `2312.00752v2`, `hep-th_9901001v1`, `title_some-slug`. */
export function pdfCacheStem(ref: PdfPaperRef): string {
  const arxiv = arxivPartsOf(ref);
  const raw = arxiv ? formatArxivId(arxiv) : ref.id;
  // Bounded so a long title slug never exceeds a file system's name limit.
  return raw.replace(UNSAFE, '_').slice(0, 120) || 'paper';
}

export function pdfCacheFileName(ref: PdfPaperRef): string {
  return `${pdfCacheStem(ref)}.pdf`;
}

/** The stem a file name would have without its version: `2312.00752v2.pdf` → `2312.00752`. */
function versionlessStem(fileName: string): { stem: string; version?: number } | undefined {
  const m = /^(.+?)(?:v(\d{1,4}))?\.pdf$/.exec(fileName);
  if (!m) return undefined;
  return { stem: m[1]!, version: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * Among the names in the cache folder, the best file for a paper: its exact version when the ref names one,
 * otherwise the highest cached version (a file without version counts as the latest seen).
 * With `anyVersion`, a ref with a version also accepts another version (offline fallback).
 */
export function pickCachedFile(ref: PdfPaperRef, names: readonly string[], options: { anyVersion?: boolean } = {}): string | undefined {
  const exact = pdfCacheFileName(ref);
  if (names.includes(exact)) return exact;
  const arxiv = arxivPartsOf(ref);
  if (arxiv?.version !== undefined && !options.anyVersion) return undefined;
  const base = pdfCacheStem({ id: arxiv?.id ?? ref.id });
  let best: { name: string; rank: number } | undefined;
  for (const name of names) {
    const parsed = versionlessStem(name);
    if (!parsed || parsed.stem !== base) continue;
    // Unversioned downloads were "the latest" when fetched; rank them above any numbered version we hold.
    const rank = parsed.version ?? Number.MAX_SAFE_INTEGER;
    if (!best || rank > best.rank) best = { name, rank };
  }
  return best?.name;
}

/** The paper id a cache file belongs to (`2312.00752v2.pdf` → `2312.00752`), for keying reading state. */
export function paperIdOfCacheFile(fileName: string): string | undefined {
  const parsed = versionlessStem(fileName);
  if (!parsed) return undefined;
  const arxiv = parseArxivId(parsed.stem.replace(/_/, '/'));
  return arxiv?.id ?? parseArxivId(parsed.stem)?.id;
}

/** The origin whose PDFs sit at the top of the cache folder: arXiv's own (and every download before origins). */
export const arxivPdfOrigin = 'https://arxiv.org';

/**
 * The sub-folder of the cache that holds PDFs downloaded from a URL's origin (`http-127.0.0.1-8080`), or undefined
 * for arXiv's own origin (the top of the cache). A PDF from a mirror or any other server is never found where the
 * real arXiv's copy of the same id is looked for.
 */
export function pdfOriginFolder(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.origin === arxivPdfOrigin) return undefined;
  return [parsed.protocol.replace(/:$/, ''), parsed.hostname, parsed.port].filter(Boolean).join('-').replace(UNSAFE, '_');
}

/**
 * Where a paper's PDF is downloaded from: `<arxivBase>/<id>v<version>` for arXiv papers (so a mirror or a test
 * server can stand in for arxiv.org), else the paper's own PDF link. Only http(s) URLs are returned.
 */
export function pdfDownloadUrl(ref: PdfPaperRef, arxivBase: string): string | undefined {
  const arxiv = arxivPartsOf(ref);
  const url = arxiv ? `${arxivBase.replace(/\/+$/, '')}/${formatArxivId(arxiv)}` : ref.links?.pdf;
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}
