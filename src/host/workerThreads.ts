/**
 * Node's `worker_threads`, where the extension host runs on Node (desktop, remote, code-server). The browser
 * extension host has none: callers then do the work on their own thread. Loaded on first use, so the browser bundle
 * never loads it (esbuild leaves `node:worker_threads` external there).
 */
export async function nodeWorkerThreads(): Promise<typeof import('node:worker_threads') | undefined> {
  if (typeof process === 'undefined' || !process.versions?.node) return undefined;
  try {
    return await import('node:worker_threads');
  } catch {
    return undefined;
  }
}
