import { existsSync } from 'node:fs';
import { type Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../core/errors.js';
import { FAIL_ON_LEVELS, type FailOn } from '../core/gate.js';
import type { Report } from '../core/types.js';
import { describeCounts, runMonitor } from '../monitor/run.js';
import { databasePath, HistoryStore, type ScanSummary } from '../monitor/store.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { resolveConfig, scan } from '../scan.js';
import { exitCodeFor } from './exit-codes.js';
import type { Io } from './main.js';
import { targetOptions } from './scan-extras.js';

type SetExit = (code: number) => void;

const SHOW_FORMATS = ['terminal', 'json', 'markdown'] as const;
type ShowFormat = (typeof SHOW_FORMATS)[number];

/** The configuration's own bounds for monitor.interval. */
const MIN_INTERVAL = 1;
const MAX_INTERVAL = 7 * 86_400;

/** `shipshape monitor` and `shipshape history`. */
export function addMonitorCommands(program: Command, io: Io, setExit: SetExit): void {
  addMonitor(program, io, setExit);
  addHistory(program, io, setExit);
}

function addMonitor(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('monitor')
    .description('Scan on an interval, store every report, and report drift since the last scan')
    .option('--project <dir>', 'project folder to audit (default: the current folder)')
    .option('--url <url>', 'URL of the live deployment to probe')
    .option('--config <file>', 'configuration file (default: shipshape.yaml in the project)')
    .option('--ca <file>', 'PEM certificate of the CA that signed the target certificate')
    .option('--database-url <url>', 'Postgres URL of the application role, for the database checks')
    .option('--passive', 'send no active probes (attacks, bursts)')
    .option('--once', 'scan once, report drift and exit with the scan exit code (for cron)')
    .option('--interval <seconds>', 'seconds between scans (default: monitor.interval, 3600)')
    .option('--database <file>', 'history database (default: .shipshape/history.db in the project)')
    .addOption(
      new Option('--fail-on <level>', 'with --once: what fails the run, as for scan')
        .choices(FAIL_ON_LEVELS)
        .default('fail' as FailOn),
    )
    .action(async (options) => {
      const scanOptions = targetOptions(options);
      const config = resolveConfig(scanOptions);
      const intervalSeconds =
        options.interval === undefined ? config.monitor.interval : parseInterval(options.interval);
      const store = HistoryStore.open(
        databasePath(options.database, config.monitor.database, config.project ?? process.cwd()),
      );

      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        io.stderr(`shipshape: monitor: ${signal}: stopping once the scan under way is stored\n`);
        stop.abort();
      };
      // A cron run keeps the default: a signal ends it at once.
      if (!options.once) {
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      }
      try {
        const last = await runMonitor({
          store,
          scan: () => scan(scanOptions),
          once: options.once ?? false,
          intervalSeconds,
          ...(config.monitor.webhook !== undefined ? { webhook: config.monitor.webhook } : {}),
          thresholds: {
            warnDays: config.policy.certificateWarnDays,
            failDays: config.policy.certificateFailDays,
          },
          stop: stop.signal,
          stdout: io.stdout,
          stderr: io.stderr,
        });
        setExit(last === null ? 0 : exitCodeFor(last, options.failOn));
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        store.close();
      }
    });
}

function parseInterval(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < MIN_INTERVAL || seconds > MAX_INTERVAL) {
    throw new UsageError(
      `--interval: give a number of seconds from ${MIN_INTERVAL} to ${MAX_INTERVAL}, such as 3600`,
    );
  }
  return seconds;
}

interface WhereOptions {
  database?: string;
  project?: string;
  config?: string;
}

/** The history file a command means; the configuration is read only when no file is given. */
function historyFile(options: WhereOptions): string {
  if (options.database !== undefined) {
    const file = databasePath(options.database, undefined, '.');
    // Only the default place may have no history yet: a file named on purpose must be there.
    if (!existsSync(file)) {
      throw new UsageError(
        `--database: ${file} does not exist; give the history file shipshape monitor wrote, or leave --database out to read the project's`,
      );
    }
    return file;
  }
  const config = resolveConfig({
    ...(options.project !== undefined ? { project: options.project } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
  });
  return databasePath(undefined, config.monitor.database, config.project ?? process.cwd());
}

function addHistory(program: Command, io: Io, setExit: SetExit): void {
  const history = program
    .command('history')
    .description('List the scans shipshape monitor stored, or show one with history show ID')
    .option('--database <file>', 'history database (default: .shipshape/history.db in the project)')
    .option('--project <dir>', 'project folder whose history to read (default: the current folder)')
    .option('--config <file>', 'configuration file that names monitor.database')
    .action((options) => {
      const file = historyFile(options);
      const store = HistoryStore.openExisting(file);
      const scans = store?.list() ?? [];
      store?.close();
      io.stdout(
        scans.length === 0
          ? `No scans in ${file} yet: shipshape monitor stores them.\n`
          : listScans(file, scans),
      );
      setExit(0);
    });

  history
    .command('show')
    .description('Print one stored report')
    .argument('<id>', 'the scan id, as shipshape history lists it')
    .addOption(
      new Option('--format <format>', 'report format').choices(SHOW_FORMATS).default('terminal'),
    )
    .option('--database <file>', 'history database (default: .shipshape/history.db in the project)')
    .option('--project <dir>', 'project folder whose history to read (default: the current folder)')
    .option('--config <file>', 'configuration file that names monitor.database')
    .action((id, options) => {
      // `history --database F show 3` puts the flag on the parent command.
      const file = historyFile({ ...history.opts(), ...definedOnly(options) });
      if (!/^\d{1,15}$/.test(id)) {
        throw new UsageError(`history show: ${id} is not a scan id; shipshape history lists them`);
      }
      const store = HistoryStore.openExisting(file);
      const stored = store?.get(Number(id));
      store?.close();
      if (!stored) {
        throw new UsageError(
          `history show: no scan #${id} in ${file}; shipshape history lists the stored scans`,
        );
      }
      io.stdout(renderStored(stored.report, options.format as ShowFormat, io.color));
      setExit(0);
    });
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

function renderStored(report: Report, format: ShowFormat, color: boolean): string {
  if (format === 'json') return renderJson(report);
  if (format === 'markdown') return renderMarkdown(report);
  return renderTerminal(report, { color });
}

function listScans(file: string, scans: readonly ScanSummary[]): string {
  const idWidth = Math.max(2, ...scans.map((entry) => String(entry.id).length));
  const lines = [`${file}: ${scans.length} scans`];
  for (const entry of scans) {
    lines.push(
      `  #${String(entry.id).padEnd(idWidth)}  ${entry.startedAt}  ${entry.target}  ${describeCounts(entry.counts)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
