/**
 * ASCII folding for identifiers we derive from human text: citation keys and note file names.
 * Both must be stable across machines and safe in any tool (BibTeX keys, Windows file names), so
 * they are restricted to ASCII; folding keeps them recognisable (`Ramírez` → `Ramirez`) instead of
 * dropping every accented letter.
 */

/**
 * Letters that Unicode decomposition does not reduce to ASCII. Only the ones that occur in author
 * names and titles in practice; anything else without an ASCII base is dropped by the callers.
 */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŋ: 'ng',
  Ŋ: 'NG',
  ſ: 's',
  ĸ: 'k',
  // Typographic punctuation that NFKD keeps as is.
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
};

/** `Ramírez` → `Ramirez`, `Łukasz` → `Lukasz`, `Straße` → `Strasse`; non-Latin letters are left for the caller to drop. */
export function asciiFold(text: string): string {
  // NFKD splits accented letters into base + combining mark and maps compatibility forms (ligatures,
  // fullwidth letters) to their plain counterparts; then the marks go.
  const decomposed = text.normalize('NFKD').replace(/\p{M}+/gu, '');
  let out = '';
  for (const ch of decomposed) out += SPECIAL_LETTERS[ch] ?? ch;
  return out;
}

/** Lower-case ASCII words of a text (letters and digits only), in order. */
export function asciiWords(text: string): string[] {
  return asciiFold(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
