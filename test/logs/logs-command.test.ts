import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../support/cli.js';
import { SECRETS, truncatedGzip, writeSamples } from './sample-logs.js';

const samples = writeSamples();

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} holds ${secret}`);
}

describe('shipshape logs', () => {
  it('prints the text summary with counts, top addresses and block commands', async () => {
    const result = await cli(['logs', ...samples.all, '--threshold', '5']);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /34 events in 44 lines: 4 injection attempts, 2 payment manipulation, 12 bot blocks, 4 failed logins, 8 rate-limit refusals, 4 errors/,
    );
    assert.match(result.stdout, /2025-03-09 {2}5 bot blocks\n/);
    assert.match(
      result.stdout,
      /2025-03-11 {2}2 payment manipulation, 3 failed logins, 3 rate-limit refusals, 4 errors\n/,
    );
    assert.match(result.stdout, /198\.51\.100\.23 +14 {2}2 injection attempts, 12 bot blocks/);
    assert.match(result.stdout, /access\.log\.1\.gz: 6 lines, 5 events, gzip/);
    assert.match(result.stdout, /access\.log\.2: 3 lines, 2 events, gzip/);
    assert.match(result.stdout, /security\.jsonl: 15 lines, 12 events, 1 malformed \(line 14\)/);
    const commands = result.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('sudo ufw') || line.startsWith('deny '));
    assert.deepEqual(commands, [
      'sudo ufw insert 1 deny from 198.51.100.23 to any',
      'deny 198.51.100.23;    # nginx, in the server block',
      'sudo ufw insert 1 deny from 203.0.113.50 to any',
      'deny 203.0.113.50;    # nginx, in the server block',
      'sudo ufw insert 1 deny from 203.0.113.99 to any',
      'deny 203.0.113.99;    # nginx, in the server block',
    ]);
    assert.match(result.stdout, /printed, not run/);
  });

  it('reports malformed lines by file and line on stderr, without their text', async () => {
    const result = await cli(['logs', samples.security, samples.access]);
    assert.equal(result.code, 0);
    assert.equal(
      result.stderr,
      [
        `shipshape: ${samples.security}: 1 malformed line not counted (line 14)`,
        `shipshape: ${samples.access}: 1 malformed line not counted (line 20)`,
        '',
      ].join('\n'),
    );
  });

  it('counts every line of no known format as malformed, and names it by line only', async () => {
    const result = await cli(['logs', samples.strayJson, samples.strayAccess]);
    assert.equal(result.code, 0);
    assert.equal(
      result.stderr,
      [
        `shipshape: ${samples.strayJson}: 5 malformed lines not counted (lines 2, 3, 5, 6, 8)`,
        `shipshape: ${samples.strayAccess}: 1 malformed line not counted (line 2)`,
        '',
      ].join('\n'),
    );
    assert.match(result.stdout, /stray\.jsonl: 10 lines, 2 events, 5 malformed/);
    assert.match(result.stdout, /stray-access\.log: 4 lines, 2 events, 1 malformed \(line 2\)/);
    assertNoSecret(result.stdout, 'stdout');
    assertNoSecret(result.stderr, 'stderr');
    assert.doesNotMatch(result.stdout + result.stderr, /hello|garbage|not json|\[1,2,3\]/);
  });

  it('suggests no block under the default threshold of 20', async () => {
    const result = await cli(['logs', ...samples.all]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /No address reached 20 security events\./);
    assert.doesNotMatch(result.stdout, /ufw/);
  });

  for (const format of ['text', 'markdown', 'json'] as const) {
    it(`never echoes a token, password or key of a log line (${format})`, async () => {
      const result = await cli(['logs', ...samples.all, '--format', format, '--threshold', '1']);
      assert.equal(result.code, 0);
      assertNoSecret(result.stdout, 'stdout');
      assertNoSecret(result.stderr, 'stderr');
    });
  }

  it('writes JSON to --output, the format told by the extension', async () => {
    const output = join(samples.dir, 'summary.json');
    const result = await cli(['logs', ...samples.all, '--output', output, '--threshold', '5']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, '');
    const text = readFileSync(output, 'utf8');
    assertNoSecret(text, output);
    const summary = JSON.parse(text);
    assert.equal(summary.events, 34);
    assert.deepEqual(summary.byKind, {
      injection: 4,
      'payment-tampering': 2,
      'bot-block': 12,
      'failed-login': 4,
      'rate-limit': 8,
      error: 4,
    });
    assert.deepEqual(
      summary.blocks.map((block: { ufw: string }) => block.ufw),
      [
        'sudo ufw insert 1 deny from 198.51.100.23 to any',
        'sudo ufw insert 1 deny from 203.0.113.50 to any',
        'sudo ufw insert 1 deny from 203.0.113.99 to any',
      ],
    );
  });

  it('writes the Markdown table of days and kinds', async () => {
    const result = await cli(['logs', ...samples.all, '--format', 'markdown', '--threshold', '5']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^# Security events\n/);
    assert.match(result.stdout, /\| 2025-03-10 \| 4 \| 0 \| 7 \| 1 \| 3 \| 0 \|\n/);
    assert.match(
      result.stdout,
      /\| \*\*total\*\* \| \*\*4\*\* \| \*\*2\*\* \| \*\*12\*\* \| \*\*4\*\* \| \*\*8\*\* \| \*\*4\*\* \|/,
    );
    assert.match(
      result.stdout,
      /```sh\n# 198\.51\.100\.23: 14 events\nsudo ufw insert 1 deny from 198\.51\.100\.23 to any\n# nginx, in the server block: deny 198\.51\.100\.23;\n/,
    );
  });

  it('--since and --days leave out earlier days', async () => {
    const since = await cli(['logs', ...samples.all, '--since', '2025-03-10', '--format', 'json']);
    assert.equal(since.code, 0);
    assert.equal(JSON.parse(since.stdout).events, 27);

    const day = (offset: number) => {
      const date = new Date(Date.now() - offset * 86_400_000);
      const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      return `${String(date.getUTCDate()).padStart(2, '0')}/${month}/${date.getUTCFullYear()}`;
    };
    const recent = join(samples.dir, 'recent.log');
    const line = (offset: number) =>
      `198.51.100.5 - - [${day(offset)}:12:00:00 +0000] "GET / HTTP/1.1" 429 0 "-" "Mozilla/5.0"`;
    writeFileSync(recent, [line(0), line(0), line(6), line(7), line(30)].join('\n'));
    const week = await cli(['logs', recent, '--days', '7', '--format', 'json']);
    assert.equal(week.code, 0);
    const summary = JSON.parse(week.stdout);
    assert.equal(summary.events, 3);
    assert.equal(summary.before, 2);
  });

  it('reports a truncated gzip by name, counts what came before the cut, and exits 0', async () => {
    const file = join(samples.dir, 'access.log.3.gz');
    writeFileSync(file, truncatedGzip(3000));
    const result = await cli(['logs', file, '--format', 'json']);
    assert.equal(result.code, 0);
    const summary = JSON.parse(result.stdout);
    assert.ok(summary.events > 0 && summary.events < 3000);
    assert.equal(summary.byKind['rate-limit'], summary.events);
    assert.match(
      result.stderr,
      new RegExp(
        `^shipshape: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the gzip file is truncated: it ends after line ${summary.lines}; the lines before it are counted\n$`,
      ),
    );
  });
});

