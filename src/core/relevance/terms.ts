/**
 * Words for workspace relevance: one rule for the workspace's texts (code and prose) and the papers' titles and
 * abstracts, so that a word of the code meets the same word of an abstract. Identifiers are split into their words
 * (`flashAttnKVCache` → flash, attn, kv, cache; `kv_cache` → kv, cache); plurals lose their `s` (`embeddings` →
 * embedding) so that code's singular names meet abstracts' plurals.
 */
import { FUNCTION_WORDS } from '../search/stopWords';

/** Runs of letters and digits (Unicode), the unit both sides are cut into. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Identifier-like runs in code: `flash_attn`, `KVCache`, `conv2d`. */
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/gu;

/**
 * Words every program is full of (keywords, builtins, the usual short names): they say nothing of what a program
 * is about, and some are rare in abstracts (`args`, `kwargs`), where they would look distinctive.
 */
export const CODE_WORDS: ReadonlySet<string> = new Set([
  // Keywords and builtins of Python, JavaScript/TypeScript, C/C++, Go, Rust, Java, shell.
  'self',
  'cls',
  'def',
  'return',
  'import',
  'from',
  'as',
  'if',
  'elif',
  'else',
  'for',
  'while',
  'in',
  'is',
  'not',
  'and',
  'or',
  'with',
  'try',
  'except',
  'finally',
  'raise',
  'class',
  'pass',
  'break',
  'continue',
  'lambda',
  'yield',
  'assert',
  'global',
  'nonlocal',
  'del',
  'async',
  'await',
  'none',
  'true',
  'false',
  'null',
  'undefined',
  'nil',
  'function',
  'var',
  'let',
  'const',
  'new',
  'this',
  'typeof',
  'instanceof',
  'void',
  'public',
  'private',
  'protected',
  'static',
  'final',
  'extends',
  'implements',
  'interface',
  'enum',
  'struct',
  'impl',
  'fn',
  'pub',
  'mut',
  'use',
  'mod',
  'crate',
  'func',
  'package',
  'go',
  'defer',
  'chan',
  'switch',
  'case',
  'default',
  'do',
  'export',
  'require',
  'module',
  'exports',
  'include',
  'define',
  'ifdef',
  'ifndef',
  'endif',
  'int',
  'float',
  'double',
  'char',
  'bool',
  'boolean',
  'string',
  'str',
  'dict',
  'list',
  'tuple',
  'set',
  'len',
  'range',
  'print',
  'printf',
  'println',
  'type',
  'object',
  'super',
  'init',
  'main',
  'echo',
  'then',
  'fi',
  'done',
  'esac',
  'unsigned',
  'long',
  'short',
  'auto',
  'std',
  'vector',
  'size',
  'sizeof',
  'isinstance',
  'getattr',
  'setattr',
  'hasattr',
  'enumerate',
  'zip',
  'map',
  'filter',
  'open',
  'file',
  'path',
  'os',
  'sys',
  're',
  'json',
  'np',
  'args',
  'kwargs',
  'argv',
  'argparse',
  'arg',
  'parser',
  'add',
  'argument',
  'get',
  'tmp',
  'val',
  'ret',
  'res',
  'obj',
  'cfg',
  'opt',
  'opts',
  'util',
  'utils',
  'todo',
  'fixme',
  'http',
  'https',
  'www',
  'com',
  'org',
  'github',
  'py',
  'js',
  'ts',
  'md',
  'txt',
  'sh',
  'src',
  'lib',
  'dir',
  'name',
  'value',
  'key',
  'item',
  'items',
  'idx',
  'index',
  'num',
  'count',
  // Array-library shorthand every numerical program uses, whatever it is about.
  'nn',
  'torch',
  'tf',
  'jax',
  'cuda',
  'cpu',
  'dim',
  'ndim',
  'dtype',
  'device',
  'shape',
  'numpy',
  'config',
]);

/** The word after light stemming: the plural `s` dropped (`transformers` → transformer), nothing else. */
export function stem(word: string): string {
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is|ys|ous)$/.test(word)) {
    return word.endsWith('ies') && word.length > 4 ? `${word.slice(0, -3)}y` : word.slice(0, -1);
  }
  return word;
}

/** Whether a stemmed word carries meaning for relevance (not a function word, not a lone character or number). */
export function isContentWord(word: string): boolean {
  return word.length > 1 && !FUNCTION_WORDS.has(word) && !/^\d+$/.test(word);
}

/**
 * The words of an identifier, lower case: split at `_`, `-`, `.` and case changes (`KVCache` → kv, cache;
 * `getHTTPResponse` → get, http, response). Letters and digits stay together (`conv2d`, `t5`).
 */
export function splitIdentifier(identifier: string): string[] {
  const words: string[] = [];
  for (const part of identifier.split(/[_\-.$]+/)) {
    if (!part) continue;
    const pieces = part.match(/\p{Lu}+(?![\p{Ll}])\d*|\p{Lu}?[\p{Ll}\d]+|\p{Lu}+|\d+/gu) ?? [part];
    for (const piece of pieces) words.push(piece.toLowerCase());
  }
  return words;
}

/** Stemmed words of prose (title, abstract, a README), in order, every word kept (for phrases). */
export function proseWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) out.push(stem(m[0].toLowerCase()));
  return out;
}

/**
 * Content words of a paper's text for matching code: as `proseWords`, and a name in mixed case also gives its
 * parts (`FlashAttention` → flashattention, flash, attention), as the code's `flash_attention` does.
 */
export function paperContentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const whole = stem(word.toLowerCase());
    if (isContentWord(whole)) out.push(whole);
    if (/\p{Ll}\p{Lu}/u.test(word)) {
      for (const part of splitIdentifier(word)) {
        const w = stem(part);
        if (w !== whole && w.length > 2 && isContentWord(w)) out.push(w);
      }
    }
  }
  return out;
}

/** An identifier of code with its words, stemmed. */
export interface CodeIdentifier {
  readonly text: string;
  readonly words: readonly string[];
}

/** The identifiers of a piece of code (which also covers the words of its comments and strings), in order. */
export function* codeIdentifiers(text: string): Generator<CodeIdentifier> {
  for (const m of text.matchAll(IDENTIFIER)) {
    const words = splitIdentifier(m[0]).map(stem);
    if (words.length) yield { text: m[0], words };
  }
}
