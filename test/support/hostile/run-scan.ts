import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./scan-child.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT_MAIN = join(ROOT, 'dist/cli/main.js');

/** The newest modification time of a file under `dir`, in ms. */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The built CLI when it is newer than every source file (CI builds before it tests): it starts
 * in half the time. Otherwise the TypeScript itself, through tsx.
 */
function cliMain(): { module: string; loader: string[] } {
  try {
    if (statSync(BUILT_MAIN).mtimeMs >= newestChange(join(ROOT, 'src'))) {
      return { module: BUILT_MAIN, loader: [] };
    }
  } catch {
    // No build: the sources it is.
  }
  return { module: join(ROOT, 'src/cli/main.ts'), loader: ['--import', 'tsx'] };
}

export interface ScanRun {
  /** The process's exit code; null when it had to be killed. */
  exitCode: number | null;
  /** main() from start to its return. */
  wallMs: number;
  /** From spawn until the process ended, start-up and any lingering included. */
  lifetimeMs: number;
  /** How long the process took to load before main() started. */
  startupMs: number;
  /** Peak resident memory of the whole process, in MiB. */
  peakRssMib: number;
  stdout: string;
  stderr: string;
  /** The process outlived `killAfterMs` and was killed. */
  killed: boolean;
  /** Sockets, timers and the like still open once main() had returned. */
  lingering: string[];
}

interface Metrics {
  exitCode: number;
  startupMs: number;
  wallMs: number;
  maxRssKb: number;
  lingering: string[];
}

/**
 * Runs `shipshape <args>` in a child process and measures it. The
 * child is killed once it outlives `killAfterMs`, so a hang fails the test instead of stalling it.
 */
export function runScan(args: readonly string[], killAfterMs: number): Promise<ScanRun> {
  const { module, loader } = cliMain();
  const started = performance.now();
  const child = spawn(process.execPath, [...loader, CHILD, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', SHIPSHAPE_MAIN: module },
  });
  const output = { stdout: '', stderr: '', metrics: '' };
  child.stdout!.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => {
    output.metrics += chunk.toString('utf8');
  });
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, killAfterMs);

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const metrics = parseMetrics(output.metrics);
      resolve({
        exitCode: code,
        wallMs: metrics?.wallMs ?? Number.NaN,
        lifetimeMs: performance.now() - started,
        startupMs: metrics?.startupMs ?? Number.NaN,
        peakRssMib: (metrics?.maxRssKb ?? Number.NaN) / 1024,
        stdout: output.stdout,
        stderr: output.stderr,
        killed,
        lingering: metrics?.lingering ?? ['no metrics'],
      });
    });
  });
}

function parseMetrics(text: string): Metrics | null {
  try {
    return JSON.parse(text) as Metrics;
  } catch {
    return null;
  }
}
