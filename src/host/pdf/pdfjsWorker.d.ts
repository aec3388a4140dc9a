/** pdf.js's worker module (the legacy build, for Node), which ships without type declarations. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  import type { WorkerSidePort } from '../../core/pdf/workerRelay';
  export const WorkerMessageHandler: { initializeFromPort(port: WorkerSidePort): void };
}
