/**
 * pdf.js's worker in a thread of the extension host (pdfWorkerThread.ts), shared by every open reader, where the
 * host runs on Node (desktop, remote, code-server). In the browser extension host there are no threads to start: the
 * webview then runs pdf.js's worker itself, as it does when the `marginalia.pdf.worker` setting says `webview`.
 *
 * The thread starts with the first reader and stays up a while after the last one closes, so pdf.js's code is
 * compiled and warm for the next PDF (the first page of a second PDF is prepared in about a third of the time).
 */
import type { EncodedMessage } from '../../core/pdf/messageCodec';
import type { FromPdfThread, ToPdfThread } from './pdfThreadProtocol';
import { errorText } from '../../core/errorText';

/** How long the thread waits for another reader after the last one closed, unless told otherwise. */
export const IDLE_STOP_MS = 5 * 60_000;

/**
 * How much the extension host may grow while pdf.js works, unless told otherwise. pdf.js keeps what it decodes in
 * ArrayBuffers, which V8's heap limits (`resourceLimits`) do not count: a 1 MB PDF whose one stream inflates to a
 * gigabyte grew the host by 2 GB in seconds. So the host itself watches its memory while the thread runs.
 */
export const MEMORY_BUDGET_BYTES = 1_500_000_000;

/** Why a channel failed when the thread was stopped for using too much memory: that reader's PDF is too large. */
export const TOO_LARGE = 'too-large';
/** Why the other channels failed then: their PDFs are fine, and a new thread can open them again. */
export const STOPPED_FOR_MEMORY = 'the thread was stopped: another PDF used too much memory';

export interface PdfChannelEvents {
  /** A message of pdf.js's worker for the webview. */
  message(message: EncodedMessage): void;
  /**
   * The thread stopped or failed (after it started, or while starting). `TOO_LARGE` when this reader's PDF made it
   * use too much memory; any other reason is the thread's (a new channel starts a new thread).
   */
  failed(reason: string): void;
  /** A message could not be passed on; the thread goes on. */
  warning(reason: string): void;
}

/** One reader's way to the thread. */
export interface PdfChannel {
  /** True once pdf.js's worker runs in the thread; false if the thread could not start. */
  readonly started: Promise<boolean>;
  /** The bytes of the file the next document opens. */
  setFile(bytes: Uint8Array): void;
  /** A message from the webview. */
  post(message: EncodedMessage): void;
  /** The webview is gone: the thread ends its documents. Resolves with how many it ended. */
  close(): Promise<number>;
}

