/**
 * Completions of the last, still-being-typed query term.
 *
 * MiniSearch's prefix search scores every term under the prefix: after two letters that is thousands of terms and
 * most of the index's postings, which is why as-you-type queries were hundreds of milliseconds at 100k papers. We
 * walk the terms under the prefix (see `TermDictionary`) but score only the `limit` completions found in the most papers: those are what a
 * user is most likely typing, and they bound the work per keystroke whatever the prefix.
 */
import { postingsCount, type TermData } from './lazyTermData';
import { LEAF, radixRoot, type RadixNode } from './miniSearchAdapter';
import type { TermDictionary } from './termDictionary';

export interface Completion {
  readonly term: string;
  readonly data: TermData;
  /** Postings over the searched fields, the popularity used to choose completions. */
  readonly count: number;
}

/**
 * The `limit` most frequent terms that extend `prefix` (the prefix itself excluded), most frequent first: from the
 * dictionary's loaded terms (a range of the sorted list) and its radix tree.
 */
export function topCompletions(dictionary: TermDictionary, prefix: string, limit: number, fieldIds: readonly number[]): Completion[] {
  const best: Completion[] = [];
  if (limit <= 0) return best;
  const [lo, hi] = dictionary.savedPrefixRange(prefix);
  const count = (data: TermData) => postingsCount(data, fieldIds);
  for (let i = lo; i < hi; i++) {
    if (dictionary.savedLength(i) === prefix.length) continue;
    const n = dictionary.savedCount(i, fieldIds, count);
    if (n === 0) continue;
    const worst = best.length === limit ? best[limit - 1] : undefined;
    if (worst && n < worst.count) continue;
    // The term string only for a term that makes the cut, which is rare.
    const term = dictionary.savedTerm(i);
    if (worst && !better(n, term, worst)) continue;
    insertSorted(best, { term, data: dictionary.savedTermData(i), count: n }, limit);
  }
  treeCompletions(radixRoot(dictionary), prefix, limit, fieldIds, best);
  return best;
}

/** `topCompletions` over a radix tree, into `best`. */
function treeCompletions(root: RadixNode, prefix: string, limit: number, fieldIds: readonly number[], best: Completion[]): void {
  const start = findSubtree(root, prefix);
  if (!start) return;
  const [startNode, startPath] = start;
  // Labels below the start node; the term string is only built for a leaf that makes the cut, which is rare.
  const labels: string[] = [];
  const visit = (child: unknown, label: string): void => {
    if (label !== LEAF) {
      labels.push(label);
      (child as RadixNode).forEach(visit);
      labels.pop();
      return;
    }
    if (labels.length === 0 && startPath === prefix) return;
    const data = child as TermData;
    const count = postingsCount(data, fieldIds);
    if (count === 0) return;
    const worst = best.length === limit ? best[limit - 1] : undefined;
    if (worst && count < worst.count) return;
    const term = startPath + labels.join('');
    if (worst && !better(count, term, worst)) return;
    insertSorted(best, { term, data, count }, limit);
  };
  startNode.forEach(visit);
}

function better(count: number, term: string, than: Completion): boolean {
  return count > than.count || (count === than.count && term < than.term);
}

function insertSorted(best: Completion[], c: Completion, limit: number): void {
  let i = best.length;
  while (i > 0 && better(c.count, c.term, best[i - 1])) i--;
  best.splice(i, 0, c);
  if (best.length > limit) best.pop();
}

/** The node under which all terms starting with `prefix` live, with the path that leads to it. */
function findSubtree(root: RadixNode, prefix: string): [RadixNode, string] | undefined {
  let node = root;
  let path = '';
  let rest = prefix;
  outer: while (rest.length > 0) {
    for (const [label, child] of node) {
      if (label === LEAF || label[0] !== rest[0]) continue;
      if (rest.startsWith(label)) {
        node = child as RadixNode;
        path += label;
        rest = rest.slice(label.length);
        continue outer;
      }
      // The prefix ends inside this edge: everything below it completes the prefix.
      return label.startsWith(rest) ? [child as RadixNode, path + label] : undefined;
    }
    return undefined;
  }
  return [node, path];
}
