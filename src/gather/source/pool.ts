import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BudgetError } from '../../core/errors.js';
import { extractFile } from './extract.js';
import type { FileFacts } from './types.js';

export interface ExtractBatch {
  root: string;
  paths: string[];
}

export interface ExtractOptions {
  signal: AbortSignal;
  /** Worker threads to parse with; 0 parses on this thread. Default: by the amount of code. */
  workers?: number;
}

/** Below this much code, starting workers costs more than it saves. */
const IN_PROCESS_BYTES = 4 * 1024 * 1024;
const MAX_WORKERS = 4;
const BATCH_FILES = 32;

/**
 * Lets the event loop turn: the parser's native trees are freed by finalizers that only run
 * between turns, so a long synchronous loop would hold every tree it ever made.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The facts of every file, in the order given, parsed on worker threads for large projects. */
export async function extractFiles(
  root: string,
  files: Array<{ path: string; size: number }>,
  options: ExtractOptions,
): Promise<FileFacts[]> {
  const bytes = files.reduce((sum, file) => sum + file.size, 0);
  const automatic = bytes > IN_PROCESS_BYTES ? Math.min(availableParallelism(), MAX_WORKERS) : 0;
  const workers = Math.min(options.workers ?? automatic, Math.ceil(files.length / BATCH_FILES));
  const paths = files.map((file) => file.path);
  return workers > 0
    ? extractOnWorkers(root, paths, workers, options.signal)
    : extractHere(root, paths, options.signal);
}

async function extractHere(
  root: string,
  paths: string[],
  signal: AbortSignal,
): Promise<FileFacts[]> {
  const results: FileFacts[] = [];
  for (const [i, path] of paths.entries()) {
    if (signal.aborted) throw new BudgetError('the scan time budget ran out');
    results.push(extractFile(root, path));
    if (i % 8 === 7) await yieldToLoop();
  }
  return results;
}

function extractOnWorkers(
  root: string,
  paths: string[],
  count: number,
  signal: AbortSignal,
): Promise<FileFacts[]> {
  const batches: string[][] = [];
  for (let start = 0; start < paths.length; start += BATCH_FILES) {
    batches.push(paths.slice(start, start + BATCH_FILES));
  }
  const results: FileFacts[][] = new Array(batches.length);
  const pool = Array.from({ length: count }, startWorker);

  return new Promise<FileFacts[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      for (const worker of pool) void worker.terminate();
      if (error) reject(error);
      else resolve(results.flat());
    };
    const onAbort = () => finish(new BudgetError('the scan time budget ran out'));
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();

    const feed = (worker: Worker) => {
      const index = next;
      next += 1;
      if (index >= batches.length) return;
      worker.once('message', (facts: FileFacts[]) => {
        results[index] = facts;
        done += 1;
        if (done === batches.length) finish();
        else feed(worker);
      });
      worker.postMessage({ root, paths: batches[index]! } satisfies ExtractBatch);
    };
    for (const worker of pool) {
      worker.on('error', (error) => finish(error));
      feed(worker);
    }
  });
}

/**
 * Starts the worker module beside this one: the built `.js`, or when run from source the
 * `.ts` through tsx's loader, which a worker thread does not inherit from its parent.
 */
function startWorker(): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./worker${extension}`, import.meta.url);
  if (extension === '.js') return new Worker(url);
  const loader = import.meta.resolve('tsx/esm/api');
  const code =
    `import(${JSON.stringify(loader)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true });
}
