// Benchmark of `shipshape logs`: writes a synthetic log of one million lines (JSON lines and
// nginx combined, with events planted at known rates), summarises it through the command's own
// code path, then does the same for a gzip of it. Prints wall time, lines per second and peak
// memory, checks the counts against what was planted, and exits non-zero when the peak resident
// memory of a run passes the bound.
//
//   npx tsx scripts/bench-logs.ts [--lines 1000000] [--max-rss-mb 200] [--keep] [--dir /tmp/folder]
//
// Each run is a child process of its own, so that its VmHWM (the kernel's peak resident size)
// is that run's alone and not the generator's. It calls `runLogs`, the command's action: what
// `shipshape logs` does once commander has parsed the arguments, without loading the scanner
// that main.ts imports for `scan` (about 60 MB more under tsx, whatever the log's size).
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { runLogs } from '../src/cli/logs-command.js';
import type { EventKind } from '../src/logs/classify.js';
import type { LogSummary } from '../src/logs/summarise.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    'max-rss-mb': { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
    dir: { type: 'string' },
    measure: { type: 'string' },
  },
});

/** Three addresses that do most of the harm, among 60 000 that each do a little. */
const HEAVY = ['198.51.100.66', '203.0.113.13', '2001:db8::6'];
const SPREAD = 60_000;
const DAYS = ['03', '04', '05', '06', '07', '08', '09'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
];
const BOTS = [
  'python-requests/2.31.0',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0)',
  'curl/8.5.0',
  '-',
];

interface Measured {
  baselineRssMb: number;
  wallMs: number;
  peakRssMb: number;
  vmHwmMb: number | null;
  code: number;
  summary: LogSummary;
}

if (values.measure !== undefined) {
  process.stdout.write(`${JSON.stringify(await measure(values.measure))}\n`);
  process.exit(0);
}

const LINES = Number(values.lines);
const MAX_RSS_MB = Number(values['max-rss-mb']);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'shipshape-bench-logs-'));
mkdirSync(dir, { recursive: true });
const plain = join(dir, 'mixed.log');
const gzip = join(dir, 'mixed.log.1.gz');

let started = Date.now();
const planted = await writeLog(plain, LINES);
const plainBytes = readSize(plain);
await pipeline(createReadStream(plain), createGzip(), createWriteStream(gzip));
console.log(
  `wrote ${LINES} lines (${mb(plainBytes)} MB, gzip ${mb(readSize(gzip))} MB) in ${Date.now() - started} ms to ${dir}`,
);

let failed = false;
for (const [name, file] of [
  ['plain', plain],
  ['gzip', gzip],
] as const) {
  started = Date.now();
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.status !== 0) {
    console.error(`${name}: the run failed (${run.status}): ${run.stderr}`);
    process.exit(1);
  }
  const result = JSON.parse(run.stdout) as Measured;
  const { summary } = result;
  const perSecond = Math.round(summary.lines / (result.wallMs / 1000));
  console.log(
    `${name.padEnd(5)}  ${summary.lines} lines in ${result.wallMs} ms: ${perSecond.toLocaleString('en-US')} lines/s; ` +
      `peak RSS ${result.peakRssMb} MB sampled (${result.baselineRssMb} MB before the run), VmHWM ${result.vmHwmMb ?? 'n/a'} MB; ` +
      `${summary.events} events, ${summary.files[0]?.malformed} malformed, ${summary.topClients.length} top addresses, ${summary.blocks.length} blocks, counts short by at most ${summary.clientCountError}`,
  );
  const problems = check(summary, result, planted);
  for (const problem of problems) console.error(`${name}: ${problem}`);
  if (problems.length > 0) failed = true;
}
console.log(`bound: peak resident memory of a run under ${MAX_RSS_MB} MB`);

if (!values.keep && values.dir === undefined) rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

function check(summary: LogSummary, result: Measured, expected: Planted): string[] {
  const problems: string[] = [];
  const peak = Math.max(result.peakRssMb, result.vmHwmMb ?? 0);
  if (peak >= MAX_RSS_MB)
    problems.push(`peak memory ${peak} MB is over the ${MAX_RSS_MB} MB bound`);
  if (result.code !== 0) problems.push(`exit code ${result.code}`);
  if (summary.lines !== LINES) problems.push(`${summary.lines} lines read of ${LINES}`);
  if (summary.files[0]?.malformed !== expected.malformed)
    problems.push(`${summary.files[0]?.malformed} malformed, ${expected.malformed} planted`);
  for (const [kind, count] of Object.entries(expected.byKind)) {
    const seen = summary.byKind[kind as EventKind];
    if (seen !== count) problems.push(`${kind}: ${seen} counted, ${count} planted`);
  }
  if (summary.blocks[0]?.address !== HEAVY[0])
    problems.push(`the heaviest address is ${summary.blocks[0]?.address}, not ${HEAVY[0]}`);
  return problems;
}

/** Runs the command in this process, sampling the resident size as it goes. */
async function measure(file: string): Promise<Measured> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  let stdout = '';
  const began = performance.now();
  const code = await runLogs(
    [file],
    { format: 'json' },
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
      color: false,
    },
  );
  const wallMs = Math.round(performance.now() - began);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    baselineRssMb: mb(baseline),
    wallMs,
    peakRssMb: mb(peak),
    vmHwmMb: vmHwm(),
    code,
    summary: JSON.parse(stdout) as LogSummary,
  };
}

function vmHwm(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? null : mb(Number(kb) * 1024);
  } catch {
    return null;
  }
}

interface Planted {
  byKind: Record<EventKind, number>;
  malformed: number;
}

