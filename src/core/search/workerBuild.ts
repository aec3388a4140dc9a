/**
 * The build as a pure function of serialisable input to serialisable output, for a worker: the host posts papers
 * (as `IndexablePaper`s) to a worker_thread (Node) or a Web Worker (browser), the worker calls this and posts the
 * result back, and the host loads it with `PaperIndex.loadAsync`, which never holds its thread for long. The
 * worker's own thread may block, so this runs straight through.
 */
import type { SerializedPaperIndex } from './format';
import type { IndexablePaper } from './indexablePaper';
import { PaperIndex, type PaperIndexOptions } from './paperIndex';

export interface IndexBuildRequest {
  readonly papers: readonly IndexablePaper[];
  readonly options?: PaperIndexOptions;
}

/** Builds and serialises an index. `onProgress` gets (papers done, total) every `progressEvery` papers. */
export function buildSerializedIndex(
  request: IndexBuildRequest,
  onProgress?: (done: number, total: number) => void,
  progressEvery = 1000,
): SerializedPaperIndex {
  const index = new PaperIndex(request.options);
  const { papers } = request;
  for (let start = 0; start < papers.length; start += progressEvery) {
    index.addAll(papers.slice(start, start + progressEvery));
    onProgress?.(Math.min(papers.length, start + progressEvery), papers.length);
  }
  return index.toJSON();
}
