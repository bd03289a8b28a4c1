import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderLogSummary } from '../../src/logs/render.js';
import { type LogSummary, summariseLogs } from '../../src/logs/summarise.js';
import { SECRETS, truncatedGzip, writeSamples } from './sample-logs.js';

const samples = writeSamples();

function counts(partial: Partial<LogSummary['byKind']>): LogSummary['byKind'] {
  return {
    injection: 0,
    'payment-tampering': 0,
    'bot-block': 0,
    'failed-login': 0,
    'rate-limit': 0,
    error: 0,
    ...partial,
  };
}

describe('summariseLogs over JSON lines, nginx combined and gzip rotations', async () => {
  const summary = await summariseLogs(samples.all, { threshold: 5, top: 10 });

  it('counts every line and event of each file', () => {
    const files = summary.files.map((file) => ({
      lines: file.lines,
      events: file.events,
      malformed: file.malformed,
      malformedAt: file.malformedAt,
      gzip: file.gzip,
    }));
    assert.deepEqual(files, [
      { lines: 15, events: 12, malformed: 1, malformedAt: [14], gzip: false },
      { lines: 20, events: 15, malformed: 1, malformedAt: [20], gzip: false },
      { lines: 6, events: 5, malformed: 0, malformedAt: [], gzip: true },
      { lines: 3, events: 2, malformed: 0, malformedAt: [], gzip: true },
    ]);
    assert.equal(summary.lines, 44);
    assert.equal(summary.events, 34);
    assert.ok(summary.files.every((file) => file.problem === undefined));
  });

  it('counts by kind', () => {
    assert.deepEqual(
      summary.byKind,
      counts({
        'bot-block': 12,
        injection: 4,
        'failed-login': 4,
        'payment-tampering': 2,
        'rate-limit': 8,
        error: 4,
      }),
    );
  });

  it('counts by day, in order', () => {
    assert.deepEqual(summary.byDay, [
      { day: '2025-03-08', counts: counts({ 'rate-limit': 2 }) },
      { day: '2025-03-09', counts: counts({ 'bot-block': 5 }) },
      {
        day: '2025-03-10',
        counts: counts({ 'bot-block': 7, injection: 4, 'failed-login': 1, 'rate-limit': 3 }),
      },
      {
        day: '2025-03-11',
        counts: counts({ 'payment-tampering': 2, 'rate-limit': 3, error: 4, 'failed-login': 3 }),
      },
    ]);
  });

  it('ranks client addresses; server errors are not held against one', () => {
    assert.deepEqual(summary.topClients, [
      { address: '198.51.100.23', events: 14, byKind: { 'bot-block': 12, injection: 2 } },
      {
        address: '203.0.113.50',
        events: 7,
        byKind: { 'failed-login': 4, 'payment-tampering': 2, 'rate-limit': 1 },
      },
      { address: '203.0.113.99', events: 5, byKind: { 'rate-limit': 5 } },
      { address: '198.51.100.77', events: 2, byKind: { injection: 2 } },
      { address: '2001:db8::bad', events: 2, byKind: { 'rate-limit': 2 } },
    ]);
    assert.equal(summary.clientCountError, 0);
  });

  it('suggests the block commands for each address at or over the threshold', () => {
    assert.deepEqual(summary.blocks, [
      {
        address: '198.51.100.23',
        events: 14,
        ufw: 'sudo ufw insert 1 deny from 198.51.100.23 to any',
        nginx: 'deny 198.51.100.23;',
      },
      {
        address: '203.0.113.50',
        events: 7,
        ufw: 'sudo ufw insert 1 deny from 203.0.113.50 to any',
        nginx: 'deny 203.0.113.50;',
      },
      {
        address: '203.0.113.99',
        events: 5,
        ufw: 'sudo ufw insert 1 deny from 203.0.113.99 to any',
        nginx: 'deny 203.0.113.99;',
      },
    ]);
  });

  it('never lets a secret of a log line into any format', () => {
    for (const format of ['text', 'markdown', 'json'] as const) {
      const text = renderLogSummary(summary, format);
      for (const secret of SECRETS)
        assert.ok(!text.includes(secret), `${format} output holds ${secret}`);
    }
  });
});

