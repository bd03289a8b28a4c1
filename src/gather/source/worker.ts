import { parentPort } from 'node:worker_threads';
import { extractFile } from './extract.js';
import { type ExtractBatch, yieldToLoop } from './pool.js';

// Parses batches of files off the main thread and sends their facts back as plain data.
parentPort?.on('message', async (batch: ExtractBatch) => {
  const results = [];
  for (const [i, path] of batch.paths.entries()) {
    results.push(extractFile(batch.root, path));
    if (i % 8 === 7) await yieldToLoop();
  }
  parentPort?.postMessage(results);
});
