/**
 * What a workspace is about, as weighted words: from its code (identifiers split into words, which covers comments
 * and docstrings too), its prose (README, docs), its file names, its dependencies' names and the arXiv ids it cites.
 * Plain data, so it crosses to a worker unchanged; built from file texts the caller read (no I/O here).
 */
import { findArxivReferences } from '../arxivId';
import { CODE_WORDS, isContentWord, proseWords, splitIdentifier, stem } from './terms';
import { isManifestName } from './fileRules';
import { dependencyNames } from './manifests';

export interface WorkspaceFile {
  /** Relative to the workspace folder, `/` separators. */
  readonly path: string;
  readonly text: string;
}

export interface WorkspaceProfile {
  /** Stemmed word → weight, heaviest first. */
  readonly terms: readonly (readonly [string, number])[];
  /** Two stemmed words (`rotary embedding`) → weight. */
  readonly bigrams: readonly (readonly [string, number])[];
  /** How the workspace writes a word or a pair, for the reasons (`kv_cache`, `rotary embedding`). */
  readonly shown: Readonly<Record<string, string>>;
  /**
   * Names as the workspace writes them, to meet a paper's name (the `MaxViT` of `MaxViT: …`): words in mixed case
   * with two capitals or more (`LoRA`, `XCiT`), anywhere, and words in capitals (`DINO`) in its prose.
   */
  readonly names: readonly string[];
  /** arXiv ids cited anywhere, with how often. */
  readonly arxivIds: readonly (readonly [string, number])[];
  readonly dependencies: readonly string[];
  /** Every word of every file in order (stemmed), `''` between files: papers' titles are looked for in it. */
  readonly words: readonly string[];
  readonly files: number;
  readonly bytes: number;
}

/** At most this many words are kept for finding titles (a few MB of text). */
const maxPhraseWords = 2_000_000;
/** Weight of a word by where it was found. */
const weights = { prose: 1, readme: 2, code: 1, path: 3, dependency: 3 } as const;

const PROSE = /\.(?:md|markdown|rst|txt|tex|bib)$|(?:^|\/)readme[^/]*$/i;

/** The text of a notebook's cells (its JSON otherwise brings outputs, images and metadata). */
function notebookText(text: string): string {
  try {
    const notebook = JSON.parse(text) as { cells?: { source?: string | string[] }[] };
    return (notebook.cells ?? []).map((c) => (Array.isArray(c.source) ? c.source.join('') : (c.source ?? ''))).join('\n');
  } catch {
    return '';
  }
}

class Counter {
  readonly tf = new Map<string, number>();
  readonly files = new Map<string, number>();
  private seen = new Set<string>();

  add(key: string, weight: number): void {
    this.tf.set(key, (this.tf.get(key) ?? 0) + weight);
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.files.set(key, (this.files.get(key) ?? 0) + 1);
    }
  }

  nextFile(): void {
    this.seen = new Set();
  }

  /** Weights: damped counts, times the spread over files (a word in many files is what the code is about). */
  weighted(): [string, number][] {
    return [...this.tf.entries()]
      .map(([k, tf]): [string, number] => [k, Math.log1p(tf) * (1 + 0.5 * Math.log1p((this.files.get(k) ?? 1) - 1))])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }
}

/** Counts of surface forms, so the reasons show a word as the workspace writes it. */
class Forms {
  private readonly counts = new Map<string, Map<string, number>>();

  add(key: string, form: string): void {
    let m = this.counts.get(key);
    if (!m) this.counts.set(key, (m = new Map()));
    m.set(form, (m.get(form) ?? 0) + 1);
  }

  best(key: string): string | undefined {
    const m = this.counts.get(key);
    if (!m) return undefined;
    let best: string | undefined;
    let n = 0;
    for (const [form, c] of m) if (c > n || (c === n && best !== undefined && form.length < best.length)) [best, n] = [form, c];
    return best;
  }
}