/** Whether this extension host can run threads (the browser extension host cannot). */
export function canRunPdfThread(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

type NodeWorker = import('node:worker_threads').Worker;

interface Running {
  readonly worker: NodeWorker;
  readonly started: Promise<boolean>;
  failed: boolean;
  /** Polls the host's memory while the thread runs. */
  guard?: ReturnType<typeof setInterval>;
}

export interface PdfThreadLimits {
  /** How long the thread outlives the last reader. */
  readonly idleStopMs?: () => number;
  /** How far the host's resident memory may grow above where it was when the thread started. */
  readonly memoryBudgetBytes?: number;
  /** How often the memory is looked at. */
  readonly memoryPollMs?: number;
}

export class SharedPdfThread {
  private running: Running | undefined;
  private readonly channels = new Map<number, PdfChannelEvents>();
  private readonly closing = new Map<number, (documents: number) => void>();
  private nextChannel = 1;
  /** The channel that last asked pdf.js for work: the one whose PDF is blamed when memory runs over. */
  private lastBusy: number | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  /**
   * `script` is dist/pdfWorkerThread.js; `assetRoot` the folder of pdf.js's CMaps, standard fonts and WebAssembly
   * decoders (dist/media/pdfjs); `limits` how long the thread outlives the last reader and how much memory it may take.
   */
  constructor(
    private readonly script: string,
    private readonly assetRoot: string | undefined,
    private readonly log: (message: string) => void,
    private readonly limits: PdfThreadLimits = {},
  ) {}

  private idleStopMs(): number {
    return this.limits.idleStopMs?.() ?? IDLE_STOP_MS;
  }

  /** A channel for one reader; undefined where threads cannot run. */
  open(events: PdfChannelEvents): PdfChannel | undefined {
    if (this.disposed || !canRunPdfThread()) return undefined;
    const running = this.ensureRunning();
    if (!running) return undefined;
    clearTimeout(this.idleTimer);
    const channel = this.nextChannel++;
    this.channels.set(channel, events);
    let open = true;
    const send = (message: ToPdfThread, transfer: ArrayBuffer[] = []) => {
      if (!open || running.failed || this.running !== running) return;
      try {
        running.worker.postMessage(message, transfer);
      } catch {
        // A buffer Node will not move (one of its pools): copied instead.
        running.worker.postMessage(message);
      }
    };
    return {
      started: running.started,
      setFile: (bytes) => {
        // Moved, not copied, when the bytes are a buffer of their own.
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
        send({ kind: 'file', channel, bytes }, own ? [bytes.buffer as ArrayBuffer] : []);
      },
      post: (message) => {
        this.lastBusy = channel;
        send({ kind: 'message', channel, ...message }, message.bytes ? [message.bytes] : []);
      },
      close: () => {
        if (!open) return Promise.resolve(0);
        const ended = new Promise<number>((resolve) => this.closing.set(channel, resolve));
        send({ kind: 'close', channel });
        open = false;
        this.channels.delete(channel);
        if (running.failed || this.running !== running) {
          this.closing.get(channel)?.(0);
          this.closing.delete(channel);
        }
        this.scheduleIdleStop();
        return ended;
      },
    };
  }

  /** Readers using the thread now. */
  get channelCount(): number {
    return this.channels.size;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    this.stop();
  }

  private ensureRunning(): Running | undefined {
    if (this.running && !this.running.failed) return this.running;
    let threads: typeof import('node:worker_threads');
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      threads = require('node:worker_threads') as typeof import('node:worker_threads');
    } catch {
      return undefined;
    }
    let worker: NodeWorker;
    try {
      // The heap limit stops pdf.js's JavaScript objects (a page with millions of operators); the memory guard
      // below stops its buffers.
      worker = new threads.Worker(this.script, {
        name: 'pdf.js worker',
        workerData: { assetRoot: this.assetRoot },
        resourceLimits: { maxOldGenerationSizeMb: 1024 },
      });
    } catch (error) {
      this.log(`PDF reader: cannot start pdf.js's worker thread: ${errorText(error)}`);
      return undefined;
    }
    // Never keep the extension host alive for a thread that only waits.
    worker.unref();
    let resolveStarted: (ok: boolean) => void = () => undefined;
    const running: Running = { worker, started: new Promise<boolean>((resolve) => (resolveStarted = resolve)), failed: false };
    let culprit: number | undefined;
    const fail = (reason: string) => {
      if (running.failed) return;
      running.failed = true;
      clearInterval(running.guard);
      resolveStarted(false);
      if (this.running === running) this.running = undefined;
      for (const resolve of this.closing.values()) resolve(0);
      this.closing.clear();
      const channels = [...this.channels];
      this.channels.clear();
      if (!this.disposed) for (const [channel, events] of channels) events.failed(channel === culprit ? TOO_LARGE : reason);
    };
    // Memory pdf.js takes shows in the host's resident size; past the budget the thread is ended (terminate stops
    // it even inside a decoding loop) and the reader that asked for the work is told its PDF is too large.
    const budget = this.limits.memoryBudgetBytes ?? MEMORY_BUDGET_BYTES;
    const baseline = process.memoryUsage.rss();
    running.guard = setInterval(() => {
      const grown = process.memoryUsage.rss() - baseline;
      if (grown <= budget || running.failed) return;
      culprit = this.lastBusy;
      this.log(`PDF reader: pdf.js's thread took ${Math.round(grown / 1_000_000)} MB, more than ${Math.round(budget / 1_000_000)} MB: stopped`);
      void worker.terminate();
      fail(STOPPED_FOR_MEMORY);
    }, this.limits.memoryPollMs ?? 100);
    (running.guard as { unref?: () => void }).unref?.();
    worker.on('message', (message: FromPdfThread) => {
      switch (message.kind) {
        case 'started':
          resolveStarted(true);
          return;
        case 'message':
          this.channels.get(message.channel)?.message({ json: message.json, bytes: message.bytes, ...(message.deflated ? { deflated: true } : {}) });
          return;
        case 'error': {
          const events = this.channels.get(message.channel);
          if (events) events.warning(message.message);
          else this.log(`PDF reader: pdf.js worker thread: ${message.message}`);
          return;
        }
        case 'closed':
          this.closing.get(message.channel)?.(message.documents);
          this.closing.delete(message.channel);
          return;
      }
    });
    worker.on('error', (error) => {
      if ((error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') culprit = this.lastBusy;
      fail(errorText(error));
    });
    worker.on('exit', (code) => fail(`the thread stopped (exit code ${code})`));
    this.running = running;
    this.log(`PDF reader: started pdf.js's worker thread`);
    return running;
  }

  private scheduleIdleStop(): void {
    clearTimeout(this.idleTimer);
    if (this.channels.size > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.channels.size === 0) this.stop();
    }, this.idleStopMs());
    // The timer alone never keeps the extension host alive.
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private stop(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    // Stopping on purpose is no failure: the channels (none, or the host is closing) are not told.
    running.failed = true;
    clearInterval(running.guard);
    for (const resolve of this.closing.values()) resolve(0);
    this.closing.clear();
    void running.worker.terminate();
  }
}
