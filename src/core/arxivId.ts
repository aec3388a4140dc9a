/**
 * arXiv identifiers: parsing, normalisation, finding them in free text, and the URLs built from them.
 *
 * Two schemes exist (https://info.arxiv.org/help/arxiv_identifier.html):
 * - new style since April 2007: `YYMM.NNNN` (2007-2014) and `YYMM.NNNNN` (2015 on), e.g. `2312.00752`;
 * - old style before that: `archive/YYMMNNN`, e.g. `hep-th/9901001`, optionally with a subject class
 *   (`math.GT/0309136`) that is not part of the canonical id.
 * Either may carry a version suffix `vN`, which we keep apart from the id so one paper has one key.
 *
 * The checks are deliberately strict (real month, the digit count of the era, a known archive) because the same
 * code finds references in arbitrary text and code, where any `1234.56789` would otherwise look like a paper.
 */

/** An arXiv id without its version, plus the version when one was given. */
export interface ArxivIdParts {
  /** Canonical id without version: `2312.00752`, `solv-int/9901001`. */
  readonly id: string;
  /** The `2` of `v2`; absent when the input had no version. */
  readonly version?: number;
}

/** How a reference was written in text. */
export type ArxivReferenceForm = 'url' | 'prefixed' | 'bare';

/** An arXiv reference found in text, with the character range it covers (`end` exclusive). */
export interface ArxivReference extends ArxivIdParts {
  readonly start: number;
  readonly end: number;
  /** The matched text, e.g. `arXiv:2312.00752v2` or `https://arxiv.org/pdf/2312.00752.pdf`. */
  readonly text: string;
  readonly form: ArxivReferenceForm;
}

/** Archives that issued old-style ids (before April 2007). Later archives (q-fin, stat, eess, econ) never did. */
const OLD_ARCHIVES = [
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
] as const;

const OLD_ARCHIVE_SET: ReadonlySet<string> = new Set(OLD_ARCHIVES);

// Longest names first so the alternation never stops at a prefix (`math` before `math-ph`).
const ARCHIVE_ALT = [...OLD_ARCHIVES]
  .sort((a, b) => b.length - a.length)
  .map((a) => a.replace(/-/g, '\\-'))
  .join('|');

/** The id with optional version; groups: 1 new-style id, 2 archive, 3 old number, 4 version digits. */
const ID_SRC = `(?:(\\d{4}\\.\\d{4,5})|(${ARCHIVE_ALT})(?:\\.[A-Za-z][A-Za-z-]{0,19})?\\/(\\d{7}))(?:v(\\d{1,4}))?`;

const EXACT_ID = new RegExp(`^${ID_SRC}$`);

/** Versions are small positive integers; anything else is not a version we can link to. */
const MAX_VERSION = 9999;

function validNewStyle(id: string): boolean {
  const yy = Number(id.slice(0, 2));
  const mm = Number(id.slice(2, 4));
  const digits = id.length - 5;
  if (mm < 1 || mm > 12 || yy < 7) return false;
  const yymm = yy * 100 + mm;
  if (yymm < 704) return false;
  // Four-digit sequence numbers ran from 0704 to 1412, five digits from 1501.
  return digits === 4 ? yymm <= 1412 : yymm >= 1501;
}

function validOldStyle(num: string): boolean {
  const yy = Number(num.slice(0, 2));
  const mm = Number(num.slice(2, 4));
  if (mm < 1 || mm > 12) return false;
  // Old-style ids were issued from August 1991 to March 2007.
  if (yy >= 91) return yy > 91 || mm >= 8;
  return yy < 7 || (yy === 7 && mm <= 3);
}

/** Builds the parts from the groups of `ID_SRC` (offset by `base`), or undefined when the id is not a real one. */
function partsFromGroups(groups: readonly (string | undefined)[], base: number): ArxivIdParts | undefined {
  const newId = groups[base];
  const archive = groups[base + 1];
  const oldNum = groups[base + 2];
  const versionText = groups[base + 3];
  let id: string;
  if (newId !== undefined) {
    if (!validNewStyle(newId)) return undefined;
    id = newId;
  } else if (archive !== undefined && oldNum !== undefined && OLD_ARCHIVE_SET.has(archive)) {
    if (!validOldStyle(oldNum)) return undefined;
    id = `${archive}/${oldNum}`;
  } else {
    return undefined;
  }
  if (versionText === undefined) return { id };
  const version = Number(versionText);
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) return undefined;
  return { id, version };
}

