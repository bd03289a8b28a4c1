// Benchmark of a scan against each hostile server of test/support/hostile/: one full scan per
// behaviour, in a child process of its own (the suite's runner), one at a time so that the
// figures do not disturb each other. Prints per behaviour the wall time of main(), the peak
// RSS of the scanning process (its own process.resourceUsage().maxRSS, reported by
// scan-child.mjs), the exit code, the share of the time budget used, and the status of each
// HTTP and TLS item, against a well-behaved server's scan first.
//
//   npx tsx scripts/bench-hostile.ts [--concurrency 1] [behaviour ...]
import { parseArgs } from 'node:util';
import {
  type HostileBehaviour,
  HTTP_BEHAVIOURS,
  TLS_BEHAVIOURS,
} from '../test/support/hostile/behaviours.js';
import {
  type HostileOutcome,
  mapLimit,
  scanHostile,
  statusOf,
  TIME_BUDGET_S,
} from '../test/support/hostile/harness.js';
import { startOtherHost } from '../test/support/hostile/servers.js';
import { HTTP_ITEMS, TLS_ITEMS } from '../test/support/hostile/suite.js';

const ITEMS = [...HTTP_ITEMS, ...TLS_ITEMS];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, index) =>
    Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (row: string[]) =>
    `| ${row.map((cell, index) => cell.padEnd(widths[index]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`]
    .concat(rows.map(line))
    .join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { concurrency: { type: 'string', default: '1' } },
  });
  const known: readonly string[] = [...HTTP_BEHAVIOURS, ...TLS_BEHAVIOURS];
  const unknown = positionals.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    console.error(`unknown behaviours: ${unknown.join(', ')}; known: ${known.join(', ')}`);
    return 2;
  }
  const chosen = (positionals.length > 0 ? positionals : known) as HostileBehaviour[];
  const all: HostileBehaviour[] = ['well-behaved', ...chosen];

  const other = await startOtherHost();
  let results: Array<HostileOutcome | { behaviour: HostileBehaviour; error: string }>;
  try {
    results = await mapLimit(all, Math.max(1, Number(values.concurrency)), async (behaviour) => {
      try {
        const outcome = await scanHostile(behaviour, other);
        console.error(`# ${behaviour}: done in ${(outcome.run.wallMs / 1000).toFixed(2)} s`);
        return outcome;
      } catch (error) {
        return { behaviour, error: String(error) };
      }
    });
  } finally {
    await other.close();
  }

  const baseline = results.find((result) => result.behaviour === 'well-behaved');
  const base = baseline && 'report' in baseline ? baseline.report : undefined;
  const rows = results.map((result) => {
    if (!('run' in result)) return [result.behaviour, ...Array(7).fill('-'), result.error];
    const { run, report } = result;
    const changed = base
      ? ITEMS.filter((id) => statusOf(report, id) !== statusOf(base, id)).length
      : 0;
    return [
      result.behaviour,
      (run.wallMs / 1000).toFixed(2),
      (run.startupMs / 1000).toFixed(2),
      String(Math.round(run.peakRssMib)),
      String(run.exitCode) + (run.killed ? ' (killed)' : ''),
      `${Math.round((run.wallMs / (TIME_BUDGET_S * 1000)) * 100)}%`,
      `${report.stats.requests}`,
      `${changed}/${ITEMS.length}`,
      run.lingering.length > 0 ? `lingering: ${run.lingering.join(' ')}` : '',
    ];
  });
  console.log(
    `time budget ${TIME_BUDGET_S} s per scan; scans run ${values.concurrency} at a time; ` +
      'wall: main() only; start-up: loading the CLI before it; ' +
      'peak RSS: the child process\u2019s own maxRSS',
  );
  console.log(
    table(
      [
        'behaviour',
        'wall s',
        'start-up s',
        'peak RSS MiB',
        'exit',
        'budget used',
        'requests',
        'items changed vs well-behaved',
        'note',
      ],
      rows,
    ),
  );

  // p pass, f fail, w warn, s skip, E error, m manual.
  const letter = (status: string | undefined) => (status === 'error' ? 'E' : (status?.[0] ?? '?'));
  console.log('\nitem statuses (p pass, f fail, w warn, s skip, E error, m manual):');
  console.log(
    table(
      ['behaviour', ...ITEMS],
      results.map((result) => [
        result.behaviour,
        ...ITEMS.map((id) => ('report' in result ? letter(statusOf(result.report, id)) : '-')),
      ]),
    ),
  );
  console.log(
    `\nconnections that reached the other host (127.0.0.2): ${other.record.connections}, ` +
      `bytes ${other.record.bytes}`,
  );
  return results.every((result) => 'run' in result && !result.run.killed) ? 0 : 1;
}

process.exitCode = await main();
