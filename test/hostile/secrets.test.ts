import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadConfig } from '../../src/core/config.js';
import { cut, MIN_CUT, SecretSet } from '../../src/core/redact.js';
import type { Report } from '../../src/core/types.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { scan } from '../../src/scan.js';
import { closedPort } from '../gather/live/live-support.js';
import {
  type EnvStyle,
  envLine,
  envStyle,
  leakedPiece,
  secretPieces,
  secretValue,
} from '../support/hostile/secret-shapes.js';

/** Secrets for every place a scan reads one: env file, configuration, source, nginx, responses. */
interface Planted {
  env: string[];
  styles: EnvStyle[];
  config: string[];
  source: string[];
  responses: string[];
  /** In the target URL's query string. */
  query: string[];
}

const planted: fc.Arbitrary<Planted> = fc.record({
  env: fc.array(secretValue, { minLength: 7, maxLength: 7 }),
  styles: fc.array(envStyle, { minLength: 7, maxLength: 7 }),
  config: fc.array(secretValue, { minLength: 2, maxLength: 2 }),
  source: fc.array(secretValue, { minLength: 4, maxLength: 4 }),
  responses: fc.array(secretValue, { minLength: 3, maxLength: 3 }),
  query: fc.array(secretValue, { minLength: 1, maxLength: 1 }),
});

/** Base64 only, for places whose own quoting a generated value could break (nginx, a cookie). */
const quotable = (value: string) => Buffer.from(value).toString('base64url');

function envText(secrets: Planted, databasePort: number): string {
  const [key, password, url, stripe, apiKey, neutral, pem] = secrets.env as [string, ...string[]];
  const style = (index: number) => secrets.styles[index]!;
  const encoded = encodeURIComponent(url!);
  return [
    'ENVIRONMENT=production',
    envLine('SECRET_KEY', key, style(0)),
    envLine('DB_PASSWORD', password!, style(1)),
    `DATABASE_URL=postgresql://app:${encoded}@127.0.0.1:${databasePort}/app`,
    envLine('STRIPE_SECRET_KEY', stripe!, style(3)),
    envLine('SENDGRID_API_KEY', apiKey!, style(4)),
    envLine('FEATURE_FLAGS', neutral!, style(5)),
    `PRIVATE_KEY="-----BEGIN PRIVATE KEY-----\\n${quotable(pem!)}\\n-----END PRIVATE KEY-----"`,
    '',
  ].join('\n');
}

function configText(secrets: Planted, url: string | undefined, databasePort: number): string {
  const [bearer, password] = secrets.config as [string, string];
  const databaseUrl = `postgresql://app:${encodeURIComponent(password)}@127.0.0.1:${databasePort}/app`;
  const config = {
    ...(url ? { target: { url } } : {}),
    limits: { timeBudget: 20, requestTimeout: 2 },
    database: { url: databaseUrl },
    probes: {
      ports: [databasePort],
      rateLimit: { maxRequests: 5 },
      apiPaths: [
        { method: 'GET', path: '/api/v1/items', headers: { Authorization: `Bearer ${bearer}` } },
      ],
    },
  };
  // JSON is YAML: every generated character survives it.
  return JSON.stringify(config, null, 2);
}

