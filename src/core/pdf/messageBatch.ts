/**
 * pdf.js's messages between the extension host's thread and the webview cross in batches: what one side posts in one
 * turn goes as one encoded message (`combineMessages`), each message encoded when it is posted. Every crossing is a webview message, which VS Code relays
 * through the extension host and the workbench's main thread (on code-server the webview's own thread too); pdf.js
 * sends a message per request and per answer, such as the 500 page sizes of a 500-page PDF, and bench:pdf's scroll
 * counted a thousand crossings in its first 40 steps.
 */
import { combineMessages, encodeOrReport, type EncodedMessage } from './messageCodec';

export class MessageBatcher {
  private pending: EncodedMessage[] = [];
  private scheduled = false;

  /**
   * `send` gets each batch; `onError` hears of a message that could not be encoded (it is dropped, as a port drops
   * what it cannot clone); `schedule` runs the flush after the messages of this turn (a microtask in the page, a timer
   * in the thread).
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
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Sends what is pending now. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.send(combineMessages(batch));
  }

  /** Forgets what is pending (the side has closed). */
  drop(): void {
    this.pending = [];
  }
}
