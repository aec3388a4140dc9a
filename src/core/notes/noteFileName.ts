/**
 * File names for note files: `2312.00752-mamba-linear-time-sequence-modeling.md`.
 *
 * The id comes first so files sort by id and a name is found from an id with a prefix match; the short
 * slug makes the folder readable. Names are ASCII-only, at most 100 characters, and valid on Windows
 * (no reserved device names such as `CON`, no trailing dots or spaces), so a notes folder committed
 * on one system checks out on every other.
 */
import type { Paper } from '../paper';
import { asciiWords } from '../text/asciiFold';
import { stableHash } from '../text/stableHash';

const MAX_SLUG = 40;
const MAX_ID = 50;

/** Words not worth ending a slug on (`…-modeling-with` → `…-modeling`). */
const TRAILING_STOPWORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'in', 'on', 'to', 'with', 'via', 'by', 'from', 'at', 'as', 'is', 'are', 'vs']);

/** Windows device names, reserved with any extension. */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)$/i;

/** Whether a file name is a reserved device name on Windows (`CON`, `nul.md`, `com1.tar.gz`). */
export function isWindowsReservedName(name: string): boolean {
  return RESERVED.test((name.split('.')[0] ?? '').trimEnd());
}

/** A short, lower-case, ASCII slug of a title: whole words, at most `max` characters. */
export function titleSlug(title: string, max: number = MAX_SLUG): string {
  const words = asciiWords(title);
  const kept: string[] = [];
  let length = 0;
  for (const word of words) {
    const added = (kept.length > 0 ? 1 : 0) + word.length;
    if (length + added > max) break;
    kept.push(word);
    length += added;
  }
  if (kept.length === 0 && words.length > 0) return words[0]!.slice(0, max);
  while (kept.length > 1 && TRAILING_STOPWORDS.has(kept[kept.length - 1]!)) kept.pop();
  return kept.join('-');
}

/** The id part: `2312.00752`, `solv-int-9901001`, `math.GT-0309136`; only `[A-Za-z0-9.-]`. */
function idPart(id: string): string {
  return asciiWords(id).length === 0
    ? ''
    : id
        .normalize('NFKD')
        .replace(/[^A-Za-z0-9.]+/g, '-')
        .replace(/\.{2,}/g, '.')
        .slice(0, MAX_ID)
        .replace(/^[.-]+|[.-]+$/g, '');
}

/**
 * The note file name for a paper: `<id>-<slug>.md`, or `<slug>.md` for papers known only by title
 * (`title:` ids), `pdf-<path slug>.md` for a PDF that is no known paper (`pdf:` ids), or `paper-<hash>.md` when
 * nothing readable is left.
 */
export function noteFileName(paper: Pick<Paper, 'id' | 'title'>): string {
  if (paper.id.startsWith('pdf:')) {
    // A PDF that is no known paper (`pdf:docs/report.pdf`): named from its path, so two `report.pdf` differ.
    const pathSlug = titleSlug(paper.id.slice(4).replace(/\.pdf$/i, ''), 60);
    return `pdf-${pathSlug || stableHash(paper.id)}.md`;
  }
  const slug = titleSlug(paper.title);
  const isTitleId = paper.id.startsWith('title:');
  const id = isTitleId ? '' : idPart(paper.id);
  let stem: string;
  if (id !== '') stem = slug !== '' ? `${id}-${slug}` : id;
  else stem = slug || titleSlug(paper.id.replace(/^title:/, '')) || `paper-${stableHash(paper.id + '\n' + paper.title)}`;
  // A prefix, not a suffix: Windows reserves `CON` whatever follows its first dot.
  if (isWindowsReservedName(stem)) stem = `paper-${stem}`;
  return `${stem}.md`;
}
