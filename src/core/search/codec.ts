/**
 * Writing and reading the saved index, as generators that do a bounded amount of work per step, so both the
 * synchronous and the chunked (non-blocking) variants share one implementation.
 *
 * Loading rebuilds MiniSearch's maps directly from the postings: no tokenising, no radix-tree lookups per token and
 * no `parseInt` per posting (MiniSearch's own `loadJSON` stores postings as objects keyed by strings).
 */
import { FIELD_COUNT, type DocTable, type Interner } from './docTable';
import { INDEX_FINGERPRINT, INDEX_FORMAT, INDEX_FORMAT_VERSION, IndexFormatError, type SaveOptions, type SerializedPaperIndex } from './format';
import { SEARCH_FIELDS } from './indexablePaper';
import type { IndexStore } from './indexStore';
import { LazyTermData, type Postings, type PostingsSource, type TermData } from './lazyTermData';
import { LoadedDocs } from './loadedDocs';
import { SavedTerms } from './termDictionary';
import { VarintReader, VarintWriter } from './varint';

/** Terms handled per step: a few milliseconds of work at most. */
const TERMS_PER_STEP = 256;
const DOCS_PER_STEP = 2048;

export interface IndexParts {
  readonly store: IndexStore;
  readonly docs: DocTable;
  readonly categories: Interner;
}

/** Encodes the index; the value is ready when the generator returns. Compacts short ids (drops removed papers). */
export function* encodeSteps(parts: IndexParts, options: SaveOptions = {}): Generator<void, SerializedPaperIndex> {
  const { store, docs, categories } = parts;
  const { linesPerChunk = 1024, postingsChunkChars = 1 << 20 } = options;
  const size = store.nextShortId;
  // New short ids, dense and in the old order, so postings stay sorted and gaps stay small.
  const remap = new Int32Array(size).fill(-1);
  // Lines separate ids in the saved form; `add` refuses ids with line breaks.
  const ids = new TextJoiner('\n', linesPerChunk);
  const signatures = new TextJoiner('\n', linesPerChunk);
  const docWriter = new VarintWriter();
  let count = 0;
  for (let shortId = 0; shortId < size; shortId++) {
    if (docs.alive[shortId] !== 1) continue;
    remap[shortId] = count++;
    ids.push(store.idOf(shortId) ?? '');
    signatures.push(docs.signatures.get(shortId));
    const lengths = store.fieldLengthsOf(shortId) ?? [];
    for (let f = 0; f < FIELD_COUNT; f++) {
      const length = lengths[f];
      docWriter.write(length === undefined ? 0 : length + 1);
    }
    docWriter.write(docs.dates[shortId]);
    docWriter.write(docs.hasCode[shortId]);
    const cats = docs.categories[shortId] ?? [];
    docWriter.write(cats.length);
    for (const c of cats) docWriter.write(c);
    if ((shortId + 1) % DOCS_PER_STEP === 0) yield;
  }
  yield;

  // Papers below this short id keep their short id when compacted: saved records that only mention them can be
  // copied as they are.
  let unchangedBelow = 0;
  while (unchangedBelow < size && docs.alive[unchangedBelow] === 1) unchangedBelow++;
  const terms = new TextJoiner(' ', linesPerChunk);
  const postings = new VarintWriter();
  const spans = new VarintWriter();
  let n = 0;
  // Sorted, so that loading can search them as they are (see `TermDictionary`).
  for (const [term, data] of store.dictionary.sorted()) {
    const before = postings.size;
    const raw = data instanceof LazyTermData ? data.encodedIfUnchanged(unchangedBelow) : undefined;
    if (raw !== undefined) postings.writeRaw(raw);
    else if (!writeTermRecord(postings, data, remap)) continue;
    terms.push(term);
    spans.write(postings.size - before);
    if (postings.chunkSize >= postingsChunkChars) postings.endChunk();
    if (++n % TERMS_PER_STEP === 0) yield;
  }
  yield;

  return {
    format: INDEX_FORMAT,
    version: INDEX_FORMAT_VERSION,
    fingerprint: INDEX_FINGERPRINT,
    fields: [...SEARCH_FIELDS],
    documentCount: count,
    averageFieldLength: [...store.averageFieldLength],
    ids: ids.toChunks(),
    linesPerChunk,
    docs: docWriter.toString(),
    categories: [...categories.names],
    signatures: signatures.toChunks(),
    termCount: n,
    terms: terms.toChunks(),
    postings: postings.toChunks(),
    spans: spans.toString(),
  };
}