describe('block suggestions', () => {
  it('prepends the ufw rule of an IPv6 address, which insert 1 refuses', async () => {
    const summary = await summariseLogs([samples.unnamedGzip], { threshold: 2, top: 5 });
    assert.deepEqual(summary.blocks, [
      {
        address: '2001:db8::bad',
        events: 2,
        ufw: 'sudo ufw prepend deny from 2001:db8::bad to any',
        nginx: 'deny 2001:db8::bad;',
      },
    ]);
  });

  it('names a loopback or private address over the threshold as a proxy, without a block', async () => {
    const file = join(samples.dir, 'behind-proxy.log');
    const line =
      '127.0.0.1 - - [12/Mar/2025:10:00:00 +0000] "GET / HTTP/1.1" 429 0 "-" "Mozilla/5.0"';
    writeFileSync(file, `${line}\n${line}\n${line}\n`);
    const summary = await summariseLogs([file], { threshold: 3, top: 5 });
    assert.deepEqual(summary.blocks, []);
    assert.deepEqual(summary.internalOverThreshold, [{ address: '127.0.0.1', events: 3 }]);
    assert.match(
      renderLogSummary(summary, 'text'),
      /127\.0\.0\.1 \(3 events\) is a loopback or private address/,
    );
  });

  it('lists no address under the threshold', async () => {
    const summary = await summariseLogs(samples.all, { threshold: 15, top: 10 });
    assert.deepEqual(summary.blocks, []);
    assert.match(renderLogSummary(summary, 'text'), /No address reached 15 security events\./);
  });
});

describe('a gzip cut short', () => {
  it('counts the lines before the cut and says the file is truncated', async () => {
    const file = join(samples.dir, 'cut.log.gz');
    writeFileSync(file, truncatedGzip(3000));
    const summary = await summariseLogs([file], { threshold: 20, top: 10 });
    const [cut] = summary.files;
    assert.equal(cut?.problemKind, 'truncated');
    assert.match(cut?.problem ?? '', /^the gzip file is truncated: it ends after line \d+$/);
    assert.ok(cut!.lines > 100 && cut!.lines < 3000, `${cut!.lines} lines read`);
    assert.equal(summary.byKind['rate-limit'], cut!.lines);
    assert.deepEqual(
      summary.byDay.map((day) => day.day),
      ['2025-03-12'],
    );
    assert.match(
      renderLogSummary(summary, 'text'),
      /cut\.log\.gz: .*incomplete: the gzip file is truncated/,
    );
  });

  it('says so of gzip data that is corrupt, keeping what came before', async () => {
    const whole = truncatedGzip(3000);
    const corrupt = Buffer.from(whole);
    for (let index = 2000; index < 2400; index += 1) corrupt[index] = 0xff;
    const file = join(samples.dir, 'corrupt.log.gz');
    writeFileSync(file, corrupt);
    const summary = await summariseLogs([file], { threshold: 20, top: 10 });
    assert.match(summary.files[0]?.problemKind ?? '', /^(?:corrupt|truncated)$/);
    assert.ok(summary.files[0]!.lines > 0);
  });
});

describe('--since', () => {
  it('skips the lines of earlier days and keeps the rest', async () => {
    const summary = await summariseLogs(samples.all, {
      threshold: 5,
      top: 10,
      since: '2025-03-10',
    });
    assert.equal(summary.since, '2025-03-10');
    assert.equal(summary.before, 9);
    assert.deepEqual(
      summary.files.map((file) => file.before),
      [0, 0, 6, 3],
    );
    assert.equal(summary.events, 27);
    assert.deepEqual(
      summary.byDay.map((day) => day.day),
      ['2025-03-10', '2025-03-11'],
    );
    assert.equal(summary.topClients[0]?.events, 9);
  });
});

describe("nginx's error log", () => {
  it('counts limit_req refusals as rate-limit and a failed upstream as an error', async () => {
    const file = join(samples.dir, 'error.log');
    writeFileSync(
      file,
      [
        '2025/03/12 10:00:00 [error] 812#812: *1041 limiting requests, excess: 20.250 by zone "api", client: 198.51.100.40, server: api.example.com, request: "GET /api/v1/items HTTP/1.1", host: "api.example.com"',
        '2025/03/12 10:00:01 [error] 812#812: *1042 connect() failed (111: Connection refused) while connecting to upstream, client: 198.51.100.41, server: api.example.com, request: "GET /api/v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8000/api/v1/orders", host: "api.example.com"',
        '2025/03/12 10:00:02 [notice] 812#812: signal process started',
      ].join('\n'),
    );
    const summary = await summariseLogs([file], { threshold: 20, top: 10 });
    assert.deepEqual(summary.byDay, [
      { day: '2025-03-12', counts: counts({ 'rate-limit': 1, error: 1 }) },
    ]);
    assert.deepEqual(
      summary.topClients.map((client) => [client.address, client.events]),
      [['198.51.100.40', 1]],
    );
  });
});

