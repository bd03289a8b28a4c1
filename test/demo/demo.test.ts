import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'dotenv';
import type { Report, Status } from '../../src/core/types.js';
import { DEMO_PROJECT, runDemo } from '../../src/demo/run.js';
import { productionWeb } from '../../src/profiles/production-web.js';

// What demo/project and src/demo/server.ts were built to show, item by item. Items that
// depend on the machine (nginx -t present or not) or have no check yet are left out.
const DESIGNED: Record<string, Status> = {
  'env.production': 'fail',
  'env.secret-key': 'fail',
  'env.db-credentials': 'fail',
  'env.stripe-live': 'fail',
  'env.secrets-set': 'fail',
  'docs.disabled': 'fail',
  'docs.openapi-hidden': 'fail',
  'docs.not-found': 'fail',
  // The Server header of every error answer names the nginx version (server_tokens is on).
  'errors.leakage': 'fail',
  // Bot tools get 403, but an empty or absent user agent gets through.
  'bots.blocked': 'fail',
  'ratelimit.configured': 'pass',
  // nginx.conf asks for 10 r/s, but the live deployment refuses nothing in the probe's burst.
  'ratelimit.rate': 'fail',
  'ratelimit.burst': 'fail',
  'headers.hsts': 'warn',
  'headers.frame-options': 'pass',
  // No CSP anywhere; the demo's answers are JSON, where CSP matters only if a browser renders them.
  'headers.csp': 'warn',
  'headers.nosniff': 'pass',
  'tls.certificate': 'pass',
  'tls.https-redirect': 'warn',
  'tls.min-version': 'pass',
  'firewall.ports': 'pass',
  'deploy.health': 'pass',
};

/** Values in the demo .env that a report must never show, by key: secrets and the DB password. */
function secretValues(): [key: string, value: string][] {
  const env = parse(readFileSync(join(DEMO_PROJECT, 'backend', '.env'), 'utf8'));
  const secrets = Object.entries(env).filter(
    ([key, value]) => /SECRET|KEY|PASSWORD|TOKEN|DATABASE_URL/.test(key) && value !== '',
  );
  const password = decodeURIComponent(new URL(env.DATABASE_URL!).password);
  return [...secrets, ['DATABASE_URL password', password]];
}

function isPortClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const settle = (closed: boolean) => {
      socket.destroy();
      resolve(closed);
    };
    socket.setTimeout(2000);
    socket.once('connect', () => settle(false));
    socket.once('timeout', () => settle(false));
    socket.once('error', () => settle(true));
  });
}

describe('shipshape demo', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'shipshape-demo-test-'));
  let code: number;
  let terminal = '';
  let json = '';
  let markdown = '';
  let report: Report;

  before(async () => {
    code = await runDemo({
      outDir,
      color: false,
      write: (text) => {
        terminal += text;
      },
    });
    json = readFileSync(join(outDir, 'report.json'), 'utf8');
    markdown = readFileSync(join(outDir, 'checklist.md'), 'utf8');
    report = JSON.parse(json) as Report;
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs and returns 0: its failures are the point, not an error', () => {
    assert.equal(code, 0);
    assert.ok(terminal.includes(outDir), 'names the folder the reports went to');
  });

  it('reports every item of the profile, in profile order', () => {
    const ids = productionWeb.items.map((item) => item.id);
    assert.equal(ids.length, 49);
    assert.deepEqual(
      report.items.map((item) => item.id),
      ids,
    );
  });

  it('reports each planted slip with its designed status', () => {
    const actual = Object.fromEntries(report.items.map((item) => [item.id, item.status]));
    const expected = Object.fromEntries(Object.keys(DESIGNED).map((id) => [id, actual[id]]));
    assert.deepEqual(expected, DESIGNED);
  });

  it('shows a mix of pass, warn and fail', () => {
    const counts = report.stats.items;
    assert.ok(counts.pass > 0 && counts.warn > 0 && counts.fail > 0, JSON.stringify(counts));
  });

  it('has no item in error: what a check cannot see is skipped with the reason', () => {
    const errors = report.items.filter((item) => item.status === 'error').map((item) => item.id);
    assert.deepEqual(errors, []);
  });

  it('probes only within the default request budget', () => {
    assert.ok(report.stats.requests > 0);
    assert.ok(report.stats.requests <= 300);
  });

  it('shows no secret value from the demo .env in any output', () => {
    const secrets = secretValues();
    assert.ok(secrets.length >= 4);
    for (const [key, secret] of secrets) {
      assert.ok(!terminal.includes(secret), `the terminal output shows ${key}`);
      assert.ok(!json.includes(secret), `report.json shows ${key}`);
      assert.ok(!markdown.includes(secret), `checklist.md shows ${key}`);
    }
  });

  it('needs no redaction: no check put a secret into its text', () => {
    for (const [name, text] of [
      ['terminal', terminal],
      ['json', json],
      ['markdown', markdown],
    ]) {
      assert.ok(!text!.includes('[redacted]'), `${name} output has redacted text`);
    }
  });

  it('stops the demo servers before returning', async () => {
    assert.ok(report.target.url !== null);
    assert.equal(await isPortClosed(report.target.url), true);
  });
});
