import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import botUserAgentRefusal from '../../../src/checks/bots/bot-user-agent-refusal.js';
import healthEndpoint from '../../../src/checks/deploy/health-endpoint.js';
import docsStatusCode from '../../../src/checks/docs/docs-status-code.js';
import docsUiExposure from '../../../src/checks/docs/docs-ui-exposure.js';
import openapiSchemaExposure from '../../../src/checks/docs/openapi-schema-exposure.js';
import cspPolicy from '../../../src/checks/headers/csp-policy.js';
import framingPolicy from '../../../src/checks/headers/framing-policy.js';
import hstsPolicy from '../../../src/checks/headers/hsts-policy.js';
import nosniffHeader from '../../../src/checks/headers/nosniff-header.js';
import httpsRedirect from '../../../src/checks/tls/https-redirect.js';
import { configSchema } from '../../../src/core/config-schema.js';
import { Registry } from '../../../src/core/registry.js';
import { runProfile } from '../../../src/core/runner.js';
import { HttpClient } from '../../../src/gather/http.js';
import botProbe from '../../../src/gather/live/bot-probe.js';
import docsProbe from '../../../src/gather/live/docs-probe.js';
import health from '../../../src/gather/live/health.js';
import httpRedirect from '../../../src/gather/live/http-redirect.js';
import pageHeaders from '../../../src/gather/live/page-headers.js';
import { productionWeb } from '../../../src/profiles/production-web.js';
import { startServer, type TestServer } from './live-support.js';

const ITEMS = [
  'docs.disabled',
  'docs.openapi-hidden',
  'docs.not-found',
  'bots.blocked',
  'headers.hsts',
  'headers.frame-options',
  'headers.csp',
  'headers.nosniff',
  'tls.https-redirect',
  'deploy.health',
];

const GOOD_HEADERS = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** A deployment that does what the checklist asks, on one TLS port. */
function goodSite(request: IncomingMessage, response: ServerResponse): void {
  const agent = request.headers['user-agent'] ?? '';
  if (agent === '' || !agent.startsWith('Mozilla/') || /bot|nikto/i.test(agent)) {
    response.writeHead(403, GOOD_HEADERS).end();
  } else if (request.url === '/' || request.url === '/api/v1/health') {
    response
      .writeHead(200, { ...GOOD_HEADERS, 'content-type': 'application/json' })
      .end('{"status":"ok"}');
  } else {
    response.writeHead(404, GOOD_HEADERS).end();
  }
}

function registry(): Registry {
  const registry = new Registry();
  for (const gatherer of [health, docsProbe, pageHeaders, botProbe, httpRedirect]) {
    registry.addGatherer(gatherer as never);
  }
  const checks = [
    docsUiExposure,
    openapiSchemaExposure,
    docsStatusCode,
    botUserAgentRefusal,
    hstsPolicy,
    framingPolicy,
    cspPolicy,
    nosniffHeader,
    httpsRedirect,
    healthEndpoint,
  ];
  for (const check of checks) registry.addCheck(check as never);
  return registry;
}

describe('live probes through the runner', () => {
  let site: TestServer;
  let redirect: TestServer;
  before(async () => {
    site = await startServer(goodSite, true);
    redirect = await startServer((request, response) =>
      response.writeHead(301, { location: `https://127.0.0.1${request.url}` }).end(),
    );
  });
  after(async () => {
    await Promise.all([site.close(), redirect.close()]);
  });

  it('passes every item against a good deployment, within budget and without waiting on itself', async () => {
    const config = configSchema.parse({
      target: { url: `${site.origin}/`, httpUrl: redirect.origin },
      limits: { timeBudget: 30, requestTimeout: 2 },
    });
    const started = performance.now();
    const report = await runProfile({
      profile: productionWeb,
      registry: registry(),
      config,
      http: (signal) =>
        new HttpClient({
          allowedHosts: ['127.0.0.1'],
          maxRequests: 200,
          requestTimeoutMs: 2000,
          maxBodyBytes: 65_536,
          signal,
        }),
    });

    const statuses = Object.fromEntries(
      report.items.filter((item) => ITEMS.includes(item.id)).map((item) => [item.id, item.status]),
    );
    assert.deepEqual(statuses, Object.fromEntries(ITEMS.map((id) => [id, 'pass'])));
    assert.ok(performance.now() - started < 15_000);
    // Health once (1), docs (23 + 1 canary), the page (1), bots (18), redirect (2).
    assert.equal(report.stats.requests, 1 + 24 + 1 + 18 + 2);
    assert.equal(site.seen.filter((request) => request.path === '/api/v1/health').length, 1 + 18);
  });
});
