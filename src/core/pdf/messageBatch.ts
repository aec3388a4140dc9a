/**
 * pdf.js's messages between the extension host's thread and the webview cross in batches: what one side posts in one
 * turn goes as one encoded message (`combineMessages`), each message encoded when it is posted. Every crossing is a
 * webview message, which VS Code relays through the extension host and the workbench's main thread (on code-server
 * the webview's own thread too); pdf.js sends a message per request and per answer, such as the 500 page sizes of a
 * 500-page PDF, and bench:pdf's scroll counted a thousand crossings in its first 40 steps.
 */
import { errorText } from '../errorText';
import { combineMessages, encodeOrReport, type EncodedMessage } from './messageCodec';

/**
 * A batch this large goes at once, without waiting for the end of the turn: a page's operations and images are not
 * held back (pdf.js's worker makes a whole page in one chain of promises, in which no timer runs), and a batch never
 * holds more than this beside one large message.
 */
export const BATCH_FLUSH_CHARS = 64 * 1024;

export class MessageBatcher {
  private pending: EncodedMessage[] = [];
  /** JSON characters and bytes pending. */
  private size = 0;
  private scheduled = false;

  /**
   * `send` gets each batch; `onError` hears of a message that could not be encoded (it is dropped, as a port drops
   * what it cannot clone) or a batch that could not be sent; `schedule` runs the flush after the messages of this
   * turn (a microtask in the page, a timer in the thread).
   */
  constructor(
    private readonly send: (encoded: EncodedMessage) => void,
    private readonly onError: (error: Error) => void,
    private readonly schedule: (flush: () => void) => void,
  ) {}

  add(message: unknown): void {
    const encoded = encodeOrReport(message, this.onError);
    if (!encoded) return;
    this.pending.push(encoded);
    this.size += encoded.json.length + (encoded.bytes?.byteLength ?? 0);
    if (this.size >= BATCH_FLUSH_CHARS) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends what is pending now. */
  flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.size = 0;
    if (batch.length === 0) return;
    try {
      this.send(combineMessages(batch));
    } catch (error) {
      // Run from a timer in the thread: thrown there, it would end the thread and every reader's pdf.js with it.
      this.onError(new Error(`${batch.length} message(s) of pdf.js's could not be sent: ${errorText(error)}`));
    }
  }

  /** Forgets what is pending (the relay has closed). */
  drop(): void {
    this.pending = [];
    this.size = 0;
  }
}
