import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { extractFile } from './extract.js';
import { type ExtractBatch, yieldToLoop } from './pool.js';

/**
 * The parser's trees live in native memory that V8 does not count, so its collector sees no
 * pressure and lets thousands of dead trees pile up. A collection after each batch frees
 * them: a few milliseconds on this thread's small heap, against hundreds of megabytes.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

// Parses batches of files off the main thread and sends their facts back as plain data.
parentPort?.on('message', async (batch: ExtractBatch) => {
  const results = [];
  for (const [i, path] of batch.paths.entries()) {
    results.push(extractFile(batch.root, path));
    if (i % 8 === 7) await yieldToLoop();
  }
  collect();
  await yieldToLoop();
  parentPort?.postMessage(results);
});
