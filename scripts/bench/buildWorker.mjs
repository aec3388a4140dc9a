/** Worker side of the benchmark's worker build: collects papers, builds and serialises the index, posts it back. */
import { parentPort, workerData } from 'node:worker_threads';

const core = await import(workerData.core);
const papers = [];
parentPort.on('message', (m) => {
  if (m.type === 'papers') papers.push(...m.papers);
  else if (m.type === 'build') parentPort.postMessage({ type: 'done', index: core.buildSerializedIndex({ papers }) });
});
