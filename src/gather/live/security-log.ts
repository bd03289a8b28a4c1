import { type ExecFileException, execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import type { Artifacts, GatherContext } from '../../core/types.js';
import type { Exchange } from '../http.js';

declare module '../../core/types.js' {
  interface Artifacts {
    securityLog: SecurityLog;
  }
}

/** A log line that names one of the scan's requests, by its id (header or agent marker). */
export interface LogMatch {
  requestId: string;
  /** 1-based; undefined when only the end of a large file was read. */
  line?: number;
}

export type SecurityLog =
  | { configured: false }
  | {
      configured: true;
      source: { kind: 'file'; file: string } | { kind: 'command' };
      /** The lines read, and the ids looked for. */
      linesRead: number;
      searched: number;
      matches: LogMatch[];
    }
  | {
      configured: true;
      source: { kind: 'file'; file: string } | { kind: 'command' };
      error: string;
    };

/** The end of a log that is read: what a scan writes is at the end. */
const MAX_READ_BYTES = 16 * 1024 * 1024;
const COMMAND_TIMEOUT_MS = 10_000;
/** Applications write their log a moment after answering: wait this long, at most, for it. */
const SETTLE_MS = 800;
const SETTLE_STEP_MS = 100;

/** The artifacts whose refused requests should be in the log; those not gathered are left out. */
const LOGGED_PROBES = ['paymentProbe', 'botProbe'] as const;

function exchangesOf(
  artifacts: Partial<Pick<Artifacts, (typeof LOGGED_PROBES)[number]>>,
): Exchange[] {
  const payment = artifacts.paymentProbe;
  const fromPayment = payment?.configured
    ? payment.attempts.map((attempt) => attempt.exchange)
    : [];
  const fromBots = artifacts.botProbe?.exchanges.map((entry) => entry.exchange) ?? [];
  return [...fromPayment, ...fromBots];
}

interface SearchedIds {
  /** Every answered request of the probes. */
  all: Set<string>;
  /** Those refused with a 4xx: the ones a security log should hold, worth waiting for. */
  refused: Set<string>;
}

/** Runs the probes whose requests the log is searched for, so that it is read after them. */
async function probedRequestIds(context: GatherContext): Promise<SearchedIds> {
  const artifacts: Record<string, unknown> = {};
  for (const name of LOGGED_PROBES) {
    try {
      artifacts[name] = await context.get(name);
    } catch (error) {
      context.debug(`securityLog: ${name} not available (${String(error)})`);
    }
  }
  const answered = exchangesOf(artifacts).filter(
    (exchange) => exchange.response && exchange.request.id,
  );
  const status = (exchange: Exchange) => exchange.response!.status;
  const refused = answered.filter((exchange) => status(exchange) >= 400 && status(exchange) < 500);
  return {
    all: new Set(answered.map((exchange) => exchange.request.id!)),
    refused: new Set(refused.map((exchange) => exchange.request.id!)),
  };
}

interface LogText {
  text: string;
  /** The text starts at the file's first line, so line numbers are true. */
  whole: boolean;
}

async function readFileTail(file: string): Promise<LogText> {
  const { size } = await stat(file);
  const start = Math.max(size - MAX_READ_BYTES, 0);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    return { text: buffer.toString('utf8'), whole: start === 0 };
  } finally {
    await handle.close();
  }
}

/** Why a command failed, without its text: a configured command may hold a credential. */
function describeCommandFailure(error: ExecFileException): string {
  if (error.killed) return `the log command did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`;
  if (typeof error.code === 'number') return `the log command exited with code ${error.code}`;
  return `the log command could not run (${error.code ?? 'unknown error'})`;
}

function runCommand(command: string, cwd: string, signal: AbortSignal): Promise<LogText> {
  const options = { cwd, timeout: COMMAND_TIMEOUT_MS, maxBuffer: MAX_READ_BYTES, signal };
  return new Promise((done, fail) => {
    execFile('/bin/sh', ['-c', command], { ...options, encoding: 'utf8' }, (error, stdout) => {
      if (error) fail(new Error(describeCommandFailure(error)));
      else done({ text: stdout, whole: true });
    });
  });
}

export function matchLines(log: LogText, ids: ReadonlySet<string>): LogMatch[] {
  const matches: LogMatch[] = [];
  const lines = log.text.split('\n');
  lines.forEach((line, index) => {
    for (const id of ids) {
      if (line.includes(id))
        matches.push({ requestId: id, ...(log.whole ? { line: index + 1 } : {}) });
    }
  });
  return matches;
}

function foundAll(matches: LogMatch[], wanted: ReadonlySet<string>): boolean {
  const found = new Set(matches.map((match) => match.requestId));
  return [...wanted].every((id) => found.has(id));
}

/** Reads the log, and again for a moment while a refused request is still missing from it. */
async function readSettled(context: GatherContext, read: () => Promise<LogText>, ids: SearchedIds) {
  let log = await read();
  let matches = matchLines(log, ids.all);
  const deadline = performance.now() + SETTLE_MS;
  while (!foundAll(matches, ids.refused) && performance.now() < deadline) {
    await sleep(SETTLE_STEP_MS, undefined, { signal: context.signal });
    log = await read();
    matches = matchLines(log, ids.all);
  }
  return { linesRead: log.text.split('\n').length, matches };
}

export default defineGatherer({
  artifact: 'securityLog',
  kind: 'live',
  async gather(context): Promise<SecurityLog> {
    const configured = context.config.probes.securityLog;
    if (configured === undefined) return { configured: false };
    const project = context.config.project ?? process.cwd();
    const source =
      'file' in configured
        ? { kind: 'file' as const, file: resolve(project, configured.file) }
        : { kind: 'command' as const };
    const read = () =>
      'file' in configured
        ? readFileTail(resolve(project, configured.file))
        : runCommand(configured.command, project, context.signal);

    const ids = await probedRequestIds(context);
    if (ids.all.size === 0)
      throw new NotGivenError('no probe whose refusals are logged was answered');
    try {
      const { linesRead, matches } = await readSettled(context, read, ids);
      return { configured: true, source, linesRead, searched: ids.all.size, matches };
    } catch (error) {
      return {
        configured: true,
        source,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  },
});