/** Separators that keep two words one phrase (`rotary embedding`, `self-supervised`, `kv_cache`). */
const JOINING_GAP = /^(?:[ \t]|\r?\n[ \t]*(?:#|\/\/|\*)?[ \t]*|-|_)$/;

/** Whether a word is written as a name: `LoRA`, `MaxViT`, `XCiT` anywhere; `DINO` in prose. */
export function isNameForm(word: string, prose: boolean): boolean {
  const capitals = word.replace(/[^\p{Lu}]/gu, '').length;
  if (capitals < 2 || word.length < 3) return false;
  return /\p{Ll}/u.test(word) || (prose && /^\p{Lu}+$/u.test(word) && word.length < 12);
}

/** Builds the profile of a workspace from its files' texts. */
export function buildProfile(files: readonly WorkspaceFile[]): WorkspaceProfile {
  const terms = new Counter();
  const bigrams = new Counter();
  const forms = new Forms();
  const names = new Set<string>();
  const cited = new Map<string, number>();
  const dependencies = new Set<string>();
  const words: string[] = [];
  let bytes = 0;

  const addWord = (word: string, weight: number, form: string) => {
    terms.add(word, weight);
    forms.add(word, form);
  };

  for (const file of files) {
    terms.nextFile();
    bigrams.nextFile();
    bytes += file.text.length;
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const text = name.toLowerCase().endsWith('.ipynb') ? notebookText(file.text) : file.text;
    const prose = PROSE.test(file.path);
    const weight = /(?:^|\/)readme[^/]*$/i.test(file.path) ? weights.readme : prose ? weights.prose : weights.code;

    for (const ref of findArxivReferences(text)) cited.set(ref.id, (cited.get(ref.id) ?? 0) + 1);

    // File and folder names: `vit_pytorch/max_vit.py` is about vit and max vit.
    const folders = file.path.split('/').slice(0, -1);
    const own =
      prose || isManifestName(name) || /^(?:license|copying|notice|setup|__init__|__main__|index|main)(?:\.|$)/i.test(name)
        ? []
        : [name.replace(/\.[^.]+$/, '')];
    for (const part of [...folders, ...own]) {
      for (const w of splitIdentifier(part).map(stem)) if (isContentWord(w) && !CODE_WORDS.has(w)) addWord(w, weights.path, w);
    }

    if (isManifestName(name)) {
      for (const dep of dependencyNames(name, text)) {
        dependencies.add(dep);
        for (const w of splitIdentifier(dep).map(stem)) if (isContentWord(w) && !CODE_WORDS.has(w)) addWord(w, weights.dependency, dep);
      }
    }

    // Words in order, joined into pairs when only a space, a hyphen, an underscore or a comment's line break
    // separates them (or a case change inside one identifier).
    let previous: string | undefined;
    let previousForm = '';
    let previousEnd = -1;
    if (words.length < maxPhraseWords) words.push('');
    for (const m of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
      const raw = m[0];
      const start = m.index;
      const gap = previousEnd >= 0 ? text.slice(previousEnd, start) : '';
      previousEnd = start + raw.length;
      const parts = splitIdentifier(raw);
      for (const piece of raw.split('_')) {
        if (!piece) continue;
        if (isNameForm(piece, prose)) names.add(piece);
        // Titles are found among words cut as a title is (`ZeCO` stays one word), not as identifiers.
        if (words.length < maxPhraseWords) words.push(stem(piece.toLowerCase()));
      }
      let joins = JOINING_GAP.test(gap);
      for (const [i, part] of parts.entries()) {
        const w = stem(part);
        const keep = isContentWord(w) && (prose || !CODE_WORDS.has(w));
        if (keep) {
          addWord(w, weight, part);
          if (previous !== undefined && joins) {
            const pair = `${previous} ${w}`;
            bigrams.add(pair, weight);
            forms.add(pair, i === 0 ? `${previousForm} ${part}` : parts.length === 2 ? raw : `${previousForm}_${part}`);
          }
        }
        previous = keep ? w : undefined;
        previousForm = part;
        joins = true;
      }
    }
  }

  const termList = terms.weighted();
  const bigramList = bigrams.weighted();
  const shown: Record<string, string> = {};
  for (const [k] of termList.slice(0, 5000)) shown[k] = forms.best(k) ?? k;
  for (const [k] of bigramList.slice(0, 5000)) shown[k] = forms.best(k) ?? k;
  return {
    terms: termList,
    bigrams: bigramList,
    shown,
    names: [...names],
    arxivIds: [...cited.entries()].sort((a, b) => b[1] - a[1]),
    dependencies: [...dependencies].sort(),
    words,
    files: files.length,
    bytes,
  };
}

/** Words of a paper's text as the profile counts them (tests and the CLI use it to explain a score). */
export function paperWords(text: string): string[] {
  return proseWords(text).filter(isContentWord);
}
