/**
 * The reader's last picture of a PDF: what its window showed when the reader last settled on a position, kept so
 * that the next time the PDF opens at that position the picture is shown at once, while pdf.js opens the document
 * and paints the pages (which takes most of a second). Pure: the host stores the records
 * (src/host/pdf/lastPictures.ts), the webview takes and shows the pictures (webview/pdf/lastPicture.ts).
 *
 * A record is one file: a magic word, the length of a JSON header, the header, then the image's bytes (WebP).
 */
import type { PdfViewState } from './viewState';
import { isZoomSetting } from './zoom';

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

/** A picture as kept: for which file, in which version of it (its size and modification time). */
export interface PictureRecord extends PictureMeta {
  readonly file: string;
  readonly fileSize: number;
  readonly fileMtime: number;
  /** When it was taken (ms since the epoch): the oldest go first. */
  readonly at: number;
  readonly image: Uint8Array;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function isState(v: unknown): v is PdfViewState {
  return isObj(v) && Number.isInteger(v.page) && isNum(v.page, 1, 100_000) && isNum(v.offset, 0, 1) && isZoomSetting(v.zoom);
}

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
  return isObj(v) && isState(v.state) && isFrame(v.frame) && isStr(v.colors, 200) && isStr(v.background, 200);
}

/** The record as the bytes of one file. */
export function encodePictureRecord(record: PictureRecord): Uint8Array {
  const { image, ...header } = record;
  const json = new TextEncoder().encode(JSON.stringify(header));
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
  const image = bytes.subarray(imageStart);
  if (image.length === 0 || image.length > MAX_PICTURE_BYTES) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, imageStart)));
  } catch {
    return undefined;
  }
  if (
    !isPictureMeta(header) ||
    !isObj(header) ||
    !isStr(header.file, 4_096) ||
    !isNum(header.fileSize, 0, Number.MAX_SAFE_INTEGER) ||
    !isNum(header.fileMtime, 0, Number.MAX_SAFE_INTEGER) ||
    !isNum(header.at, 0, Number.MAX_SAFE_INTEGER)
  )
    return undefined;
  const { state, frame, colors, background, file, fileSize, fileMtime, at } = header as unknown as PictureRecord;
  return { state, frame, colors, background, file, fileSize, fileMtime, at, image };
}

/** Whether a picture taken at `taken` shows what a reader opening at `opening` will show first. */
export function sameViewState(taken: PdfViewState, opening: PdfViewState | undefined): boolean {
  const start = opening ?? { page: 1, offset: 0, zoom: 'page-width' };
  return taken.page === start.page && Math.abs(taken.offset - start.offset) < 0.0005 && taken.zoom === start.zoom;
}

/** The file name a PDF's picture is kept under: a hash of its URI (the record names the URI, checked on reading). */
export function pictureFileName(file: string): string {
  // FNV-1a, 64 bits in two halves: short names, and a collision only means a picture not shown.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < file.length; i++) {
    const c = file.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}.picture`;
}

/** Which of the kept pictures to delete so that at most `max` stay: the oldest (by modification time). */
export function picturesToDrop(kept: readonly { readonly name: string; readonly mtime: number }[], max = MAX_PICTURES): string[] {
  if (kept.length <= max) return [];
  return [...kept]
    .sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name))
    .slice(0, kept.length - max)
    .map((k) => k.name);
}