/**
 * mulberry32: deterministic, so that every run writes the same log, and without the short
 * cycles a plain linear congruential generator falls into when its draws are used in turn.
 */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function writeLog(file: string, lines: number): Promise<Planted> {
  const next = random(20250310);
  const planted: Planted = {
    byKind: {
      injection: 0,
      'payment-tampering': 0,
      'bot-block': 0,
      'failed-login': 0,
      'rate-limit': 0,
      error: 0,
    },
    malformed: 0,
  };
  const out = createWriteStream(file);
  let batch: string[] = [];
  for (let index = 0; index < lines; index += 1) {
    const draw = next();
    const client =
      draw < 0.05
        ? HEAVY[0]!
        : draw < 0.08
          ? HEAVY[1]!
          : draw < 0.09
            ? HEAVY[2]!
            : spreadAddress(Math.floor(next() * SPREAD));
    const day = DAYS[Math.floor((index / lines) * DAYS.length)]!;
    const roll = next();
    const { text, kind } =
      roll < 0.5 ? jsonLine(next, client, day) : combinedLine(next, client, day);
    if (index % 100_000 === 99_999) {
      // Cut where a write stops short: JSON that does not close, a combined line in its time.
      batch.push(text.slice(0, 40));
      planted.malformed += 1;
    } else {
      batch.push(text);
      if (kind !== undefined) planted.byKind[kind] += 1;
    }
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`))
        await new Promise<void>((done) => out.once('drain', () => done()));
      batch = [];
    }
  }
  out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await new Promise<void>((done) => out.once('finish', () => done()));
  return planted;
}

/** Distinct public addresses for ids below 89 * 65 536: first octets 11 to 99. */
function spreadAddress(id: number): string {
  const high = Math.floor(id / 89);
  return `${11 + (id % 89)}.${high % 256}.${Math.floor(high / 256) % 256}.9`;
}

type Line = { text: string; kind: EventKind | undefined };

function jsonLine(next: () => number, client: string, day: string): Line {
  const time = `2025-03-${day}T${clock(next)}.${String(Math.floor(next() * 1e6)).padStart(6, '0')}+00:00`;
  const roll = next();
  const base = { timestamp: time, client_ip: client };
  if (roll < 0.04)
    return {
      text: JSON.stringify({
        ...base,
        level: 'WARNING',
        logger: 'app.security',
        event: 'sql_injection_attempt',
        path: '/api/v1/items',
        query: "id=1' OR '1'='1",
      }),
      kind: 'injection',
    };
  if (roll < 0.06)
    return {
      text: JSON.stringify({
        ...base,
        level: 'ERROR',
        logger: 'app.security',
        event: 'payment_tamper_detected',
        message: 'amount mismatch',
      }),
      kind: 'payment-tampering',
    };
  if (roll < 0.12)
    return {
      text: JSON.stringify({
        ...base,
        level: 'WARNING',
        logger: 'app.security',
        event: 'login_failed',
        message: `bad password for user ${Math.floor(next() * 1000)}, Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig`,
      }),
      kind: 'failed-login',
    };
  if (roll < 0.16)
    return {
      text: JSON.stringify({
        ...base,
        level: 'WARNING',
        logger: 'app.security',
        event: 'bot_blocked',
        user_agent: BOTS[0],
      }),
      kind: 'bot-block',
    };
  if (roll < 0.18)
    return {
      text: JSON.stringify({
        ...base,
        level: 'ERROR',
        logger: 'app.main',
        message: 'Unhandled exception in /api/v1/orders',
      }),
      kind: 'error',
    };
  return {
    text: JSON.stringify({
      ...base,
      level: 'INFO',
      logger: 'app.access',
      method: 'GET',
      path: `/api/v1/products/${Math.floor(next() * 5000)}`,
      status_code: 200,
      duration_ms: Math.floor(next() * 300),
    }),
    kind: undefined,
  };
}

function combinedLine(next: () => number, client: string, day: string): Line {
  const time = `${day}/Mar/2025:${clock(next)} +0000`;
  const roll = next();
  const line = (request: string, status: number, agent: string) =>
    `${client} - - [${time}] "${request}" ${status} ${Math.floor(next() * 20_000)} "https://app.example.com/" "${agent}"`;
  const agent = AGENTS[Math.floor(next() * AGENTS.length)]!;
  if (roll < 0.06)
    return {
      text: line('GET /wp-login.php HTTP/1.1', 403, BOTS[Math.floor(next() * BOTS.length)]!),
      kind: 'bot-block',
    };
  if (roll < 0.1)
    return { text: line('GET /api/v1/items HTTP/1.1', 429, agent), kind: 'rate-limit' };
  if (roll < 0.12)
    return { text: line('GET /api/v1/items HTTP/1.1', 503, agent), kind: 'rate-limit' };
  if (roll < 0.14)
    return {
      text: line(
        'GET /search?q=1%27%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1',
        200,
        agent,
      ),
      kind: 'injection',
    };
  if (roll < 0.16)
    return { text: line('POST /api/v1/auth/login HTTP/1.1', 401, agent), kind: 'failed-login' };
  if (roll < 0.17) return { text: line('GET /api/v1/orders HTTP/1.1', 502, agent), kind: 'error' };
  return {
    text: line(`GET /api/v1/products/${Math.floor(next() * 5000)} HTTP/2.0`, 200, agent),
    kind: undefined,
  };
}

function clock(next: () => number): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(Math.floor(next() * 24))}:${two(Math.floor(next() * 60))}:${two(Math.floor(next() * 60))}`;
}

function readSize(file: string): number {
  return statSync(file).size;
}

function mb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
