/**
 * Non-negative integers packed into JSON-safe strings, for the saved index.
 *
 * Postings are millions of small numbers: as JSON arrays they cost a parse per number and ~3 bytes each; here most
 * take one character and decode in a tight charCodeAt loop. Each character carries 5 bits; the upper half of the
 * 64-character alphabet marks "more characters follow". The alphabet needs no escaping in JSON.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const CODE = Array.from(ALPHABET, (c) => c.charCodeAt(0));

export class VarintWriter {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  /** Flushed pieces of the current chunk. */
  private pieces: string[] = [];
  private piecesSize = 0;
  private readonly chunks: string[] = [];
  private chunksSize = 0;

  /** Characters written so far. */
  get size(): number {
    return this.chunksSize + this.piecesSize + this.length;
  }

  /** Characters in the current chunk. */
  get chunkSize(): number {
    return this.piecesSize + this.length;
  }

  write(value: number): void {
    if (!(value >= 0) || !Number.isSafeInteger(value)) throw new RangeError(`varint: cannot encode ${value}`);
    if (this.length + 12 > this.buffer.length) this.flush();
    const buffer = this.buffer;
    let v = value;
    while (v >= 32) {
      buffer[this.length++] = CODE[32 + (v % 32)];
      v = Math.floor(v / 32);
    }
    buffer[this.length++] = CODE[v];
  }

  /** Appends characters that are already encoded (a record copied from a saved index). */
  writeRaw(encoded: string): void {
    for (let i = 0; i < encoded.length; i++) {
      if (this.length === this.buffer.length) this.flush();
      this.buffer[this.length++] = encoded.charCodeAt(i);
    }
  }

  /** Closes the current chunk: what follows starts a new string. */
  endChunk(): void {
    this.flush();
    if (this.pieces.length === 0) return;
    this.chunks.push(this.pieces.join(''));
    this.chunksSize += this.piecesSize;
    this.pieces = [];
    this.piecesSize = 0;
  }

  /** Everything written, as the chunks closed by `endChunk` (and the last one). */
  toChunks(): string[] {
    this.endChunk();
    return this.chunks;
  }

  /** Everything written, as one string (for the small streams). */
  toString(): string {
    return this.toChunks().join('');
  }

  private flush(): void {
    // Pieces small enough for the argument limit of String.fromCharCode.apply.
    for (let i = 0; i < this.length; i += 8192) {
      this.pieces.push(String.fromCharCode.apply(null, this.buffer.subarray(i, Math.min(this.length, i + 8192)) as unknown as number[]));
    }
    this.piecesSize += this.length;
    this.length = 0;
  }
}

export class VarintReader {
  constructor(
    private readonly text: string,
    /** Index of the next character to read. */
    public position = 0,
  ) {}

  get done(): boolean {
    return this.position >= this.text.length;
  }

  read(): number {
    const text = this.text;
    let value = 0;
    let scale = 1;
    for (;;) {
      const code = text.charCodeAt(this.position++);
      const digit = code < 128 ? VALUE[code] : -1;
      if (digit < 0) throw new RangeError(`varint: bad character at ${this.position - 1}`);
      if (digit < 32) return value + digit * scale;
      value += (digit - 32) * scale;
      scale *= 32;
    }
  }
}
