/**
 * Worker side of the benchmark's worker build, as the host would run it: collects papers, builds and saves the index,
 * then posts the saved form back chunk by chunk, so that no single message makes the host thread copy tens of
 * megabytes at once.
 */
import { parentPort, workerData } from 'node:worker_threads';

const core = await import(workerData.core);
const papers = [];
parentPort.on('message', (m) => {
  if (m.type === 'papers') {
    papers.push(...m.papers);
    return;
  }
  const saved = core.buildSerializedIndex({ papers });
  papers.length = 0;
  const chunked = ['ids', 'signatures', 'terms', 'postings'];
  for (const field of chunked) saved[field].forEach((text, i) => parentPort.postMessage({ type: 'chunk', field, i, text }));
  const rest = Object.fromEntries(Object.entries(saved).filter(([key]) => !chunked.includes(key)));
  parentPort.postMessage({ type: 'done', rest, counts: Object.fromEntries(chunked.map((f) => [f, saved[f].length])) });
});
