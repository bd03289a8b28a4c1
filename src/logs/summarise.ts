import { createReadStream } from 'node:fs';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isPrivate, parseCidr } from '../host/firewall/cidr.js';
import { classify, EVENT_KINDS, type EventKind } from './classify.js';
import { readLines } from './lines.js';
import { parseLine } from './parse.js';
import { TopCounter } from './top-counter.js';

export interface LogOptions {
  /** Security events from one address at which a block is suggested. */
  threshold: number;
  /** Addresses listed in the top list. */
  top: number;
  /** Addresses counted exactly before the counts become lower bounds. */
  capacity?: number;
  /** Bytes of one line that are read; the rest is dropped. */
  maxLineBytes?: number;
  /** `YYYY-MM-DD`: lines of earlier days are skipped; lines without a day are kept. */
  since?: string;
}

export interface FileSummary {
  file: string;
  gzip: boolean;
  lines: number;
  events: number;
  malformed: number;
  /** Line numbers of the first malformed lines, never their text. */
  malformedAt: number[];
  overlong: number;
  /** Lines of days before `since`, skipped. */
  before: number;
  /** Why the file was not read to its end (a truncated gzip, a read error). */
  problem?: string;
  /** `truncated` and `corrupt`: what was read up to there counts; `unreadable`: nothing more. */
  problemKind?: 'truncated' | 'corrupt' | 'unreadable';
}

export type KindCounts = Record<EventKind, number>;

export interface BlockSuggestion {
  address: string;
  events: number;
  ufw: string;
  nginx: string;
}

export interface LogSummary {
  files: FileSummary[];
  lines: number;
  events: number;
  since?: string;
  /** Lines of days before `since`, in all files. */
  before: number;
  byKind: KindCounts;
  /** Days in order; `undated` collects lines with no time shipshape reads. */
  byDay: { day: string; counts: KindCounts }[];
  topClients: { address: string; events: number; byKind: Partial<KindCounts> }[];
  /** Counts per address are lower bounds, short by at most this (0: exact). */
  clientCountError: number;
  threshold: number;
  blocks: BlockSuggestion[];
  /** Loopback and private addresses over the threshold: a proxy, not a client. */
  internalOverThreshold: { address: string; events: number }[];
}

const DEFAULT_CAPACITY = 10_000;
const DEFAULT_MAX_LINE = 64 * 1024;
/** Ten years of days; events of further days count in the totals only. */
const MAX_DAYS = 3660;
const MALFORMED_SHOWN = 5;
const GZIP_MAGIC = [0x1f, 0x8b];

/** Reads every file once, streaming, and counts the events the checklist asks to review. */
export async function summariseLogs(
  files: readonly string[],
  options: LogOptions,
): Promise<LogSummary> {
  const tally = new Tally(options.capacity ?? DEFAULT_CAPACITY);
  const summaries: FileSummary[] = [];
  for (const file of files) summaries.push(await summariseFile(file, tally, options));
  return tally.finish(summaries, options);
}

class Tally {
  readonly clients: TopCounter<EventKind>;
  readonly days = new Map<string, KindCounts>();
  readonly byKind = emptyCounts();
  lines = 0;
  events = 0;

  constructor(capacity: number) {
    this.clients = new TopCounter(capacity);
  }

  count(day: string | undefined, kind: EventKind, client: string | undefined): void {
    this.events += 1;
    this.byKind[kind] += 1;
    const key = day ?? 'undated';
    let counts = this.days.get(key);
    if (!counts && this.days.size < MAX_DAYS) {
      counts = emptyCounts();
      this.days.set(key, counts);
    }
    if (counts) counts[kind] += 1;
    // Server errors are not a client's doing: they are counted, not held against an address.
    if (client !== undefined && kind !== 'error') this.clients.add(client, kind);
  }

