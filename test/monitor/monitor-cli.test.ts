import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { makeTestPki } from '../support/certificates.js';
import { cli } from '../support/cli.js';

const SECRET_KEY = 'Zq8vR2mX5tL9wK3nB7yH1cF6jD4sG0pAeU';
const HOOK_TOKEN = 'T0KEN-hook-6d1f0c2e9a';

const GOOD_HEADERS = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
const SWAGGER_PAGE =
  '<html><body><div id="swagger-ui"></div><script src="/s/swagger-ui-bundle.js"></script></body></html>';

interface Hook {
  method: string;
  path: string;
  type: string | undefined;
  body: string;
}

async function listen(server: Server | HttpsServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: Server | HttpsServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('monitor --once and history, end to end on 127.0.0.1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-monitor-'));
  const project = join(dir, 'project');
  const pki = makeTestPki(join(dir, 'pki'));
  const longCert = pki.leaf('long', { names: ['127.0.0.1'], notBeforeDays: -1, notAfterDays: 45 });
  const shortCert = pki.leaf('short', {
    names: ['127.0.0.1'],
    notBeforeDays: -1,
    notAfterDays: 20,
  });
  const pair = (files: { certFile: string; keyFile: string }) => ({
    cert: readFileSync(files.certFile),
    key: readFileSync(files.keyFile),
  });

  // What the deployment does: after the first scan it drops HSTS, opens /docs and serves a
  // certificate that ends inside the warn threshold.
  let regressed = false;
  const site = createHttpsServer(pair(longCert), (request, response) => {
    const headers: Record<string, string> = { ...GOOD_HEADERS };
    if (regressed) delete headers['strict-transport-security'];
    const path = (request.url ?? '/').split('?')[0];
    if (regressed && path === '/docs') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(SWAGGER_PAGE);
    } else if (path === '/' || path === '/api/v1/health') {
      response
        .writeHead(200, { ...headers, 'content-type': 'application/json' })
        .end('{"status":"ok"}');
    } else {
      response.writeHead(404, { ...headers, 'content-type': 'application/json' }).end('{}');
    }
  });

  const hooks: Hook[] = [];
  const receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      hooks.push({
        method: request.method ?? '',
        path: request.url ?? '',
        type: request.headers['content-type'],
        body,
      });
      response.writeHead(204).end();
    });
  });

  const database = join(project, '.shipshape', 'history.db');
  const monitorArgs = () => [
    'monitor',
    '--once',
    '--project',
    project,
    '--ca',
    pki.caFile,
    '--passive',
  ];
  const runs: { code: number; stdout: string; stderr: string }[] = [];

  before(async () => {
    const sitePort = await listen(site);
    const hookPort = await listen(receiver);
    mkdirSync(project);
    writeFileSync(join(project, '.env'), `ENVIRONMENT=production\nSECRET_KEY=${SECRET_KEY}\n`);
    writeFileSync(
      join(project, 'shipshape.yaml'),
      [
        'target:',
        `  url: https://127.0.0.1:${sitePort}/`,
        'probes:',
        '  health: /api/v1/health',
        `  ports: [${sitePort}]`,
        'limits:',
        '  timeBudget: 8',
        '  requestTimeout: 2',
        '  maxRequests: 150',
        'monitor:',
        `  webhook: http://127.0.0.1:${hookPort}/hooks/${HOOK_TOKEN}`,
        '',
      ].join('\n'),
    );

    runs.push(await cli(monitorArgs()));
    regressed = true;
    site.setSecureContext(pair(shortCert));
    runs.push(await cli(monitorArgs()));
  });

  after(async () => {
    await Promise.all([close(site), close(receiver)]);
  });

  it('stores the first scan and says there is nothing to compare yet', () => {
    const [first] = runs;
    assert.equal(first!.stderr, '');
    assert.match(first!.stdout, /^Scan #1 of https:\/\/127\.0\.0\.1:\d+\/ at \S+: \d+ pass, /);
    assert.match(first!.stdout, /first scan of this target/);
    assert.ok(existsSync(database), 'the default history file in the project folder');
  });

  it('prints the drift of the second scan: the lost header, the public docs, the certificate', () => {
    const second = runs[1]!;
    assert.equal(second.stderr, '');
    assert.match(second.stdout, /^Scan #2 of /);
    assert.match(second.stdout, /Drift since scan #1 \(/);
    assert.match(second.stdout, /headers\.hsts\s+pass -> fail/);
    assert.match(second.stdout, /docs\.disabled\s+pass -> fail/);
    assert.match(second.stdout, /docs\.not-found\s+pass -> fail/);
    assert.match(second.stdout, /security header lost: headers\.hsts no longer passes \(fail\)/);
    assert.doesNotMatch(second.stdout, /headers\.(csp|nosniff|frame-options)/);
    assert.match(second.stdout, /tls\.certificate\s+pass -> warn/);
    assert.match(
      second.stdout,
      /certificate: 4[45] -> (19|20) days left: under the warn threshold \(30 days\)/,
    );
    assert.match(second.stdout, /webhook told of 3 items/);
  });

  it('exits with the scan exit code: 1 once items fail', () => {
    assert.equal(runs[1]!.code, 1);
  });

  it('calls the webhook exactly once, with the items turned to fail and no secret', () => {
    assert.equal(hooks.length, 1);
    const [hook] = hooks;
    assert.equal(hook!.method, 'POST');
    assert.equal(hook!.path, `/hooks/${HOOK_TOKEN}`);
    assert.match(hook!.type ?? '', /^application\/json/);
    const body = JSON.parse(hook!.body);
    assert.equal(body.event, 'shipshape.items-failed');
    assert.equal(body.scanId, 2);
    assert.equal(body.previousScanId, 1);
    assert.match(body.target.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(!Number.isNaN(Date.parse(body.scannedAt)));
    assert.deepEqual(
      body.items
        .map((item: { id: string; from: string; to: string }) => [item.id, item.from, item.to])
        .sort(),
      [
        ['docs.disabled', 'pass', 'fail'],
        ['docs.not-found', 'pass', 'fail'],
        ['headers.hsts', 'pass', 'fail'],
      ],
    );
    assert.ok(!hook!.body.includes(SECRET_KEY));
    assert.ok(!hook!.body.includes(HOOK_TOKEN));
  });

  it('shows neither the secret nor the webhook URL in any output', () => {
    for (const run of runs) {
      for (const text of [run.stdout, run.stderr]) {
        assert.ok(!text.includes(SECRET_KEY));
        assert.ok(!text.includes(HOOK_TOKEN));
        assert.ok(!text.includes('/hooks/'));
      }
    }
  });

  it('lists both scans in the history, with their counts', async () => {
    const listed = await cli(['history', '--project', project]);
    assert.equal(listed.code, 0);
    const lines = listed.stdout.trimEnd().split('\n');
    assert.equal(lines[0], `${database}: 2 scans`);
    assert.match(
      lines[1]!,
      /^ {2}#1 +\S+Z {2}https:\/\/127\.0\.0\.1:\d+\/ {2}\d+ pass, \d+ fail, /,
    );
    assert.match(lines[2]!, /^ {2}#2 /);
    assert.equal(lines.length, 3);
  });

  it('prints a stored report with the JSON, Markdown and terminal renderers', async () => {
    const json = await cli(['history', 'show', '2', '--database', database, '--format', 'json']);
    assert.equal(json.code, 0);
    const report = JSON.parse(json.stdout) as Report;
    assert.equal(report.items.find((item) => item.id === 'headers.hsts')?.status, 'fail');
    assert.equal(report.items.length, 49);
    assert.ok(!json.stdout.includes(SECRET_KEY));

    const markdown = await cli([
      'history',
      'show',
      '1',
      '--project',
      project,
      '--format',
      'markdown',
    ]);
    assert.equal(markdown.code, 0);
    assert.match(markdown.stdout, /^# /m);
    assert.match(markdown.stdout, /- \[x\]/);

    const terminal = await cli(['history', '--database', database, 'show', '1']);
    assert.equal(terminal.code, 0);
    assert.match(terminal.stdout, /Security headers/);
  });

  it('refuses an unknown scan id in one line with exit code 2', async () => {
    for (const id of ['99', 'abc']) {
      const result = await cli(['history', 'show', id, '--database', database]);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trimEnd().split('\n').length, 1);
      assert.match(result.stderr, /^shipshape: history show: /);
    }
  });
});

describe('monitor and history: bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-monitor-bad-'));
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'x');

  const cases: [string, string[], RegExp][] = [
    [
      'a database path that cannot be opened',
      ['monitor', '--once', '--project', dir, '--database', join(blocker, 'history.db')],
      /^shipshape: --database: cannot open .*history\.db as a history database \(\w+\); give a writable file path\n$/,
    ],
    [
      'a database that is a folder',
      ['monitor', '--once', '--project', dir, '--database', dir],
      /^shipshape: --database: cannot open /,
    ],
    [
      'an interval that is not a number of seconds',
      ['monitor', '--project', dir, '--interval', '10m'],
      /^shipshape: --interval: give a number of seconds from 1 to 604800/,
    ],
    [
      'a --database file that does not exist',
      ['history', '--database', join(dir, 'nonexist', 'h.db')],
      /^shipshape: --database: .*nonexist\/h\.db does not exist; give the history file shipshape monitor wrote/,
    ],
    [
      'a --database file that does not exist, for history show',
      ['history', 'show', '1', '--database', join(dir, 'nonexist', 'h.db')],
      /^shipshape: --database: .*nonexist\/h\.db does not exist; /,
    ],
    [
      'a history file that is not one',
      ['history', '--database', blocker],
      /^shipshape: --database: .*a-file is not a shipshape history file/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: one line on stderr and exit code 2`, async () => {
      const result = await cli(args);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1);
    });
  }

  it('lists no scans, and creates nothing, where the monitor has not run', async () => {
    const result = await cli(['history', '--project', dir]);
    assert.equal(result.code, 0);
    assert.equal(
      result.stdout,
      `No scans in ${join(dir, '.shipshape', 'history.db')} yet: shipshape monitor stores them.\n`,
    );
    assert.ok(!existsSync(join(dir, '.shipshape')));
  });
});