function writeProject(dir: string, secrets: Planted, url: string | undefined, port: number): void {
  const [settingsKey, token, nginxKey, docsToken] = secrets.source as [
    string,
    string,
    string,
    string,
  ];
  mkdirSync(join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  // Source lines are quoted in evidence: a literal in them is never registered as a secret.
  writeFileSync(
    join(dir, 'src', 'server.js'),
    [
      "const express = require('express');",
      'const app = express();',
      `app.use('/docs', auth(${JSON.stringify(docsToken)}), swaggerUi.serve, swaggerUi.setup(spec));`,
      `db.query('SELECT * FROM t WHERE a = ' + lookup(${JSON.stringify(token)}));`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'deploy', 'nginx'), { recursive: true });
  writeFileSync(join(dir, '.env.production'), envText(secrets, port));
  writeFileSync(join(dir, 'shipshape.yaml'), configText(secrets, url, port));
  writeFileSync(
    join(dir, 'app', 'settings.py'),
    [
      'import os',
      `SECRET_KEY = ${JSON.stringify(settingsKey)}`,
      `API_TOKEN = os.environ.get("API_TOKEN", ${JSON.stringify(token)})`,
      `DATABASE_URL = "postgresql://app:${quotable(token)}@db.internal/app"`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'deploy', 'nginx', 'nginx.conf'),
    [
      'events {}',
      'http {',
      '  server {',
      '    listen 443 ssl;',
      `    proxy_set_header Authorization "Bearer ${quotable(nginxKey)}";`,
      `    add_header X-Upstream-Key "${quotable(nginxKey)}" always;`,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
}

/** Every form of every secret the scan could show: as planted, URL-encoded, base64url. */
function forbidden(secrets: Planted): string[] {
  const all = [
    ...secrets.env,
    ...secrets.config,
    ...secrets.source,
    ...secrets.responses,
    ...secrets.query,
  ];
  return secretPieces(all.flatMap((value) => [value, encodeURIComponent(value), quotable(value)]));
}

/** A deployment whose every answer carries secrets: a token, a traceback, a session cookie. */
function leakyServer(responses: () => string[]): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const [token, traceback, cookie] = responses() as [string, string, string];
    const failing = request.method !== 'GET';
    const body = JSON.stringify({
      token,
      detail: `Traceback (most recent call last):\n  File "app.py", line 3\nKeyError: ${traceback}`,
    });
    response.writeHead(failing ? 500 : 200, {
      'content-type': failing ? 'text/plain' : 'application/json',
      'set-cookie': `sid=${quotable(cookie)}; HttpOnly`,
    });
    response.end(body);
  });
}

function renderAll(report: Report): string[] {
  return [
    renderTerminal(report, { color: false }),
    renderTerminal(report, { color: true, verbose: true }),
    renderMarkdown(report),
    renderJson(report),
    renderSarif(report),
    renderJunit(report),
    renderHtml(report),
  ];
}

