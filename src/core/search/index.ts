/** The search index: MiniSearch with a fast query path, filters, related papers and a versioned saved form. */
export { PaperIndex, type PaperIndexOptions, type SearchHit, type SearchOptions, type SearchResponse } from './paperIndex';
export { type SearchFilter } from './filters';
export { highlightQuery, highlightRanges, type HighlightRange } from './highlight';
export { toIndexable, SEARCH_FIELDS, type IndexablePaper, type SearchField } from './indexablePaper';
export { IndexFormatError, INDEX_FORMAT_VERSION, type IndexFormatProblem, type SaveOptions, type SerializedPaperIndex } from './format';
export { IndexCancelledError, type CancelSignal, type ChunkOptions, type Scheduler } from './chunked';
export { buildSerializedIndex, type IndexBuildRequest } from './workerBuild';
export {
  indexViaWorker,
  indexWorkerHandler,
  type FromIndexWorker,
  type IndexViaWorkerOptions,
  type IndexWorkerHost,
  type IndexWorkerPort,
  type ToIndexWorker,
  type WorkerIndex,
} from './indexWorker';
