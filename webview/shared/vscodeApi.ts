/** The one place that calls `acquireVsCodeApi()`: typed `post`, `getState`, `setState`. */
interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export interface WebviewApi<ToHost, State> {
  post(message: ToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<ToHost, State>(): WebviewApi<ToHost, State> {
  // One instance per page even when a page loads two bundles (acquireVsCodeApi throws the second time).
  const page = globalThis as { __marginaliaVsCodeApi?: VsCodeApi<unknown> };
  api ??= page.__marginaliaVsCodeApi ??= acquireVsCodeApi<unknown>();
  const raw = api;
  return {
    post: (message) => raw.postMessage(message),
    getState: () => raw.getState() as State | undefined,
    setState: (state) => raw.setState(state),
  };
}

/** Reads the bootstrap data the host put in `<body data-bootstrap>`. */
export function readBootstrap<T>(): T | undefined {
  const raw = document.body.dataset.bootstrap;
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** Creates an element with text content only: paper text never goes through HTML parsing. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}