async function scanFor(secrets: Planted, url: string | undefined, port: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-secrets-'));
  try {
    const target =
      url &&
      `${url}/?token=${encodeURIComponent(secrets.query[0]!)}#${quotable(secrets.query[0]!)}`;
    writeProject(dir, secrets, target, port);
    const debug: string[] = [];
    const report = await scan({ project: dir, debug: (line) => debug.push(line) });
    // The secrets were read: the env and nginx items were decided, not skipped.
    for (const id of ['env.secret-key', 'env.secrets-set', 'headers.nosniff']) {
      assert.notEqual(report.items.find((item) => item.id === id)?.status, 'skip', id);
    }
    // The source line with a secret in it was read and quoted.
    const docs = report.items.flatMap((item) => item.checks).find((c) => c.id === 'docs-settings');
    assert.ok(docs?.evidence.some((line) => line.message.includes('src/server.js:3: app.use(')));
    return [...renderAll(report), debug.join('\n')];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertNoLeak(texts: string[], secrets: Planted): void {
  const pieces = forbidden(secrets);
  for (const text of texts) {
    const leaked = leakedPiece(text, pieces);
    assert.equal(leaked, undefined, `a secret appears in the output:\n${excerpt(text, leaked)}`);
  }
}

function excerpt(text: string, piece: string | undefined): string {
  const at = piece === undefined ? 0 : text.indexOf(piece);
  return text.slice(Math.max(0, at - 200), at + 200);
}

describe('the leak detector', () => {
  it('finds a secret, a line of a multi-line one, and its encoded forms', () => {
    const secret = 'Zq9#Lm2$Vx8!Pw4';
    const planted = { ...EMPTY, env: [secret, `-----BEGIN-----\nAbCdEfGh12345678\n-----END-----`] };
    const pieces = forbidden(planted);
    assert.equal(leakedPiece(`key is ${secret}.`, pieces), secret);
    assert.equal(leakedPiece('line AbCdEfGh12345678', pieces), 'AbCdEfGh12345678');
    assert.equal(
      leakedPiece(`url ${encodeURIComponent(secret)}`, pieces),
      encodeURIComponent(secret),
    );
    assert.equal(leakedPiece('nothing here', pieces), undefined);
  });
});

describe('no secret leaves a scan, in any format or log', () => {
  let server: Server;
  let origin: string;
  let port: number;
  let current: string[] = [];

  before(async () => {
    port = await closedPort();
    server = leakyServer(() => current);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('with a live target that echoes secrets back', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async (secrets) => {
        current = secrets.responses;
        assertNoLeak(await scanFor(secrets, origin, port), secrets);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('for the project alone, in many more shapes', async () => {
    await fc.assert(
      fc.asyncProperty(planted, async (secrets) => {
        assertNoLeak(await scanFor(secrets, undefined, port), secrets);
      }),
      { numRuns: 120, endOnFailure: true },
    );
  });

  it('in the message of a configuration that is wrong', () => {
    fc.assert(
      fc.property(secretValue, (secret) => {
        const dir = mkdtempSync(join(tmpdir(), 'shipshape-config-'));
        const file = join(dir, 'shipshape.yaml');
        try {
          const password = encodeURIComponent(secret);
          const wrong = [
            { database: { url: `mysql://app:${password}@db/app` } },
            { target: { url: `ftp://app:${password}@host/` } },
            { probes: { apiPaths: [{ path: '/x', headers: { Authorization: [secret] } }] } },
            { limits: { maxRequests: secret } },
          ];
          for (const config of wrong) {
            writeFileSync(file, JSON.stringify(config));
            const message = messageOf(() => loadConfig(file));
            assert.equal(
              leakedPiece(message, forbidden({ ...EMPTY, config: [secret] })),
              undefined,
              message,
            );
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});

const EMPTY: Planted = { env: [], styles: [], config: [], source: [], responses: [], query: [] };

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  assert.fail('the configuration was accepted');
}

/** Text around a piece of a secret: anything that is not itself a piece of a secret. */
const around = fc.string({ unit: fc.constantFrom(...'abc XYZ:=/-_.,()"\''), maxLength: 20 });

describe('a secret cut short', () => {
  it('is removed, cut at any point of at least MIN_CUT characters', () => {
    fc.assert(
      fc.property(secretValue, fc.nat(), around, around, (secret, at, before, after) => {
        const secrets = new SecretSet();
        secrets.add(secret);
        const length = MIN_CUT + (at % (secret.length - MIN_CUT));
        const start = secret.slice(0, length);
        const end = secret.slice(secret.length - length);
        const texts = [
          `${before}${start}…${after}`,
          `${before}${start}...${after}`,
          `${before}${start}`,
          `${end}${after}`,
          `${before}…${end}${after}`,
          `${before}...${end}`,
          cut(`${before}${secret}${after}`, before.length + length + 1),
        ];
        for (const text of texts) {
          const shown = secrets.scrub(text);
          assert.ok(!shown.includes(start) && !shown.includes(end), `${text} -> ${shown}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('leaves text alone that holds no piece of a secret', () => {
    const secrets = new SecretSet();
    secrets.add('Zq9#Lm2$Vx8!Pw4-kT');
    for (const text of ['Zq9#Lm2 is short', 'ends in Zq9#Lm2…', 'x...Pw4-kT', 'a plain line']) {
      assert.equal(secrets.scrub(text), text);
    }
    assert.equal(secrets.scrub('key Zq9#Lm2$Vx8!…'), 'key [redacted]…');
  });

  it('leaves no piece of a longer secret when a shorter one is inside it', () => {
    const secrets = new SecretSet();
    secrets.add('p4ssw0rd!');
    secrets.add('postgresql://app:p4ssw0rd!@db.internal:5432/app');
    assert.equal(
      secrets.scrub('url postgresql://app:p4ssw0rd!@db.internal:5432/app'),
      'url [redacted]',
    );
  });
});

describe('query values and fragments of URLs', () => {
  it('are secrets, however short, with the parameter name kept', () => {
    const secrets = new SecretSet();
    secrets.addUrlParts('https://127.0.0.1:18443/?token=Tok-UNIQUE-QS-555&key=abc#frag-XYZ-123');
    secrets.addUrlParts('/api/v1/price?plan=pro');
    assert.equal(
      secrets.scrub('GET https://127.0.0.1:18443/?token=Tok-UNIQUE-QS-555&key=abc#frag-XYZ-123'),
      'GET https://127.0.0.1:18443/?token=[redacted]&key=[redacted]#[redacted]',
    );
    assert.equal(secrets.scrub('echoed Tok-UNIQUE-QS-555'), 'echoed [redacted]');
    assert.equal(secrets.scrub('GET /api/v1/price?plan=pro'), 'GET /api/v1/price?plan=[redacted]');
  });
});