  finish(files: FileSummary[], options: LogOptions): LogSummary {
    const ranked = this.clients.top(Number.MAX_SAFE_INTEGER);
    const over = ranked.filter((entry) => entry.total >= options.threshold);
    const internal = over.filter((entry) => isInternal(entry.key));
    return {
      files,
      lines: this.lines,
      events: this.events,
      ...(options.since !== undefined ? { since: options.since } : {}),
      before: files.reduce((sum, file) => sum + file.before, 0),
      byKind: this.byKind,
      byDay: [...this.days]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, counts]) => ({ day, counts })),
      topClients: ranked
        .slice(0, options.top)
        .map((entry) => ({ address: entry.key, events: entry.total, byKind: entry.byKind })),
      clientCountError: this.clients.dropped,
      threshold: options.threshold,
      blocks: over
        .filter((entry) => !isInternal(entry.key))
        .map((entry) => blockSuggestion(entry.key, entry.total)),
      internalOverThreshold: internal.map((entry) => ({ address: entry.key, events: entry.total })),
    };
  }
}

async function summariseFile(
  file: string,
  tally: Tally,
  options: LogOptions,
): Promise<FileSummary> {
  const summary: FileSummary = {
    file,
    gzip: false,
    lines: 0,
    events: 0,
    malformed: 0,
    malformedAt: [],
    overlong: 0,
    before: 0,
  };
  let source: Readable | undefined;
  try {
    summary.gzip = await startsWithGzip(file);
    const opened = openLog(file, summary.gzip);
    source = opened.source;
    for await (const line of readLines(opened.lines, options.maxLineBytes ?? DEFAULT_MAX_LINE)) {
      summary.lines += 1;
      tally.lines += 1;
      countLine(line.text, line.overlong, summary, tally, options.since);
    }
  } catch (error) {
    Object.assign(summary, describeReadError(error, summary));
  } finally {
    // After a gzip error the file stream is only unpiped, and would hold its descriptor.
    source?.destroy();
  }
  return summary;
}

function countLine(
  text: string,
  overlong: boolean,
  summary: FileSummary,
  tally: Tally,
  since: string | undefined,
): void {
  if (overlong) summary.overlong += 1;
  const parsed = parseLine(text);
  if (parsed === 'blank') return;
  if (parsed === 'malformed') {
    summary.malformed += 1;
    if (summary.malformedAt.length < MALFORMED_SHOWN) summary.malformedAt.push(summary.lines);
    return;
  }
  if (since !== undefined && parsed.day !== undefined && parsed.day < since) {
    summary.before += 1;
    return;
  }
  const kind = classify(parsed);
  if (!kind) return;
  summary.events += 1;
  tally.count(parsed.day, kind, parsed.client);
}

function openLog(file: string, gzip: boolean): { source: Readable; lines: Readable } {
  const source = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (!gzip) return { source, lines: source };
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  return { source, lines: source.pipe(gunzip) };
}

async function startsWithGzip(file: string): Promise<boolean> {
  const stream = createReadStream(file, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const head = Buffer.concat(chunks);
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

function describeReadError(
  error: unknown,
  summary: FileSummary,
): Pick<FileSummary, 'problem' | 'problemKind'> {
  const code = (error as NodeJS.ErrnoException).code;
  if (
    summary.gzip &&
    (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((error as Error).message)))
  ) {
    return {
      problemKind: 'truncated',
      problem: `the gzip file is truncated: it ends after line ${summary.lines}`,
    };
  }
  if (summary.gzip && typeof code === 'string' && code.startsWith('Z_')) {
    return {
      problemKind: 'corrupt',
      problem: `the gzip data is corrupt after line ${summary.lines} (${code})`,
    };
  }
  const reason = (code && READ_ERRORS[code]) ?? `could not be read (${code ?? 'error'})`;
  return {
    problemKind: 'unreadable',
    problem: summary.lines > 0 ? `${reason} after line ${summary.lines}` : reason,
  };
}

function blockSuggestion(address: string, events: number): BlockSuggestion {
  // ufw stops at the first matching rule, so a plain `ufw deny` lands after `allow 443` and
  // never applies: the deny goes first. `insert 1` refuses an IPv6 rule while IPv4 rules
  // come first ("Invalid position '1'"); `prepend` puts it ahead of the IPv6 rules.
  const ufw =
    isIP(address) === 6
      ? `sudo ufw prepend deny from ${address} to any`
      : `sudo ufw insert 1 deny from ${address} to any`;
  return { address, events, ufw, nginx: `deny ${address};` };
}

function isInternal(address: string): boolean {
  const cidr = parseCidr(address);
  return cidr !== null && isPrivate(cidr);
}

function emptyCounts(): KindCounts {
  return Object.fromEntries(EVENT_KINDS.map((kind) => [kind, 0])) as KindCounts;
}
