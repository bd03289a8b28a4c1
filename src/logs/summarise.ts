import { createReadStream } from 'node:fs';
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
  /** Why the file was not read to its end (a truncated gzip, a read error). */
  problem?: string;
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
  for (const file of files)
    summaries.push(await summariseFile(file, tally, options.maxLineBytes ?? DEFAULT_MAX_LINE));
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
  maxLineBytes: number,
): Promise<FileSummary> {
  const summary: FileSummary = {
    file,
    gzip: false,
    lines: 0,
    events: 0,
    malformed: 0,
    malformedAt: [],
    overlong: 0,
  };
  try {
    summary.gzip = await startsWithGzip(file);
    const stream = openLog(file, summary.gzip);
    for await (const line of readLines(stream, maxLineBytes)) {
      summary.lines += 1;
      tally.lines += 1;
      countLine(line.text, line.overlong, summary, tally);
    }
  } catch (error) {
    summary.problem = describeReadError(error, summary);
  }
  return summary;
}

function countLine(text: string, overlong: boolean, summary: FileSummary, tally: Tally): void {
  if (overlong) summary.overlong += 1;
  const parsed = parseLine(text);
  if (parsed === 'blank') return;
  if (parsed === 'malformed') {
    summary.malformed += 1;
    if (summary.malformedAt.length < MALFORMED_SHOWN) summary.malformedAt.push(summary.lines);
    return;
  }
  const kind = classify(parsed);
  if (!kind) return;
  summary.events += 1;
  tally.count(parsed.day, kind, parsed.client);
}

function openLog(file: string, gzip: boolean): Readable {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (!gzip) return stream;
  const gunzip = createGunzip();
  stream.on('error', (error) => gunzip.destroy(error));
  return stream.pipe(gunzip);
}

async function startsWithGzip(file: string): Promise<boolean> {
  const stream = createReadStream(file, { start: 0, end: 1 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const head = Buffer.concat(chunks);
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

function describeReadError(error: unknown, summary: FileSummary): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (
    summary.gzip &&
    (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((error as Error).message)))
  ) {
    return `the gzip file is truncated: it ends after line ${summary.lines}`;
  }
  if (summary.gzip && typeof code === 'string' && code.startsWith('Z_')) {
    return `the gzip data is corrupt after line ${summary.lines} (${code})`;
  }
  return `could not be read (${code ?? 'error'})`;
}

function blockSuggestion(address: string, events: number): BlockSuggestion {
  // `prepend`: ufw stops at the first matching rule, so a deny added after `allow 443` would
  // never apply; `insert 1` refuses IPv6 addresses while IPv4 rules come first.
  return {
    address,
    events,
    ufw: `sudo ufw prepend deny from ${address}`,
    nginx: `deny ${address};`,
  };
}

function isInternal(address: string): boolean {
  const cidr = parseCidr(address);
  return cidr !== null && isPrivate(cidr);
}

function emptyCounts(): KindCounts {
  return Object.fromEntries(EVENT_KINDS.map((kind) => [kind, 0])) as KindCounts;
}
