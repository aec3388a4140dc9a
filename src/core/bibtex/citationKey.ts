/**
 * Citation keys: `lastname + year + firstTitleWord`, ASCII-folded and lower case (`gu2023mamba`,
 * `vaswani2017attention`), the scheme Google Scholar made familiar. Keys are derived only from the
 * paper, so the same paper gets the same key on every machine and in every export; a user's LaTeX
 * keeps compiling when they export again.
 *
 * - Last name: the first author's last name without particles (`van der Maaten` → `maaten`, as Better
 *   BibTeX does); organisations use their whole name (`DeepSeek-AI` → `deepseekai`). When nothing
 *   ASCII remains (a name in CJK script) or there are no authors, the title's first two words and the year
 *   stand for the paper (`melangecost`), or `paper` + year + a hash of the id when the title has no ASCII word.
 * - Year: first publication, else a known year (a venue's), else the year encoded in the arXiv id, else the HF
 *   daily date.
 * - Title word: the first word that is not a function word (`On the Opportunities…` → `opportunities`).
 * - Collisions within one export get `a`, `b`, … `z`, `aa`, … appended (`gu2023mamba`, `gu2023mambaa`),
 *   assigned in id order so the result does not depend on the order papers were selected in.
 */
import type { Paper } from '../paper';
import { asciiWords } from '../text/asciiFold';
import { stableHash } from '../text/stableHash';
import { keyName } from './names';

const TITLE_STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'in',
  'at',
  'for',
  'to',
  'and',
  'or',
  'is',
  'are',
  'was',
  'were',
  'be',
  'do',
  'does',
  'did',
  'can',
  'could',
  'should',
  'would',
  'will',
  'how',
  'what',
  'why',
  'when',
  'where',
  'which',
  'who',
  'via',
  'from',
  'by',
  'with',
  'into',
  'onto',
  'as',
  'it',
  'its',
  'this',
  'that',
  'not',
  'we',
  'you',
  'your',
  'our',
]);

/** The year to cite, as four digits, when anything tells it. */
export function paperYear(paper: Paper): string | undefined {
  const fromDate = /^(\d{4})-/.exec(paper.published ?? '');
  if (fromDate) return fromDate[1];
  if (paper.year !== undefined && /^\d{4}$/.test(paper.year)) return paper.year;
  const id = paper.arxivId ?? '';
  const newStyle = /^(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$/.exec(id);
  if (newStyle) return `20${newStyle[1]}`;
  const oldStyle = /^[a-z-]+(?:\.[A-Za-z-]+)?\/(\d{2})\d{5}(?:v\d+)?$/.exec(id);
  if (oldStyle) return `${Number(oldStyle[1]) >= 91 ? '19' : '20'}${oldStyle[1]}`;
  const fallback = /^(\d{4})-/.exec(paper.dailyDate ?? paper.updated ?? '');
  return fallback?.[1];
}

/** The base key for a paper, before disambiguation. Only `[a-z0-9]`. */
export function citationKey(paper: Paper): string {
  const firstAuthor = paper.authors[0]?.name ?? '';
  const name = asciiWords(keyName(firstAuthor)).join('');
  const words = asciiWords(paper.title);
  const content = words.filter((w) => !TITLE_STOPWORDS.has(w));
  const word = content[0] ?? words[0] ?? '';
  const year = paperYear(paper) ?? '';
  if (name) return `${name}${year}${word}`;
  // No author to cite by: the title's first two words, so the key still says which paper it is.
  const titleKey = (content.length > 0 ? content : words).slice(0, 2).join('');
  return titleKey ? `${titleKey}${year}` : `paper${year}${stableHash(paper.id)}`;
}

/** `a`, `b`, … `z`, `aa`, `ab`, …: the suffix for the n-th duplicate (n ≥ 1). */
export function keySuffix(n: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    rest -= 1;
    out = String.fromCharCode(97 + (rest % 26)) + out;
    rest = Math.floor(rest / 26);
  }
  return out;
}

/**
 * Makes keys unique in order: the first occurrence keeps its key, later ones get the first suffix that
 * collides neither with a key already given nor with any key in the input (so `gu2023mambaa`, if some
 * other paper really has that base key, is never handed to a duplicate).
 */
export function disambiguateKeys(keys: readonly string[]): string[] {
  const reserved = new Set(keys);
  const given = new Set<string>();
  return keys.map((key) => {
    if (!given.has(key)) {
      given.add(key);
      return key;
    }
    for (let n = 1; ; n++) {
      const candidate = key + keySuffix(n);
      if (!given.has(candidate) && !reserved.has(candidate)) {
        given.add(candidate);
        return candidate;
      }
    }
  });
}

/**
 * Keys for a set of papers, by paper id. Papers are ordered by id before disambiguation so the
 * result depends on the set, not on its order. Duplicate ids share one key.
 */
export function assignCitationKeys(papers: readonly Paper[]): Map<string, string> {
  const unique = new Map<string, Paper>();
  for (const p of papers) if (!unique.has(p.id)) unique.set(p.id, p);
  const ordered = [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keys = disambiguateKeys(ordered.map(citationKey));
  return new Map(ordered.map((p, i) => [p.id, keys[i]!]));
}