/**
 * Writes a term's record; false (and nothing written) when none of its papers is still in the index. Reads the
 * postings maps in place: at 100k papers there are ten million postings, and an object per posting kept the
 * garbage collector busy on the thread the saving was meant to spare.
 */
function writeTermRecord(out: VarintWriter, data: TermData, remap: Int32Array): boolean {
  let mask = 0;
  const lists: Postings[] = [];
  const counts: number[] = [];
  const sorted: boolean[] = [];
  for (let f = 0; f < FIELD_COUNT; f++) {
    const list = data.get(f);
    if (!list) continue;
    let live = 0;
    let ascending = true;
    let previous = -1;
    list.forEach((_tf, shortId) => {
      const id = remap[shortId];
      if (id < 0) return;
      live++;
      if (id < previous) ascending = false;
      previous = id;
    });
    if (live === 0) continue;
    mask |= 1 << f;
    lists.push(list);
    counts.push(live);
    sorted.push(ascending);
  }
  if (mask === 0) return false;
  out.write(mask);
  // All counts first, so a term's popularity can be read without decoding its postings.
  for (const count of counts) out.write(count);
  lists.forEach((list, i) => {
    // New short ids follow the old order and maps keep insertion order, so postings are ascending; sort otherwise.
    const entries = sorted[i] ? list : new Map([...list].sort((a, b) => remap[a[0]] - remap[b[0]]));
    let previous = -1;
    // forEach, not for…of over entries, which allocates an array per posting (ten million at 100k papers).
    entries.forEach((tf, shortId) => {
      const id = remap[shortId];
      if (id < 0) return;
      out.write((id - previous - 1) * 2 + (tf > 1 ? 1 : 0));
      if (tf > 1) out.write(tf - 2);
      previous = id;
    });
  });
  return true;
}

/**
 * Fills empty parts from a checked saved index. Malformed content throws `IndexFormatError`; a term's postings are
 * only decoded when first used (see `LazyTermData`).
 */
export function* decodeSteps(saved: SerializedPaperIndex, parts: IndexParts): Generator<void, void> {
  try {
    yield* decode(saved, parts);
  } catch (error) {
    if (error instanceof IndexFormatError) throw error;
    throw new IndexFormatError('malformed', `Saved search index is damaged (${error instanceof Error ? error.message : String(error)}).`);
  }
}

