/**
 * The reader's last picture of a PDF: what its window showed when the reader last settled on a position, kept so
 * that the next time the PDF opens at that position the picture is shown at once, while pdf.js opens the document
 * and paints the pages (which takes most of a second). Pure: the host stores the records
 * (src/host/pdf/lastPictures.ts), the webview takes and shows the pictures (webview/pdf/lastPicture.ts).
 *
 * A record is one file: a magic word, the length of a JSON header, the header, then the image's bytes (WebP).
 */
import { isPdfViewState, type PdfViewState } from './viewState';

/** The largest image kept (a 1,000 × 750 px window is about 100 KB as WebP). */
export const MAX_PICTURE_BYTES = 1_500_000;
/** How many PDFs keep a picture; the oldest pictures are dropped first. */
export const MAX_PICTURES = 40;

const MAGIC = 'MGP1';
const MAX_HEADER_BYTES = 8_192;

/** The window a picture was taken of, in CSS pixels; shown only in a window of the same size. */
export interface PictureFrame {
  /** The document's box with its scroll bars. */
  readonly width: number;
  readonly height: number;
  /** Its client area (the box less the scroll bars): what the image covers, from the top left. */
  readonly clientWidth: number;
  readonly clientHeight: number;
  readonly devicePixelRatio: number;
}

/** What a picture shows, besides the pixels: it is shown only where all of it holds again. */
export interface PictureMeta {
  readonly state: PdfViewState;
  readonly frame: PictureFrame;
  /** The page colours and the background the pages were painted with (a theme change makes another picture). */
  readonly colors: string;
  readonly background: string;
}

/** A version of a file: a picture is shown only for the version it was taken of. */
export interface FileVersion {
  readonly size: number;
  readonly mtime: number;
}

/** A picture as kept: for which file, in which version of it. */
export interface PictureRecord extends PictureMeta {
  readonly file: string;
  readonly version: FileVersion;
  readonly image: Uint8Array;
}

/** The longest file URI a record names (a longer one gets no picture). */
export const MAX_PICTURE_URI = 4_096;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function isFrame(v: unknown): v is PictureFrame {
  return (
    isObj(v) &&
    isNum(v.width, 1, 20_000) &&
    isNum(v.height, 1, 20_000) &&
    isNum(v.clientWidth, 1, 20_000) &&
    isNum(v.clientHeight, 1, 20_000) &&
    isNum(v.devicePixelRatio, 0.25, 8)
  );
}

/** Whether a picture's description (from the webview, or a file) is well formed. */
export function isPictureMeta(v: unknown): v is PictureMeta {
  return isObj(v) && isPdfViewState(v.state) && isFrame(v.frame) && isStr(v.colors, 200) && isStr(v.background, 200);
}

/** The record as the bytes of one file; undefined when it could not be read back (an over-long URI). */
export function encodePictureRecord(record: PictureRecord): Uint8Array | undefined {
  const { image, ...rest } = record;
  const json = new TextEncoder().encode(JSON.stringify({ ...rest, imageLength: image.length }));
  if (json.length > MAX_HEADER_BYTES || record.file.length > MAX_PICTURE_URI || image.length > MAX_PICTURE_BYTES) return undefined;
  const out = new Uint8Array(MAGIC.length + 4 + json.length + image.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length);
  out.set(json, MAGIC.length + 4);
  out.set(image, MAGIC.length + 4 + json.length);
  return out;
}

/** A record read back, or undefined for anything that is not one (another file, a cut-off write, a damaged header). */
export function decodePictureRecord(bytes: Uint8Array): PictureRecord | undefined {
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return undefined;
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length);
  const imageStart = MAGIC.length + 4 + headerLength;
  if (headerLength > MAX_HEADER_BYTES || imageStart > bytes.length) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, imageStart)));
  } catch {
    return undefined;
  }
  if (!isPictureMeta(header)) return undefined;
  const { file, version, imageLength } = header as unknown as Record<string, unknown>;
  const image = bytes.subarray(imageStart);
  if (
    !isStr(file, MAX_PICTURE_URI) ||
    !isObj(version) ||
    !isNum(version.size, 0, Number.MAX_SAFE_INTEGER) ||
    !isNum(version.mtime, 0, Number.MAX_SAFE_INTEGER) ||
    // The whole image, as written: a write cut short is no picture.
    imageLength !== image.length ||
    image.length === 0 ||
    image.length > MAX_PICTURE_BYTES
  )
    return undefined;
  const { state, frame, colors, background } = header;
  return { state, frame, colors, background, file, version: { size: version.size, mtime: version.mtime }, image };
}

/** Whether two versions of a file are the same. */
export function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.size === b.size && a.mtime === b.mtime;
}

/** Whether a picture taken at `taken` shows what a reader opening at `opening` will show first. */
export function sameViewState(taken: PdfViewState, opening: PdfViewState | undefined): boolean {
  const start = opening ?? { page: 1, offset: 0, zoom: 'page-width' };
  // Offsets are kept to a thousandth of a page, and a restored scroll lands on whole pixels: a few pixels apart is
  // the same place.
  return taken.page === start.page && Math.abs(taken.offset - start.offset) <= 0.0025 && taken.zoom === start.zoom;
}

/** The file name a PDF's picture is kept under: a hash of its URI (the record names the URI, checked on reading). */
export function pictureFileName(file: string): string {
  // Two 32-bit FNV-1a-like hashes (the second with the constants swapped): short names, and a collision only means a
  // picture not shown.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < file.length; i++) {
    const c = file.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}.picture`;
}

/**
 * Which of the kept pictures to delete so that at most `max` stay: the least recently used (by modification time; the
 * host touches a picture's file when it shows it).
 */
export function picturesToDrop(kept: readonly { readonly name: string; readonly mtime: number }[], max = MAX_PICTURES): string[] {
  if (kept.length <= max) return [];
  return [...kept]
    .sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))
    .slice(0, kept.length - max)
    .map((k) => k.name);
}
