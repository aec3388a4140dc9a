/**
 * A PDF read from the extension host in pieces, for pdf.js's range loading (`PDFDataRangeTransport`). On code-server
 * every byte crosses from the extension host to the webview over the network connection, so the whole file arriving
 * before pdf.js starts was most of the wait for the first page; now pdf.js starts on the first pieces (the start and
 * the end of the file, sent with `load`), asks for the ranges a page needs, and the rest of the file follows in the
 * background once the first page is up. Everything that arrived is kept here, so pdf.js asking again later (a page
 * re-rendered, find reading every page) is answered at once, without the host.
 */
import { PDFDataRangeTransport } from 'pdfjs-dist';
import { ByteRanges, type ByteRange } from '../../src/core/pdf/byteRanges';
import type { BytePiece } from '../../src/protocol/pdf';

/** What the background fill asks for at a time: small enough that a page's own request never waits long behind it. */
const FILL_PIECE = 512 * 1024;

export class HostByteSource extends PDFDataRangeTransport {
  private readonly buffer: Uint8Array;
  /** Bytes that have arrived. */
  private readonly have: ByteRanges;
  /** Bytes that have arrived or been asked for. */
  private readonly asked: ByteRanges;
  private pending: ByteRange[] = [];
  private filling = false;
  private fillInFlight: ByteRange | undefined;
  private aborted = false;

  constructor(
    readonly transferId: number,
    length: number,
    pieces: readonly BytePiece[],
    private readonly ask: (begin: number, end: number) => void,
  ) {
    // pdf.js reads the first piece as the start of the file (the header, and the first pages of a linearized PDF).
    const head = pieces[0]?.begin === 0 ? pieces[0].data : new Uint8Array(0);
    super(length, head);
    this.buffer = new Uint8Array(length);
    this.have = new ByteRanges(length);
    this.asked = new ByteRanges(length);
    for (const piece of pieces) this.store(piece.begin, piece.data);
  }

  /** Share of the file that has arrived, 0–1. */
  get progress(): number {
    return this.have.length ? this.have.size / this.have.length : 1;
  }

  get complete(): boolean {
    return this.have.complete;
  }

  /** pdf.js needs [begin, end). */
  override requestDataRange(begin: number, end: number): void {
    if (this.aborted) return;
    const range: ByteRange = [begin, Math.min(end, this.have.length)];
    if (this.have.covers(range[0], range[1])) {
      // Asynchronously, as a network answer would come: pdf.js registers its reader after asking.
      queueMicrotask(() => this.deliver(range));
      return;
    }
    this.pending.push(range);
    performance.mark(`bytes-wanted ${kb(range[0])}+${kb(range[1] - range[0])}`);
    for (const [b, e] of this.asked.missing(range[0], range[1])) {
      this.asked.add(b, e);
      this.ask(b, e);
    }
  }

  /** Bytes from the host. */
  receive(begin: number, data: Uint8Array): void {
    if (this.aborted) return;
    performance.mark(`bytes-came ${kb(begin)}+${kb(data.length)}`);
    this.store(begin, data);
    const waiting = this.pending;
    this.pending = [];
    for (const range of waiting) {
      if (this.have.covers(range[0], range[1])) this.deliver(range);
      else this.pending.push(range);
    }
    if (this.fillInFlight && this.have.covers(this.fillInFlight[0], this.fillInFlight[1])) this.fillInFlight = undefined;
    if (this.filling) this.fillNext();
  }

  /** Fetches the rest of the file in the background, one piece at a time, so later pages need no round trip. */
  fillRest(): void {
    this.filling = true;
    this.fillNext();
  }

  override abort(): void {
    this.aborted = true;
    this.pending = [];
  }

  private store(begin: number, data: Uint8Array): void {
    const end = Math.min(this.buffer.length, begin + data.length);
    if (begin < 0 || end <= begin) return;
    this.buffer.set(data.subarray(0, end - begin), begin);
    this.have.add(begin, end);
    this.asked.add(begin, end);
  }

  private deliver([begin, end]: ByteRange): void {
    if (this.aborted) return;
    // A copy: pdf.js hands it to its worker as a transferable, which would detach a view of the buffer.
    this.onDataRange(begin, this.buffer.slice(begin, end));
  }

  private fillNext(): void {
    if (this.fillInFlight || this.aborted) return;
    const next = this.asked.nextMissing(0, FILL_PIECE);
    if (!next) return;
    this.fillInFlight = next;
    this.asked.add(next[0], next[1]);
    this.ask(next[0], next[1]);
  }
}

/** For the performance marks the benchmark prints. */
const kb = (n: number) => `${Math.round(n / 1024)}K`;
