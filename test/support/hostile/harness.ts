import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../src/core/types.js';
import { productionWeb } from '../../../src/profiles/production-web.js';
import { createRegistry } from '../../../src/scan.js';
import type { HostileBehaviour } from './behaviours.js';
import { makeProject } from './project.js';
import type { ServerRecord } from './recorder.js';
import { runScan, type ScanRun } from './run-scan.js';
import { type RecordingServer, startHostileServer } from './servers.js';

/** The scan's whole time budget in the hostile tests, in seconds. */
export const TIME_BUDGET_S = 6;
/** One request's deadline, in seconds. */
export const REQUEST_TIMEOUT_S = 2;
/** What rendering the reports may add after the budget runs out. */
export const BUDGET_MARGIN_MS = 2000;
/**
 * How long the process may live on after main() returned. Open sockets are caught exactly
 * (see scan-child.ts); this only bounds exit's own cost, generous for a loaded machine.
 */
export const LINGER_MS = 8000;
/** Peak memory of one scan's process; a normal scan under tsx takes about 160 MiB. */
export const MEMORY_BOUND_MIB = 384;

export interface HostileOutcome {
  behaviour: HostileBehaviour;
  run: ScanRun;
  report: Report;
  /** The other report formats, as written. */
  outputs: { markdown: string; sarif: string; terminal: string };
  record: ServerRecord;
}

/** Starts the hostile server, scans it with the CLI in a child process, and stops it. */
export async function scanHostile(
  behaviour: HostileBehaviour,
  other: RecordingServer,
): Promise<HostileOutcome> {
  const server = await startHostileServer(behaviour, { otherOrigin: other.origin });
  const project = makeProject({
    url: server.origin,
    otherHostPort: other.port,
    timeBudget: TIME_BUDGET_S,
    requestTimeout: REQUEST_TIMEOUT_S,
    ports: [server.port],
  });
  try {
    const file = (name: string) => join(project.dir, name);
    const args = ['scan', '--project', project.dir];
    for (const [format, name] of [
      ['json', 'report.json'],
      ['markdown', 'report.md'],
      ['sarif', 'report.sarif'],
    ]) {
      args.push('--format', format!, '--output', file(name!));
    }
    const run = await runScan([...args, '--format', 'terminal'], TIME_BUDGET_S * 1000 + 30_000);
    const read = (name: string) => readFileSync(file(name), 'utf8');
    return {
      behaviour,
      run,
      report: JSON.parse(read('report.json')) as Report,
      outputs: { markdown: read('report.md'), sarif: read('report.sarif'), terminal: run.stdout },
      record: server.record,
    };
  } finally {
    await server.close();
    project.remove();
  }
}

/** Runs `work` over `inputs`, at most `limit` at a time, keeping the order. */
export async function mapLimit<T, R>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next;
      next += 1;
      results[index] = await work(inputs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

/** Items whose every check reads only what static gatherers produce: no target can move them. */
export function staticItemIds(): string[] {
  const registry = createRegistry();
  const isStatic = (checkId: string) =>
    (registry.checks.get(checkId)?.needs ?? []).every(
      (artifact) => registry.gatherers.get(artifact)?.kind === 'static',
    );
  return productionWeb.items
    .filter((item) => item.checks.length > 0 && item.checks.every(isStatic))
    .map((item) => item.id);
}

export function statusOf(report: Report, itemId: string): string | undefined {
  return report.items.find((item) => item.id === itemId)?.status;
}

/** One line per scan, for the note on wall time and peak memory. */
export function describeOutcome(outcome: HostileOutcome): string {
  const { run } = outcome;
  const seconds = (run.wallMs / 1000).toFixed(2);
  return `${outcome.behaviour}: ${seconds} s, ${Math.round(run.peakRssMib)} MiB, exit ${run.exitCode}`;
}
