/**
 * Where citation keys are written: inside `\cite{…}` and its relatives in LaTeX, after `@` in Pandoc Markdown
 * (`[@key; @other]`, `@key says`), and as entry keys in a `.bib` file. Used by completion (the key being typed) and
 * hover (the key under the pointer). Line-based and pure.
 */

/** The kinds of documents citations are completed in. */
export type CiteLanguage = 'latex' | 'markdown' | 'bibtex';

/** The language kind of a VS Code language id, or undefined when keys are not completed there. */
export function citeLanguage(languageId: string): CiteLanguage | undefined {
  if (languageId === 'latex' || languageId === 'tex' || languageId === 'context' || languageId === 'latex-expl3') return 'latex';
  if (languageId === 'markdown' || languageId === 'quarto' || languageId === 'rmd' || languageId === 'rmarkdown' || languageId === 'pandoc') return 'markdown';
  if (languageId === 'bibtex' || languageId === 'biblatex') return 'bibtex';
  return undefined;
}

/**
 * How far around the cursor a line is looked at: a citation command is short, and a line can be any length (a
 * minified file, a pasted dump). The scans below then cost the same on a line of any size.
 */
const WINDOW = 1_000;
/** A LaTeX command's name: a citation command has `cite` or `Cite` in it. */
const LATEX_COMMAND = /\\([A-Za-z]+)/g;
const isCiteCommand = (name: string) => /[cC]ite/.test(name);
/**
 * After the name of `\cite`, `\citep`, `\citet*`, `\parencite`, `\textcite`, `\autocite`, `\footcite`, `\nocite`,
 * `\Citeauthor`…: up to two options, then the keys. Matched from the end of the name (sticky).
 */
