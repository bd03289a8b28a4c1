import { closeSync, openSync, statSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, Option } from '@commander-js/extra-typings';
import { UsageError } from '../core/errors.js';
import {
  LOG_FORMATS,
  type LogFormat,
  malformedLines,
  plural,
  renderLogSummary,
} from '../logs/render.js';
import { type FileSummary, type LogSummary, summariseLogs } from '../logs/summarise.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';
import { requireWritable } from './writable.js';

type SetExit = (code: number) => void;

export const DEFAULT_THRESHOLD = 20;
export const DEFAULT_TOP = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface LogsCommandOptions {
  format?: LogFormat;
  output?: string;
  threshold?: string;
  top?: string;
  since?: string;
  days?: string;
}

/**
 * `shipshape logs FILE...`: the weekly review of security and access logs, with the commands
 * that would block the noisiest addresses, printed and never run.
 */
export function addLogsCommand(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('logs')
    .description(
      'Summarise security and access logs: events by day and kind, top addresses, block commands',
    )
    .argument('<files...>', 'log files: JSON lines or nginx logs, plain or gzip')
    .addOption(
      new Option('--format <format>', 'summary format (default: text, or from --output)').choices(
        LOG_FORMATS,
      ),
    )
    .option('--output <file>', 'write the summary to a file instead of standard output')
    .option(
      '--threshold <n>',
      `security events from one address at which a block is suggested (default: ${DEFAULT_THRESHOLD})`,
    )
    .option('--top <n>', `addresses in the top list (default: ${DEFAULT_TOP})`)
    .option('--since <day>', 'skip lines of days before this one (YYYY-MM-DD)')
    .option('--days <n>', 'only the last N days, today (UTC) included')
    .action(async (files, options) => {
      setExit(await runLogs(files, options, io));
    });
}

/** Runs the command once its arguments are parsed; returns the exit code. */
export async function runLogs(
  files: readonly string[],
  options: LogsCommandOptions,
  io: Io,
  today: Date = new Date(),
): Promise<number> {
  const threshold = wholeNumber('--threshold', options.threshold, DEFAULT_THRESHOLD);
  const top = wholeNumber('--top', options.top, DEFAULT_TOP);
  const since = sinceOf(options, today);
  const format = options.format ?? formatOf(options.output);
  // Before a log is read: a summary of gigabytes is not made to be told it has nowhere to go.
  if (options.output !== undefined) requireWritable(options.output, '--output');
  for (const file of files) checkReadable(file);

  const summary = await summariseLogs(files, {
    threshold,
    top,
    ...(since !== undefined ? { since } : {}),
  });
  for (const file of summary.files) for (const note of notesOf(file)) io.stderr(`${note}\n`);

  let code: number = summary.files.some((file) => file.problemKind === 'unreadable')
    ? EXIT.usage
    : EXIT.ok;
  const text = renderLogSummary(summary, format);
  if (options.output === undefined) io.stdout(text);
  else if (!writeSummary(options.output, text, summary, io)) code = EXIT.usage;
  return code;
}

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${flag}: '${value}' is not a whole number of 1 or more`);
  return Number(value);
}

function sinceOf(options: LogsCommandOptions, today: Date): string | undefined {
  if (options.since !== undefined && options.days !== undefined)
    throw new UsageError('--since and --days both set the first day: give one of them');
  if (options.days !== undefined) {
    const days = wholeNumber('--days', options.days, 1);
    const first = new Date(today.getTime() - (days - 1) * DAY_MS);
    return Number.isNaN(first.getTime()) ? undefined : first.toISOString().slice(0, 10);
  }
  if (options.since === undefined) return undefined;
  const day = options.since.trim();
  const date = new Date(`${day}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
    Number.isNaN(date.getTime()) ||
    !date.toISOString().startsWith(day)
  )
    throw new UsageError(`--since: '${options.since}' is not a day; write it as YYYY-MM-DD`);
  return day;
}

function formatOf(output: string | undefined): LogFormat {
  const extension = output === undefined ? '' : extname(output).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.md' || extension === '.markdown') return 'markdown';
  return 'text';
}

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist',
  EACCES: 'cannot be read (permission denied)',
  EPERM: 'cannot be read (permission denied)',
  ELOOP: 'cannot be read (too many symbolic links)',
};

/** Every file is opened before any is read, so that a typo costs no wait and no half summary. */
function checkReadable(file: string): void {
  try {
    if (statSync(file).isDirectory())
      throw new UsageError(`${file}: is a folder; give the log files in it`);
    closeSync(openSync(file, 'r'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`${file}: ${OPEN_ERRORS[code] ?? `cannot be read (${code})`}`);
  }
}

function notesOf(file: FileSummary): string[] {
  const notes: string[] = [];
  if (file.malformed > 0) {
    notes.push(
      `shipshape: ${file.file}: ${plural(file.malformed, 'malformed line')} not counted (${malformedLines(file)})`,
    );
  }
  if (file.problemKind === 'unreadable')
    notes.push(`shipshape: ${file.file}: ${file.problem}; the summary leaves the rest out`);
  else if (file.problem !== undefined)
    notes.push(`shipshape: ${file.file}: ${file.problem}; the lines before it are counted`);
  return notes;
}

function writeSummary(output: string, text: string, summary: LogSummary, io: Io): boolean {
  try {
    writeFileSync(output, text);
    return true;
  } catch (error) {
    // The path was writable when the run began (requireWritable); when it no longer is (a full
    // disk, a folder removed meanwhile), the summary is not lost: it goes to stdout instead.
    io.stderr(
      `shipshape: --output: cannot write ${output} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the summary of ${plural(summary.files.length, 'file')} follows on stdout\n`,
    );
    io.stdout(text);
    return false;
  }
}