function* decode(saved: SerializedPaperIndex, parts: IndexParts): Generator<void, void> {
  const { store, docs, categories } = parts;
  for (const name of saved.categories) categories.intern(name);
  const count = saved.documentCount;
  const ids = new ChunkedLines(saved.ids, count, saved.linesPerChunk, '\n');
  const signatures = new ChunkedLines(saved.signatures, count, saved.linesPerChunk, '\n');
  docs.signatures.restore(saved.signatures, count);
  const loaded = new LoadedDocs(saved.ids, count);
  const reader = new VarintReader(saved.docs);
  // Papers mostly share a few sets of categories: one array per set, not per paper.
  const categorySets = new Map<string, number[]>();
  docs.ensure(count);
  // Reused for every paper: nothing per paper survives but what the typed arrays hold.
  const lengths: (number | undefined)[] = new Array<number | undefined>(FIELD_COUNT);
  const saveLengths = new Int32Array(FIELD_COUNT);
  for (let shortId = 0; shortId < count; shortId++) {
    // Absent fields, as MiniSearch leaves them (holes): its averages skip them when a paper is discarded.
    for (let f = 0; f < FIELD_COUNT; f++) {
      const v = reader.read();
      lengths[f] = v > 0 ? v - 1 : undefined;
      saveLengths[f] = v - 1;
    }
    const date = reader.read();
    const hasCode = reader.read() === 1;
    const nCats = reader.read();
    let cats: number[] | undefined;
    if (nCats > 0) {
      cats = [];
      for (let i = 0; i < nCats; i++) cats.push(reader.read());
      const key = cats.join(',');
      const shared = categorySets.get(key);
      if (shared) cats = shared;
      else categorySets.set(key, cats);
    }
    docs.set(shortId, { fieldLengths: lengths, date, hasCode, categories: cats });
    signatures.nextSpan((chunk, start, end) => docs.signatures.span(shortId, chunk, start, end));
    ids.nextSpan((chunk, start, end) => loaded.add(shortId, chunk, start, end, saveLengths));
    if ((shortId + 1) % DOCS_PER_STEP === 0) yield;
  }
  if (!reader.done) throw new Error('extra data after the papers');
  store.restoreDocuments(loaded);
  store.finishRestore(saved.documentCount, saved.averageFieldLength);
  yield;

  const expectedChunks = Math.ceil(saved.termCount / saved.linesPerChunk);
  if (saved.terms.length !== expectedChunks) throw new Error(`expected ${expectedChunks} chunks of terms, found ${saved.terms.length}`);
  const sources: PostingsSource[] = saved.postings.map((text) => ({ text, documentCount: count }));
  store.restoreTerms(yield* SavedTerms.read(saved.terms, saved.termCount, new VarintReader(saved.spans), sources, TERMS_PER_STEP));
}

/**
 * Finds `count` items saved in chunks of `perChunk` (each chunk the items joined by `separator`), one at a time,
 * without making their strings: splitting 100k of them at once is one long allocation burst. Throws when the chunks do not hold exactly
 * `count` items.
 */
class ChunkedLines {
  private chunk = -1;
  private text = '';
  private position = 0;
  private left = 0;
  private read = 0;

  constructor(
    private readonly chunks: readonly string[],
    private readonly count: number,
    private readonly perChunk: number,
    private readonly separator: string,
  ) {
    const expected = Math.ceil(count / perChunk);
    if (chunks.length !== expected) throw new Error(`expected ${expected} chunks, found ${chunks.length}`);
  }

  /** The next item's place (chunk, start, end), without making its string. */
  nextSpan(found: (chunk: number, start: number, end: number) => void): void {
    if (this.read === this.count) throw new Error('more items read than saved');
    if (this.left === 0) {
      this.chunk++;
      this.text = this.chunks[this.chunk];
      this.position = 0;
      this.left = Math.min(this.perChunk, this.count - this.read);
    }
    // The last item of a chunk runs to its end; any other ends at a separator.
    const last = this.left === 1;
    const separator = this.text.indexOf(this.separator, this.position);
    if (last ? separator >= 0 : separator < 0) throw new Error(`chunk ${this.chunk} does not hold the items it should`);
    const end = last ? this.text.length : separator;
    const start = this.position;
    this.position = end + 1;
    this.left--;
    this.read++;
    found(this.chunk, start, end);
  }
}

/**
 * `items.join(separator)` in chunks of `perChunk` items, built as items come: one big join at the end was a
 * step of hundreds of milliseconds.
 */
class TextJoiner {
  private readonly chunks: string[] = [];
  private batch: string[] = [];

  constructor(
    private readonly separator: string,
    private readonly perChunk: number,
  ) {}

  push(text: string): void {
    this.batch.push(text);
    if (this.batch.length === this.perChunk) this.flush();
  }

  toChunks(): string[] {
    this.flush();
    return this.chunks;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.chunks.push(this.batch.join(this.separator));
    this.batch = [];
  }
}