/** `2312.00752v2` → `{ id: '2312.00752', version: 2 }`; exact match only (no prefix, no URL). */
function parseBare(text: string): ArxivIdParts | undefined {
  const m = EXACT_ID.exec(text);
  return m ? partsFromGroups(m, 1) : undefined;
}

const URL_FORMS: readonly RegExp[] = [
  // arxiv.org pages that name one paper; `/api/…`, `/list/…`, `/a/…` do not.
  /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format|ps)\/([^?#]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i,
  /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/papers\/([^?#]+?)(?:\.md)?\/?(?:[?#].*)?$/i,
  // arXiv's own DOIs (10.48550/arXiv.2312.00752), bare or through a resolver.
  /^(?:(?:https?:\/\/)?(?:dx\.)?doi\.org\/)?10\.48550\/arxiv\.([^?#\s]+)$/i,
];

/**
 * Parses an arXiv id from a bare id, an `arXiv:` reference or a URL of arXiv, its export mirror or a Hugging Face
 * paper page. Returns undefined for anything else, including arXiv's error ids (`…/api/errors#…`).
 */
export function parseArxivId(input: string): ArxivIdParts | undefined {
  const text = input.trim();
  if (text.length === 0 || text.length > 2048) return undefined;
  const bare = parseBare(text);
  if (bare) return bare;
  const prefixed = /^arxiv\s*:\s*(\S+)$/i.exec(text);
  if (prefixed) return parseBare(prefixed[1]!);
  for (const form of URL_FORMS) {
    const m = form.exec(text);
    if (m) return parseBare(decodeSlashes(m[1]!));
  }
  return undefined;
}

/** Old-style ids sometimes arrive URL-encoded (`hep-th%2F9901001`). */
function decodeSlashes(s: string): string {
  return s.replace(/%2f/gi, '/');
}

/** True when `text` is exactly a canonical id without version. */
export function isArxivId(text: string): boolean {
  const parts = parseBare(text);
  return parts !== undefined && parts.version === undefined && parts.id === text;
}

/** `{ id: '2312.00752', version: 2 }` → `2312.00752v2`. */
export function formatArxivId(parts: ArxivIdParts): string {
  return parts.version === undefined ? parts.id : `${parts.id}v${parts.version}`;
}

/** The abstract page; without a version it is the latest one. */
export function arxivAbsUrl(id: string, version?: number): string {
  return `https://arxiv.org/abs/${formatArxivId({ id, version })}`;
}

/** The PDF; without a version it is the latest one. */
export function arxivPdfUrl(id: string, version?: number): string {
  return `https://arxiv.org/pdf/${formatArxivId({ id, version })}`;
}

/** The Hugging Face paper page (Hugging Face keys papers by the versionless arXiv id). */
export function hfPaperUrl(id: string): string {
  return `https://huggingface.co/papers/${id}`;
}

// One scan finds URLs, `arXiv:` references and bare ids; the lookarounds keep ids glued to other words, numbers,
// paths or version strings (`v1.2312.00752`, `src/cs/0503050`, `2312.007521`) from matching.
const URL_PREFIX = '(?:https?:\\/\\/)?(?:www\\.|export\\.)?arxiv\\.org\\/(?:abs|pdf|html)\\/';
const HF_PREFIX = '(?:https?:\\/\\/)?(?:www\\.)?(?:huggingface\\.co|hf\\.co)\\/papers\\/';
const FIND_SRC = `(?<![\\w@.\\/-])(?:(${URL_PREFIX}|${HF_PREFIX})|(arxiv\\s?:\\s?))?` + `${ID_SRC}(\\.pdf)?(?![\\w-]|\\.\\d|\\/\\d)`;

/** Every arXiv reference in `text`, in order, with its character range. */
export function findArxivReferences(text: string): ArxivReference[] {
  const found: ArxivReference[] = [];
  const re = new RegExp(FIND_SRC, 'gi');
  for (const m of text.matchAll(re)) {
    const urlPrefix = m[1];
    const pdf = m[7];
    // A `.pdf` suffix only belongs to a URL; in prose it is the next word.
    const matched = pdf !== undefined && urlPrefix === undefined ? m[0].slice(0, -pdf.length) : m[0];
    // Archive names are lowercase; the `i` flag is there for `arXiv:` and host names only.
    const archive = m[4];
    if (archive !== undefined && archive !== archive.toLowerCase()) continue;
    const parts = partsFromGroups(m, 3);
    if (!parts) continue;
    const start = m.index;
    const form: ArxivReferenceForm = urlPrefix !== undefined ? 'url' : m[2] !== undefined ? 'prefixed' : 'bare';
    found.push({ ...parts, start, end: start + matched.length, text: matched, form });
  }
  return found;
}
