/**
 * CSL-JSON libraries (Zotero's "CSL JSON" and Better BibTeX's "Better CSL JSON": an array of items) and Better
 * BibTeX's JSON dump (`{config, items}` of Zotero items). Dates come in every shape CSL allows: `date-parts` with
 * one to three parts as numbers or strings (`["2011", 5]`), ranges (two parts lists, the second possibly `[0]`
 * for open-ended), negative years, `season`, `circa`, `raw` and `literal` strings; the year is the first number.
 */
import type { SkippedEntry } from '../paper';
import type { LibraryEntry, LibraryFormat, LibraryParseResult } from './libraryEntry';
import { LibraryRecord, parseFileField, recordToEntry } from './libraryRecord';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** Whether a parsed JSON value is a CSL-JSON library or a Better BibTeX JSON export. */
export function libraryJsonFormat(value: unknown): Exclude<LibraryFormat, 'bibtex'> | undefined {
  if (isRecord(value) && isRecord(value['config']) && Array.isArray(value['items'])) return 'bbt-json';
  const items = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value['items']) ? value['items'] : undefined;
  if (
    items &&
    items.length > 0 &&
    items.slice(0, 20).every((v) => isRecord(v) && typeof v['type'] === 'string' && ('title' in v || 'author' in v || 'id' in v))
  )
    return 'csl-json';
  return undefined;
}

/** Reads a parsed CSL-JSON or Better BibTeX JSON value; undefined when it is neither. */
export function parseLibraryJson(value: unknown): LibraryParseResult | undefined {
  const format = libraryJsonFormat(value);
  if (!format) return undefined;
  const items: unknown[] = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value['items']) ? value['items'] : [];
  const entries: LibraryEntry[] = [];
  const skipped: SkippedEntry[] = [];
  items.forEach((item, index) => {
    if (!isRecord(item)) {
      skipped.push({ index, reason: 'not an object' });
      return;
    }
    const record = format === 'bbt-json' ? zoteroRecord(item) : cslRecord(item);
    if (!record) {
      skipped.push({ index, reason: 'an attachment or note, not a reference' });
      return;
    }
    const entry = recordToEntry(record);
    if (typeof entry === 'string') skipped.push({ index, reason: entry });
    else entries.push(entry);
  });
  return { format, entries, skipped };
}

/** The year and, when complete, the day of a CSL date. */
export function cslDate(value: unknown): { year?: string; date?: string } {
  if (!isRecord(value)) return typeof value === 'string' ? textDate(value) : {};
  const parts = value['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [y, m, d] = (parts[0] as unknown[]).map((p) => (typeof p === 'number' ? p : typeof p === 'string' && /^-?\d+$/.test(p.trim()) ? Number(p) : NaN));
    if (y !== undefined && Number.isInteger(y) && y !== 0) {
      const year = String(y);
      const date =
        y > 0 && y < 10000 && m && d && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= 31
          ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
          : undefined;
      return date ? { year, date } : { year };
    }
  }
  for (const key of ['raw', 'literal']) {
    const text = str(value[key]);
    if (text) return textDate(text);
  }
  return {};
}

function textDate(text: string): { year?: string; date?: string } {
  const full = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (full) return { year: full[1]!, date: full[0] };
  const year = /(?<!\d)(\d{4})(?!\d)/.exec(text)?.[1];
  return year ? { year } : {};
}

function cslName(n: unknown): string | undefined {
  if (!isRecord(n)) return undefined;
  const literal = str(n['literal']);
  if (literal) return literal;
  const name = [str(n['given']), str(n['dropping-particle']), str(n['non-dropping-particle']), str(n['family'])].filter(Boolean).join(' ');
  const suffix = str(n['suffix']);
  return name ? (suffix ? `${name}, ${suffix}` : name) : undefined;
}

function cslRecord(item: Json): LibraryRecord {
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(item)) {
    const text = str(value);
    if (text !== undefined) fields[name.toLowerCase()] = text;
  }
  const { year, date } = cslDate(item['issued'] ?? item['original-date']);
  const authors = (Array.isArray(item['author']) ? item['author'] : Array.isArray(item['editor']) ? item['editor'] : [])
    .map(cslName)
    .filter((n): n is string => n !== undefined);
  // A bare split, then the blanks next to each separator dropped, as `/\s*[,;]\s*/` did (that pattern re-read a long
  // run of blanks from each of its positions); the blanks at either end of the whole field stay, as they did.
  const parts = (str(item['keyword']) ?? '').split(/[,;]/);
  const keywords = parts
    .map((part, i) => (i > 0 ? part.trimStart() : part))
    .map((part, i) => (i < parts.length - 1 ? part.trimEnd() : part))
    .filter(Boolean);
  return {
    key: str(item['citation-key']) ?? str(item['citationKey']) ?? str(item['id']),
    type: str(item['type']) ?? 'document',
    title: str(item['title']) ?? '',
    authors,
    abstract: str(item['abstract']),
    year,
    date,
    venue: str(item['container-title']) ?? str(item['event-title']) ?? str(item['event']),
    doi: str(item['DOI']),
    url: str(item['URL']),
    keywords,
    files: parseFileField(str(item['file'])),
    fields,
  };
}

/** A Zotero item of a Better BibTeX JSON dump; undefined for attachments and notes. */
function zoteroRecord(item: Json): LibraryRecord | undefined {
  const type = str(item['itemType']) ?? 'document';
  if (type === 'attachment' || type === 'note' || type === 'annotation') return undefined;
  const extra = Array.isArray(item['extra']) ? item['extra'].map(str).join('\n') : (str(item['extra']) ?? '');
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(item)) {
    const text = str(value);
    if (text !== undefined) fields[name.toLowerCase()] = text;
  }
  // Zotero keeps the arXiv id in `extra` ("arXiv: 1910.07512") or as `archiveID`.
  const arxivLine = /^arxiv:\s*(\S+)/im.exec(extra)?.[1] ?? str(item['archiveID'])?.replace(/^arxiv:\s*/i, '');
  if (arxivLine) fields['arxivid'] = arxivLine;
  fields['journal'] = str(item['publicationTitle']);
  const creators = Array.isArray(item['creators']) ? item['creators'] : [];
  const authors = creators
    .filter((c): c is Json => isRecord(c) && (c['creatorType'] === undefined || c['creatorType'] === 'author'))
    .map((c) => str(c['name']) ?? [str(c['firstName']), str(c['lastName'])].filter(Boolean).join(' '))
    .filter((n) => n.length > 0);
  const tags = Array.isArray(item['tags']) ? item['tags'].map((t) => (isRecord(t) ? str(t['tag']) : str(t))).filter((t): t is string => !!t) : [];
  const attachments = Array.isArray(item['attachments'])
    ? item['attachments'].map((a) => (isRecord(a) ? (str(a['path']) ?? str(a['localPath'])) : undefined)).filter((p): p is string => !!p)
    : [];
  const { year, date } = textDate(str(item['date']) ?? '');
  return {
    key: str(item['citationKey']) ?? str(item['citekey']),
    type,
    title: str(item['title']) ?? '',
    authors,
    abstract: str(item['abstractNote']),
    year,
    date,
    venue: str(item['publicationTitle']) ?? str(item['proceedingsTitle']) ?? str(item['conferenceName']),
    doi: str(item['DOI']) ?? /^DOI:\s*(\S+)/im.exec(extra)?.[1],
    url: str(item['url']),
    keywords: tags,
    files: attachments,
    fields,
  };
}
