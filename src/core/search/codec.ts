/**
 * Writing and reading the saved index, as generators that do a bounded amount of work per step, so both the
 * synchronous and the chunked (non-blocking) variants share one implementation.
 *
 * Loading rebuilds MiniSearch's maps directly from the postings: no tokenising, no radix-tree lookups per token and
 * no `parseInt` per posting (MiniSearch's own `loadJSON` stores postings as objects keyed by strings).
 */
import { FIELD_COUNT, type DocTable, type Interner } from './docTable';
import { INDEX_FINGERPRINT, INDEX_FORMAT, INDEX_FORMAT_VERSION, IndexFormatError, type SerializedPaperIndex } from './format';
import { SEARCH_FIELDS } from './indexablePaper';
import { allTerms, type IndexStore, type Postings, type TermData } from './indexStore';
import { LazyTermData } from './lazyTermData';
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
export function* encodeSteps(parts: IndexParts): Generator<void, SerializedPaperIndex> {
  const { store, docs, categories } = parts;
  const size = store.nextShortId;
  // New short ids, dense and in the old order, so postings stay sorted and gaps stay small.
  const remap = new Int32Array(size).fill(-1);
  const ids: string[] = [];
  const signatures: string[] = [];
  const docWriter = new VarintWriter();
  for (let shortId = 0; shortId < size; shortId++) {
    if (docs.alive[shortId] !== 1) continue;
    remap[shortId] = ids.length;
    ids.push(store.idOf(shortId) ?? '');
    // Lines separate ids in the saved form; `add` refuses ids with line breaks.
    signatures.push(docs.signatures[shortId] ?? '');
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
  const terms: string[] = [];
  const postings = new VarintWriter();
  const spans = new VarintWriter();
  let n = 0;
  for (const [term, data] of allTerms(store.root)) {
    const before = postings.size;
    const raw = data instanceof LazyTermData ? data.encodedIfUnchanged(unchangedBelow) : undefined;
    if (raw !== undefined) postings.writeRaw(raw);
    else if (!writeTermRecord(postings, data, remap)) continue;
    terms.push(term);
    spans.write(postings.size - before);
    if (++n % TERMS_PER_STEP === 0) yield;
  }

  // The big strings are built one per step: each is a single copy of up to tens of megabytes.
  const postingsText = postings.toString();
  yield;
  const signaturesText = signatures.join('\n');
  yield;
  const termsText = terms.join(' ');
  yield;
  return {
    format: INDEX_FORMAT,
    version: INDEX_FORMAT_VERSION,
    fingerprint: INDEX_FINGERPRINT,
    fields: [...SEARCH_FIELDS],
    documentCount: ids.length,
    averageFieldLength: [...store.averageFieldLength],
    ids: ids.join('\n'),
    docs: docWriter.toString(),
    categories: [...categories.names],
    signatures: signaturesText,
    terms: termsText,
    postings: postingsText,
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
  const ids = new LineReader(saved.ids);
  const signatures = new LineReader(saved.signatures);
  const reader = new VarintReader(saved.docs);
  docs.ensure(count);
  for (let shortId = 0; shortId < count; shortId++) {
    // Holes for absent fields, as MiniSearch leaves them: its averages skip them when a paper is discarded.
    const lengths: number[] = new Array<number>(FIELD_COUNT);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const v = reader.read();
      if (v > 0) lengths[f] = v - 1;
    }
    const date = reader.read();
    const hasCode = reader.read() === 1;
    const nCats = reader.read();
    const cats: number[] = [];
    for (let i = 0; i < nCats; i++) cats.push(reader.read());
    docs.set(shortId, { fieldLengths: lengths, date, hasCode, categories: nCats ? cats : undefined, signature: signatures.next() });
    store.restoreDocument(ids.next(), lengths);
    if ((shortId + 1) % DOCS_PER_STEP === 0) yield;
  }
  const linesOk = count === 0 ? saved.ids === '' && saved.signatures === '' : ids.done && signatures.done;
  if (!reader.done || !linesOk) throw new Error('papers, ids and signatures do not line up');
  store.finishRestore(saved.documentCount, saved.averageFieldLength);
  yield;

  const terms = new LineReader(saved.terms, ' ');
  const spans = new VarintReader(saved.spans);
  const source = { text: saved.postings, documentCount: count };
  let offset = 0;
  for (let t = 0; saved.terms && !terms.done; t++) {
    const length = spans.read();
    store.restoreTerm(terms.next(), new LazyTermData(source, offset, length));
    offset += length;
    if ((t + 1) % TERMS_PER_STEP === 0) yield;
  }
  if (!spans.done || offset !== saved.postings.length) throw new Error('terms and postings do not line up');
}

/** Lines (or words) of a text, one at a time: splitting 100k of them at once is one long allocation burst. */
class LineReader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly separator = '\n',
  ) {}

  /** Every line was read (a text of n lines has n - 1 line breaks; the empty text is one empty line). */
  get done(): boolean {
    return this.position > this.text.length;
  }

  next(): string {
    if (this.position > this.text.length) throw new Error('too few lines');
    let end = this.text.indexOf(this.separator, this.position);
    if (end < 0) end = this.text.length;
    const line = this.text.slice(this.position, end);
    this.position = end + 1;
    return line;
  }
}
