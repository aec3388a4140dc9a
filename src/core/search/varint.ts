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
  private flushed = 0;
  private readonly parts: string[] = [];

  /** Characters written so far. */
  get size(): number {
    return this.flushed + this.length;
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

  /** Appends characters that are already encoded (a span copied from another saved index). */
  writeRaw(encoded: string): void {
    this.flush();
    this.parts.push(encoded);
    this.flushed += encoded.length;
  }

  toString(): string {
    this.flush();
    return this.parts.join('');
  }

  private flush(): void {
    // Chunks small enough for the argument limit of String.fromCharCode.apply.
    for (let i = 0; i < this.length; i += 8192) {
      this.parts.push(String.fromCharCode.apply(null, this.buffer.subarray(i, Math.min(this.length, i + 8192)) as unknown as number[]));
    }
    this.flushed += this.length;
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