describe('lines that are not what they seem', () => {
  it('holds a cut combined line as malformed, and a made-up day as no day', async () => {
    const file = join(samples.dir, 'odd.log');
    writeFileSync(
      file,
      [
        '198.51.100.1 - - [31/Feb/2025:10:00:00 +0000] "GET / HTTP/1.1" 429 0 "-" "x"',
        '{"timestamp": "2025-13-45T00:00:00Z", "event": "rate_limited", "ip": "198.51.100.2"}',
        '{"timestamp": "2025-03-01T00:00:00Z", "event": "rate_limited", "ip": "not-an-address"}',
        '198.51.100.3 - - [01/Mar/2025:10:00:00 +0000] "GET /a b?id=1 UNION SELECT 1 HTTP/1.1" 200 0 "-" "x"',
        '198.51.100.4 - - [01/Mar/2025:10:00:00 +0000] "GET /',
        '\u0000\u0001binary',
      ].join('\n'),
    );
    const summary = await summariseLogs([file], { threshold: 20, top: 10 });
    assert.deepEqual(summary.files[0]?.malformedAt, [5, 6]);
    assert.deepEqual(
      summary.byDay.map(({ day, counts }) => [day, counts['rate-limit'], counts.injection]),
      [
        ['2025-03-01', 1, 1],
        ['undated', 2, 0],
      ],
    );
    assert.deepEqual(
      summary.topClients.map((client) => client.address),
      ['198.51.100.1', '198.51.100.2', '198.51.100.3'],
    );
  });
});

describe('lines of no format shipshape reads', () => {
  it('counts each as malformed by its line, whatever it looks like, and blank lines not at all', async () => {
    const summary = await summariseLogs([samples.strayJson, samples.strayAccess], {
      threshold: 20,
      top: 10,
    });
    assert.deepEqual(
      summary.files.map(({ lines, events, malformed, malformedAt }) => ({
        lines,
        events,
        malformed,
        malformedAt,
      })),
      [
        // Text, an array, a greeting, JSON cut short, a JSON string; lines 4 and 9 are blank.
        { lines: 10, events: 2, malformed: 5, malformedAt: [2, 3, 5, 6, 8] },
        // The garbage line; Python's logging line is a record of its own format, and counts.
        { lines: 4, events: 2, malformed: 1, malformedAt: [2] },
      ],
    );
    assert.deepEqual(summary.byKind, counts({ 'rate-limit': 2, 'failed-login': 2 }));
    for (const format of ['text', 'markdown', 'json'] as const) {
      const text = renderLogSummary(summary, format);
      for (const secret of SECRETS)
        assert.ok(!text.includes(secret), `${format} output holds ${secret}`);
      assert.doesNotMatch(text, /hello|garbage|not json/);
    }
  });
});

describe('the summary in words', () => {
  it('says one line, one event and one security event in the singular', async () => {
    const file = join(samples.dir, 'one.log');
    writeFileSync(
      file,
      '198.51.100.5 - - [12/Mar/2025:10:00:00 +0000] "GET / HTTP/1.1" 429 0 "-" "Mozilla/5.0"\n',
    );
    const blocked = await summariseLogs([file], { threshold: 1, top: 5 });
    const text = renderLogSummary(blocked, 'text');
    assert.match(text, /one\.log: 1 line, 1 event\n/);
    assert.match(text, /\n1 event in 1 line: 1 rate-limit refusal\n/);
    assert.match(text, /# 198\.51\.100\.5: 1 event\n/);
    const markdown = renderLogSummary(blocked, 'markdown');
    assert.match(markdown, /\n\*\*1 event\*\* in 1 line\.\n/);
    assert.match(markdown, /\n# 198\.51\.100\.5: 1 event\n/);
    assert.doesNotMatch(`${text}${markdown}`, /\b1 (?:events|lines)\b/);

    const quiet = await summariseLogs([samples.strayAccess], { threshold: 1, top: 5 });
    assert.match(renderLogSummary(quiet, 'text'), /1 malformed \(line 2\)/);
    const none = await summariseLogs([join(samples.dir, 'one.log')], {
      threshold: 1,
      top: 5,
      since: '2025-03-13',
    });
    assert.match(renderLogSummary(none, 'text'), /No address reached 1 security event\./);
    assert.match(
      renderLogSummary(none, 'text'),
      /0 events from 2025-03-13 on, in 1 line \(1 of earlier days skipped\)/,
    );
    const many = await summariseLogs([samples.strayJson], { threshold: 20, top: 5 });
    assert.match(
      renderLogSummary(many, 'text'),
      /stray\.jsonl: 10 lines, 2 events, 5 malformed \(lines 2, 3, 5, 6, 8\)/,
    );
  });
});
