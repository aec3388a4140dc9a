/**
 * The one file that reaches past MiniSearch's public API. Everything else uses MiniSearch as a dependency: it is
 * constructed with its options and fed through `add`, `discard`, `has`, `documentCount`, `dirtCount` and `toJSON`.
 *
 * Why an adapter at all: the fast query path (`PaperIndex`, measured by `npm run bench:search`) scores postings into
 * typed arrays and keeps only the top hits, where MiniSearch's own `search` builds a result with match info for
 * every matching paper and sorts them all (seconds per keystroke at 100k papers). MiniSearch has no public read
 * access to its postings or its per-paper maps, and no way to start from a saved index other than `loadJSON`,
 * which rebuilds millions of objects (the reload and heap targets). So this file:
 *
 * - puts `TermDictionary` in place of MiniSearch's radix tree (`_index`): the loaded terms stay in their compact
 *   saved form, and MiniSearch keeps indexing into it through `SearchableMap`'s public methods;
 * - reads the per-paper maps (`_documentIds`, `_idToShortId`, `_fieldLength`), `_avgFieldLength` and `_nextId`;
 * - replaces them, and `_documentCount`, `_dirtCount`, when a saved index is loaded;
 * - walks `SearchableMap`'s radix tree (`_tree`, `_prefix`, marked `@internal` there) in sorted order.
 *
 * These members are protected or internal in MiniSearch `VERIFIED_MINISEARCH_VERSION`, which package.json pins
 * exactly. test/unit/miniSearchAdapter.test.ts checks each of them against MiniSearch's public surfaces (its
 * serialised form, its own search) and fails on another version: re-check this file before changing the pin.
 */
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { TermData } from './lazyTermData';

/** The MiniSearch version this adapter was checked against; package.json pins the dependency to it. */
export const VERIFIED_MINISEARCH_VERSION = '7.2.0';

/** A node of MiniSearch's radix tree: edge label → child node; the empty label holds the term's data. */
export type RadixNode = Map<string, unknown>;

/** The empty edge label under which a radix-tree node keeps its term's data. */
export const LEAF = '';

/** The protected members of MiniSearch 7 used here, as MiniSearch's own type declarations name them. */
interface MiniSearchInternals {
  _index: SearchableMap<TermData>;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, (number | undefined)[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _documentCount: number;
  _dirtCount: number;
}

/** What a restored index puts in place of MiniSearch's per-paper maps (see `LoadedDocs`). */
export interface RestoredDocuments {
  readonly documentIds: Map<number, string>;
  readonly idToShortId: Map<string, number>;
  readonly fieldLength: Map<number, number[]>;
  /** One more than the largest short id in them. */
  readonly nextId: number;
}

/** Read and restore access to one MiniSearch instance's internals. */
export class MiniSearchAdapter<T> {
  private readonly inner: MiniSearchInternals;

  /** Makes `index` the engine's term index; the engine must not have indexed anything yet. */
  constructor(engine: MiniSearch<T>, index: SearchableMap<TermData>) {
    this.inner = engine as unknown as MiniSearchInternals;
    if (this.inner._nextId !== 0) throw new Error('MiniSearchAdapter: the engine already has papers');
    this.inner._index = index;
  }

  shortIdOf(id: string): number | undefined {
    return this.inner._idToShortId.get(id);
  }

  idOf(shortId: number): string | undefined {
    return this.inner._documentIds.get(shortId) as string | undefined;
  }

  /** Per field (by field id), the number of terms MiniSearch counted; a hole for a field the paper lacks. */
  fieldLengthsOf(shortId: number): readonly (number | undefined)[] | undefined {
    return this.inner._fieldLength.get(shortId);
  }

  get averageFieldLength(): readonly number[] {
    return this.inner._avgFieldLength;
  }

  /** One more than the largest short id handed out so far. */
  get nextShortId(): number {
    return this.inner._nextId;
  }

  /** Puts back the papers of a saved index (the engine must have none yet); `finishRestore` completes the counts. */
  restoreDocuments(docs: RestoredDocuments): void {
    if (this.inner._nextId !== 0) throw new Error('MiniSearchAdapter: restore into an engine that has papers');
    this.inner._documentIds = docs.documentIds;
    this.inner._idToShortId = docs.idToShortId;
    this.inner._fieldLength = docs.fieldLength;
    this.inner._nextId = docs.nextId;
  }

  finishRestore(documentCount: number, averageFieldLength: readonly number[]): void {
    this.inner._documentCount = documentCount;
    this.inner._avgFieldLength = [...averageFieldLength];
    this.inner._dirtCount = 0;
  }
}

/** The root of a `SearchableMap`'s radix tree. */
export function radixRoot<V>(map: SearchableMap<V>): RadixNode {
  return map._tree as unknown as RadixNode;
}

/** The number of terms in a `SearchableMap`'s own radix tree, whatever a subclass counts as its size. */
export function radixSize<V>(map: SearchableMap<V>): number {
  return new SearchableMap(map._tree, map._prefix).size;
}

/**
 * The radix tree's terms in sorted order: a node's children have distinct first characters, so visiting them by
 * label (the node's own term first) lists terms as `<` sorts them. A stack, not recursion: a pathological token (a
 * long URL or base64 run in an abstract) makes a deep path.
 */
export function* sortedRadixEntries<V>(map: SearchableMap<V>): Generator<[string, V]> {
  const stack: [RadixNode, string][] = [[radixRoot(map), '']];
  while (stack.length > 0) {
    const [node, prefix] = stack.pop()!;
    const labels: string[] = [];
    let leaf: V | undefined;
    node.forEach((child, label) => {
      if (label === LEAF) leaf = child as V;
      else labels.push(label);
    });
    if (leaf) yield [prefix, leaf];
    labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = labels.length - 1; i >= 0; i--) {
      // Gone if MiniSearch deleted it while iterating (its vacuum does).
      const child = node.get(labels[i]) as RadixNode | undefined;
      if (child) stack.push([child, prefix + labels[i]]);
    }
  }
}