const LATEX_CITE_ARGS_OPEN = /\*?(?:\s*\[[^\]]*\]){0,2}\s*\{([^}]*)$/y;
const LATEX_CITE_ARGS = /\*?(?:\s*\[[^\]]*\]){0,2}\s*\{([^}]*)\}/y;
/** Pandoc: a key starts with a letter, digit or `_`; internal punctuation is allowed, trailing is not. */
const MD_KEY_OPEN = /(?:^|[\s[;(-])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)?$/;
const MD_KEY = /(^|[\s[;(-])@([A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?)/g;
const BIB_ENTRY_OPEN = /^\s*@([A-Za-z]*)$/;
const BIB_ENTRY_KEY = /^(\s*@[A-Za-z]+\s*[{(]\s*)([^,\s{}()]+)/;

/** The key being typed before the cursor: its start column and the text typed so far. */
export interface KeyPrefix {
  readonly start: number;
  readonly prefix: string;
  /** In a `.bib` file: a whole entry is being started (`@` at the start of a line); `start` is the `@`. */
  readonly entry?: boolean;
}

/** The citation key being typed at the end of `before` (the line up to the cursor), if a key goes there. */
export function keyPrefixAt(before: string, language: CiteLanguage): KeyPrefix | undefined {
  if (language === 'latex') {
    // Not in a comment.
    if (/(?:^|[^\\])%/.test(before)) return undefined;
    const near = before.slice(-WINDOW);
    // The first citation command whose braces are still open at the cursor.
    let inside: string | undefined;
    for (const command of near.matchAll(LATEX_COMMAND)) {
      if (!isCiteCommand(command[1]!)) continue;
      LATEX_CITE_ARGS_OPEN.lastIndex = command.index + command[0].length;
      inside = LATEX_CITE_ARGS_OPEN.exec(near)?.[1];
      if (inside !== undefined) break;
    }
    if (inside === undefined) return undefined;
    const last = inside.slice(inside.lastIndexOf(',') + 1);
    const prefix = last.trimStart();
    return { start: before.length - prefix.length, prefix };
  }
  if (language === 'markdown') {
    const m = MD_KEY_OPEN.exec(before);
    if (!m) return undefined;
    const prefix = m[1] ?? '';
    return { start: before.length - prefix.length, prefix };
  }
  const entry = BIB_ENTRY_OPEN.exec(before);
  if (entry) return { start: before.length - entry[1]!.length - 1, prefix: entry[1]!, entry: true };
  // A key in a field that names other entries (`crossref = {a, b`), after its last comma.
  let field: number | undefined;
  for (const m of before.matchAll(/\b(?:crossref|xref|related)\s*=\s*[{"]/gi)) field = m.index + m[0].length;
  const keys = field === undefined ? undefined : before.slice(field);
  if (keys === undefined || /[}"]/.test(keys)) return undefined;
  const prefix = keys.slice(keys.lastIndexOf(',') + 1).trimStart();
  return /\s/.test(prefix) ? undefined : { start: before.length - prefix.length, prefix };
}

/** A key written in the line, and where. */
export interface KeyAt {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** The citation key at column `ch` of `line`, if the pointer is on one. */
export function keyAt(line: string, ch: number, language: CiteLanguage): KeyAt | undefined {
  const hit = (key: string, start: number): KeyAt | undefined =>
    ch >= start && ch <= start + key.length && key ? { key, start, end: start + key.length } : undefined;
  if (language === 'latex') {
    const from = Math.max(0, ch - WINDOW);
    const near = line.slice(from, ch + WINDOW);
    for (const command of near.matchAll(LATEX_COMMAND)) {
      if (!isCiteCommand(command[1]!)) continue;
      LATEX_CITE_ARGS.lastIndex = command.index + command[0].length;
      const m = LATEX_CITE_ARGS.exec(near);
      if (!m) continue;
      let offset = from + m.index + m[0].length - 1 - m[1]!.length;
      for (const part of m[1]!.split(',')) {
        const lead = part.length - part.trimStart().length;
        const found = hit(part.trim(), offset + lead);
        if (found) return found;
        offset += part.length + 1;
      }
    }
    return undefined;
  }
  if (language === 'markdown') {
    for (const m of line.matchAll(MD_KEY)) {
      const found = hit(m[2]!, m.index! + m[1]!.length + 1);
      if (found) return found;
    }
    return undefined;
  }
  const m = BIB_ENTRY_KEY.exec(line);
  return m ? hit(m[2]!, m[1]!.length) : undefined;
}

/**
 * The bibliography files a document names: `\bibliography{a,b}` and `\addbibresource{a.bib}` in LaTeX, the front
 * matter's `bibliography:` (one or a list) in Markdown. Paths as written (relative to the document), `.bib` added
 * where LaTeX leaves it out.
 */
export function declaredBibliographies(text: string, language: CiteLanguage): string[] {
  const found: string[] = [];
  if (language === 'latex') {
    for (const m of text.matchAll(/^[^%\n]*?\\(bibliography|addbibresource|addglobalbib)\s*(?:\[[^\]]*\])?\s*\{([^}]+)\}/gm)) {
      for (const name of m[2]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        found.push(m[1] === 'bibliography' && !/\.bib$/i.test(name) ? `${name}.bib` : name);
    }
  } else if (language === 'markdown') {
    const front = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text);
    const yaml = front?.[1] ?? '';
    const single = /^bibliography:[ \t]*["']?([^"'\n\r[]+?)["']?[ \t]*$/m.exec(yaml);
    if (single) found.push(single[1]!.trim());
    const inline = /^bibliography:[ \t]*\[([^\]]*)\]/m.exec(yaml);
    if (inline)
      found.push(
        ...inline[1]!
          .split(',')
          .map((s) => s.trim().replace(/^["']|["']$/g, ''))
          .filter(Boolean),
      );
    const list = /^bibliography:[ \t]*\r?\n((?:[ \t]+-[ \t]*.+\r?\n?)+)/m.exec(yaml);
    if (list)
      found.push(
        ...list[1]!
          .split(/\r?\n/)
          .map((l) =>
            l
              .replace(/^[ \t]+-[ \t]*/, '')
              .trim()
              .replace(/^["']|["']$/g, ''),
          )
          .filter(Boolean),
      );
  }
  return found.filter((name) => /\.bib$/i.test(name));
}
