/**
 * `JSON.stringify` as the runtime made it, kept before pdf.js's legacy build loads. That build replaces it with
 * core-js's wherever the runtime lacks `JSON.rawJSON` (Node 20: the extension host of VS Code before 1.101), and the
 * replacement is about three times slower: the thread stringifies every message of pdf.js's, and a page of many paths
 * is 540 KB of JSON (30 ms natively on Node 24, 90 ms with the replacement on Node 20). pdf.js's worker never uses
 * `JSON.rawJSON`, so the native one serves it as well.
 */
const nativeStringify = JSON.stringify;

/** Puts the native `JSON.stringify` back if something replaced it since this module was evaluated. */
export function restoreNativeJson(): void {
  if (JSON.stringify !== nativeStringify) JSON.stringify = nativeStringify;
}
