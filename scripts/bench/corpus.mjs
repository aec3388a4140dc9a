/** Reads the benchmark corpus (gzipped JSON lines) and maps records to Marginalia papers. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** The first `size` records of the corpus (stops reading there: the 1k run need not unpack 140 MB). */
export async function readRecords(path, size) {
  const stream = createReadStream(path);
  const lines = createInterface({ input: stream.pipe(createGunzip()), crlfDelay: Infinity });
  const records = [];
  for await (const line of lines) {
    if (line) records.push(JSON.parse(line));
    if (records.length >= size) break;
  }
  lines.close();
  stream.destroy();
  return records;
}

/** A corpus record `{id, title, authors, abstract, year, venue, arxiv}` as a `Paper` (src/core/paper.ts). */
export function toPaper(record) {
  const arxivId = record.arxiv || undefined;
  return {
    id: record.id,
    arxivId,
    title: record.title,
    authors: record.authors ? record.authors.split(', ').map((name) => ({ name })) : [],
    abstract: record.abstract,
    published: record.year || undefined,
    categories: [],
    links: arxivId ? { abs: `https://arxiv.org/abs/${arxivId}` } : {},
    repos: [],
    journalRef: record.venue || undefined,
    source: arxivId ? 'arxiv' : 'library',
  };
}

/** The document plain MiniSearch indexes: the record's own text fields. */
export function toPlainDoc(record) {
  return { id: record.id, title: record.title, authors: record.authors, abstract: record.abstract };
}
