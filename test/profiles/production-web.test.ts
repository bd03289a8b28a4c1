import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { productionWeb } from '../../src/profiles/production-web.js';
import { createRegistry } from '../../src/scan.js';

// The public contract: users pin these ids in configuration and CI. Order matters too.
const CONTRACT_IDS = [
  'env.production',
  'env.secret-key',
  'env.db-credentials',
  'env.stripe-live',
  'env.secrets-set',
  'payment.amount-validation',
  'payment.price-endpoint',
  'payment.server-prices',
  'payment.tamper-logged',
  'sql.injection-filter',
  'sql.raw-queries',
  'sql.least-privilege',
  'sql.query-timeouts',
  'docs.disabled',
  'docs.openapi-hidden',
  'docs.not-found',
  'errors.global-handler',
  'errors.leakage',
  'errors.logged',
  'bots.middleware',
  'bots.blocked',
  'bots.logged',
  'ratelimit.configured',
  'ratelimit.rate',
  'ratelimit.burst',
  'headers.hsts',
  'headers.frame-options',
  'headers.csp',
  'headers.nosniff',
  'db.tls',
  'db.least-privilege',
  'db.pooling',
  'db.timeouts',
  'logging.audit-logger',
  'logging.written',
  'logging.rotation',
  'logging.alerts',
  'tls.certificate',
  'tls.https-redirect',
  'tls.min-version',
  'tls.auto-renewal',
  'firewall.rules',
  'firewall.ports',
  'firewall.db-port',
  'firewall.rate-limit',
  'deploy.health',
  'deploy.nginx-syntax',
  'deploy.backup',
  'deploy.migrations',
];

function testSources(dir = 'test'): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) text += testSources(path);
    else if (name.endsWith('.test.ts')) text += readFileSync(path, 'utf8');
  }
  return text;
}

describe('production-web profile', () => {
  const registry = createRegistry();
  const bound = productionWeb.items.flatMap((item) => item.checks);

  it('has the 49 contract items in order', () => {
    assert.deepEqual(
      productionWeb.items.map((item) => item.id),
      CONTRACT_IDS,
    );
  });

  it('puts every item in a known section', () => {
    const sections = new Set(productionWeb.sections.map((section) => section.id));
    for (const item of productionWeb.items) assert.ok(sections.has(item.section), item.id);
  });

  it('binds only registered checks, and every registered check is bound', () => {
    for (const id of bound) assert.ok(registry.checks.has(id), `${id} is bound but not registered`);
    for (const id of registry.checks.keys())
      assert.ok(bound.includes(id), `${id} is registered but bound to no item`);
  });

  it('has a doc page and a test for every check', () => {
    const tests = testSources();
    for (const id of registry.checks.keys()) {
      assert.ok(existsSync(join('docs', 'checks', `${id}.md`)), `docs/checks/${id}.md is missing`);
      assert.ok(tests.includes(`'${id}'`), `no test names the check '${id}'`);
    }
  });

  it('has a gatherer for every artifact a check needs', () => {
    for (const check of registry.checks.values()) {
      for (const name of check.needs)
        assert.ok(registry.gatherers.has(name), `${check.id} needs ${String(name)}`);
    }
  });
});
