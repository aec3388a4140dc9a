/**
 * The hand-over between the reader's boot script and its main bundle (two bundles, one page, so the state lives on
 * `globalThis`). The boot script is a few hundred bytes run from `<head>`: it posts `ready` at once, so the host
 * starts sending the PDF (the slowest step on a remote extension host) while the 600 KB main bundle still loads,
 * and keeps what arrives until the main bundle takes over. Either may run first; `ready` is posted once.
 */
interface BootState {
  readyPosted: boolean;
  readonly buffered: unknown[];
  listener?: (event: MessageEvent) => void;
  /** pdf.js's worker, started by the boot script so it loads while the main bundle does. */
  worker?: Promise<Worker>;
}

function bootState(): BootState {
  const page = globalThis as { __marginaliaPdfBoot?: BootState };
  return (page.__marginaliaPdfBoot ??= { readyPosted: false, buffered: [] });
}

/** The boot script: keep messages for the main bundle and say `ready`, unless the main bundle already did. */
export function bootEarly(postReady: () => void): void {
  const state = bootState();
  if (state.readyPosted) return;
  state.listener = (event) => state.buffered.push(event.data);
  window.addEventListener('message', state.listener);
  state.readyPosted = true;
  postReady();
}

/** The main bundle, once its own listener is attached: the messages that came before, and `ready` if not said yet. */
export function takeOver(postReady: () => void): unknown[] {
  const state = bootState();
  if (state.listener) window.removeEventListener('message', state.listener);
  state.listener = undefined;
  const early = state.buffered.splice(0);
  if (!state.readyPosted) {
    state.readyPosted = true;
    postReady();
  }
  return early;
}

/**
 * pdf.js's worker as a blob: module (a worker script given as a webview resource URL never loads on code-server),
 * from its gzipped copy (inflated here, unless the browser already did). Started by whichever bundle runs first: its
 * script (0.37 MB gzipped, 1.2 MB inflated) is then fetched, compiled and run off the main thread while the main
 * bundle loads, instead of after it.
 */
export function pdfWorker(workerUrl: string): Promise<Worker> {
  const state = bootState();
  state.worker ??= (async () => {
    const response = await fetch(workerUrl);
    if (!response.ok) throw new Error(`the PDF worker did not load (${response.status})`);
    const blob = new Blob([await inflated(await response.arrayBuffer())], { type: 'text/javascript' });
    // The blob URL stays valid for the page's life: the worker may fetch it again while starting.
    const worker = new Worker(URL.createObjectURL(blob), { type: 'module', name: 'pdf.js worker' });
    // pdf.js's worker says `ready` once its 1.2 MB module has run: a milestone in the benchmark's timelines.
    const onReady = (event: MessageEvent) => {
      if ((event.data as { action?: string } | null)?.action !== 'ready') return;
      performance.mark('pdf-worker-ready');
      worker.removeEventListener('message', onReady);
    };
    worker.addEventListener('message', onReady);
    performance.mark('pdf-worker-created');
    return worker;
  })();
  return state.worker;
}

/**
 * The worker's source from what was fetched: the extension ships it gzipped (a quarter of the bytes through VS Code's
 * resource loading); a server that sent it with `Content-Encoding: gzip` had the browser inflate it already.
 */
export async function inflated(bytes: ArrayBuffer): Promise<ArrayBuffer> {
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] !== 0x1f || head[1] !== 0x8b) return bytes;
  if (typeof DecompressionStream !== 'function') throw new Error('the PDF worker could not be unpacked: this browser has no DecompressionStream');
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
}
