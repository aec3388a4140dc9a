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
