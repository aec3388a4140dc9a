/**
 * Author names for BibTeX. Feeds give display names (`Laurens van der Maaten`, `DeepSeek-AI`), and
 * BibTeX splits them by its own rules; we split them the same way so we can (1) write them in a form
 * BibTeX reads back as intended and (2) take the last name for citation keys.
 *
 * - People are written like arXiv's export, `First von Last` (BibTeX recognises `van der` as the von
 *   part because it is lower case), except with a suffix (`Jr.`, `III`), which needs `von Last, Jr, First`.
 * - Organisations and single names are written as one braced literal (`{DeepSeek-AI}`, `{Gemini Team}`),
 *   otherwise BibTeX would call `Team` the last name and abbreviate `Gemini` to `G.`.
 * - A name containing the word `and` is braced too, or BibTeX would split it into two authors.
 */
import { cleanText, escapeLatexText } from './latex';

export interface PersonName {
  readonly kind: 'person';
  readonly first: string;
  readonly von: string;
  readonly last: string;
  readonly jr: string;
}

export interface LiteralName {
  readonly kind: 'literal';
  readonly name: string;
}

export type ParsedName = PersonName | LiteralName;

const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv', 'v', 'vi']);

/** Words that mark a collective author: `Qwen Team`, `Meta AI`, `ATLAS Collaboration`. */
const ORGANISATION_WORDS = new Set([
  'team',
  'teams',
  'group',
  'lab',
  'labs',
  'laboratory',
  'laboratories',
  'collaboration',
  'consortium',
  'institute',
  'institution',
  'university',
  'inc',
  'inc.',
  'ltd',
  'ltd.',
  'llc',
  'corporation',
  'corp',
  'corp.',
  'company',
  'foundation',
  'project',
  'research',
  'committee',
  'council',
  'society',
  'association',
  'organization',
  'organisation',
  'initiative',
  'center',
  'centre',
  'academy',
  'community',
  'contributors',
  'developers',
  'department',
  'school',
  'college',
  'agency',
  'alliance',
]);

function isSuffix(token: string): boolean {
  return SUFFIXES.has(token.toLowerCase());
}

/** BibTeX's test for a von-part word: its first letter is lower case. */
function isLowercaseWord(token: string): boolean {
  const letter = /\p{L}/u.exec(token);
  return letter !== null && /\p{Ll}/u.test(letter[0]);
}

function looksLikeOrganisation(tokens: readonly string[]): boolean {
  if (tokens.some((t) => /\d/.test(t) || t === '&' || t === '@')) return true;
  // `AI` only in capitals: `Meta AI` is a lab, `Jun Ai` is a person.
  return tokens.some((t) => t === 'AI' || ORGANISATION_WORDS.has(t.toLowerCase().replace(/[(),:;]+/g, '')));
}

/** Splits a display name the way BibTeX's `First von Last` rule does. */
function splitFirstVonLast(tokens: readonly string[], jr: string): PersonName {
  const lastIndex = tokens.length - 1;
  let vonStart = -1;
  let vonEnd = -1;
  for (let i = 0; i < lastIndex; i++) {
    if (isLowercaseWord(tokens[i]!)) {
      if (vonStart === -1) vonStart = i;
      vonEnd = i;
    }
  }
  if (vonStart === -1) {
    return { kind: 'person', first: tokens.slice(0, lastIndex).join(' '), von: '', last: tokens[lastIndex]!, jr };
  }
  return {
    kind: 'person',
    first: tokens.slice(0, vonStart).join(' '),
    von: tokens.slice(vonStart, vonEnd + 1).join(' '),
    last: tokens.slice(vonEnd + 1).join(' '),
    jr,
  };
}

/** `von Last` part of a `Last, First` name. */
function splitVonLast(text: string): { von: string; last: string } {
  const tokens = text.split(' ');
  let vonEnd = -1;
  for (let i = 0; i < tokens.length - 1; i++) if (isLowercaseWord(tokens[i]!)) vonEnd = i;
  return { von: tokens.slice(0, vonEnd + 1).join(' '), last: tokens.slice(vonEnd + 1).join(' ') };
}

/** Parses a display name into BibTeX's parts, or decides it must stay one literal. */
export function parseAuthorName(raw: string): ParsedName {
  const name = cleanText(raw);
  const tokens = name.split(' ').filter((t) => t.length > 0);
  if (tokens.length <= 1 || looksLikeOrganisation(tokens) || tokens.some((t) => t.toLowerCase() === 'and')) {
    return { kind: 'literal', name };
  }
  if (name.includes(',')) {
    const parts = name.split(',').map((p) => p.trim());
    if (parts.some((p) => p.length === 0)) return { kind: 'literal', name };
    if (parts.length === 2 && isSuffix(parts[1]!)) {
      const words = parts[0]!.split(' ');
      return words.length < 2 ? { kind: 'literal', name } : splitFirstVonLast(words, parts[1]!);
    }
    if (parts.length === 2) return { kind: 'person', first: parts[1]!, ...splitVonLast(parts[0]!), jr: '' };
    if (parts.length === 3 && isSuffix(parts[1]!)) {
      return { kind: 'person', first: parts[2]!, ...splitVonLast(parts[0]!), jr: parts[1]! };
    }
    return { kind: 'literal', name };
  }
  if (tokens.length >= 3 && isSuffix(tokens[tokens.length - 1]!)) {
    return splitFirstVonLast(tokens.slice(0, -1), tokens[tokens.length - 1]!);
  }
  return splitFirstVonLast(tokens, '');
}

/** One name as written inside an `author` field. */
export function formatBibtexName(raw: string): string {
  const parsed = parseAuthorName(raw);
  if (parsed.kind === 'literal') return `{${escapeLatexText(parsed.name)}}`;
  const e = escapeLatexText;
  const vonLast = [parsed.von, parsed.last]
    .filter((p) => p.length > 0)
    .map(e)
    .join(' ');
  if (parsed.jr.length > 0 || parsed.first.length === 0) {
    return [vonLast, parsed.jr.length > 0 ? e(parsed.jr) : undefined, parsed.first.length > 0 ? e(parsed.first) : undefined]
      .filter((p): p is string => p !== undefined)
      .join(', ');
  }
  return `${e(parsed.first)} ${vonLast}`;
}

/** The name used for citation keys: the last name without particles, or the whole literal name. */
export function keyName(raw: string): string {
  const parsed = parseAuthorName(raw);
  return parsed.kind === 'literal' ? parsed.name : parsed.last;
}