describe('shipshape logs: bad input', () => {
  const missing = join(samples.dir, 'no-such.log');
  const cases: [string, string[], RegExp][] = [
    [
      'a missing file',
      ['logs', samples.access, missing],
      /^shipshape: .*no-such\.log: does not exist\n$/,
    ],
    ['a folder', ['logs', samples.dir], /^shipshape: .*: is a folder; give the log files in it\n$/],
    ['no file at all', ['logs'], /missing required argument 'files'/],
    [
      'a threshold that is not a number',
      ['logs', samples.access, '--threshold', 'ten'],
      /^shipshape: --threshold: 'ten' is not a whole number of 1 or more\n$/,
    ],
    [
      'a threshold of 0',
      ['logs', samples.access, '--threshold', '0'],
      /--threshold: '0' is not a whole number/,
    ],
    [
      'a day that is not one',
      ['logs', samples.access, '--since', '2025-02-30'],
      /^shipshape: --since: '2025-02-30' is not a day; write it as YYYY-MM-DD\n$/,
    ],
    [
      'both --since and --days',
      ['logs', samples.access, '--since', '2025-03-01', '--days', '7'],
      /--since and --days both set the first day/,
    ],
    [
      'an unknown format',
      ['logs', samples.access, '--format', 'html'],
      /argument 'html' is invalid/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: a line on stderr, exit code 2, no stack trace`, async () => {
      const result = await cli(args);
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
      assert.equal(result.stdout, '');
    });
  }

  it('an unreadable file: exit code 2', {
    skip: process.getuid?.() === 0 && 'root reads any file',
  }, async () => {
    const file = join(samples.dir, 'secret.log');
    writeFileSync(file, 'x\n');
    chmodSync(file, 0o000);
    const result = await cli(['logs', file]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^shipshape: .*secret\.log: cannot be read \(permission denied\)\n$/,
    );
  });

  it('an --output in no folder: one line and exit code 2, before any log is read', async () => {
    const output = join(samples.dir, 'no-such-folder', 'summary.md');
    // The security log has a malformed line: had it been read, stderr would say so first.
    const result = await cli(['logs', samples.security, '--output', output]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `shipshape: --output: ${output}: the folder ${join(samples.dir, 'no-such-folder')} does not exist; create it or give a path in another folder\n`,
    );
    assert.equal(result.stdout, '');
    assert.ok(!existsSync(output));
  });

  it('an --output that is a folder: one line and exit code 2, before any log is read', async () => {
    const result = await cli(['logs', samples.security, '--output', samples.dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^shipshape: --output: .* is a folder; give a file path such as /);
    assert.equal(result.stderr.split('\n').length, 2, result.stderr);
    assert.equal(result.stdout, '');
  });
});
