/**
 * Looking ahead while the user types. After answering a query, the host also answers the texts the user is most
 * likely to type next (the query and one more character, the characters taken from the index's own terms), and the
 * Papers view shows such an answer the moment that text is typed, without waiting for the round trip to the host.
 * Only the next keystroke is looked ahead; nothing is kept across queries.
 */
import { lowerCaseTokens, normalizeToken, tokenize } from './tokenizer';

/**
 * Two texts with the same key get the same answer from the list: it searches the trimmed text and compares terms,
 * each lower-cased on its own as the tokenizer does (a Greek capital sigma ends a word as "ς", not "σ"); the length
 * keeps apart the rare characters whose lower case is longer.
 */
export function lookaheadKey(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.length}:${lowerCaseTokens(trimmed)}`;
}

/**
 * The texts most likely to be typed after `text`, most likely first: `text` and one more character, where the
 * characters are those that most often continue the term being typed (`nextCharacters` of its lower case, or of ''
 * when a new term is starting). A space is not among them: it changes no answer.
 */
export function likelyNextTexts(text: string, nextCharacters: (prefix: string) => readonly string[]): string[] {
  const tokens = tokenize(text);
  const typing = normalizeToken(tokens[tokens.length - 1] ?? '') ?? '';
  const seen = new Set<string>([lookaheadKey(text)]);
  const texts: string[] = [];
  for (const next of nextCharacters(typing)) {
    const candidate = text + next;
    const key = lookaheadKey(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    texts.push(candidate);
  }
  return texts;
}
