import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { BROWSER_USER_AGENT, probeMarker, SCANNER_USER_AGENT } from '../../src/gather/http.js';
import { BOT_AGENTS, BROWSER_AGENTS } from '../../src/gather/live/bot-probe.js';
import { makeProject } from '../support/hostile/project.js';
import { contactsOf, type ReceivedRequest } from '../support/hostile/recorder.js';
import { runScan } from '../support/hostile/run-scan.js';
import {
  type HostileServer,
  type RecordingServer,
  startHostileServer,
  startOtherHost,
} from '../support/hostile/servers.js';

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A deployment whose every endpoint the active probes are pointed at, with distinct paths. */
const ENDPOINTS = [
  'probes:',
  '  health: /api/v1/health',
  '  apiPaths: [{method: GET, path: "/api/v1/items?q=shoes"}]',
  '  price: {method: GET, path: /api/v1/price}',
  '  payment: {method: POST, path: /api/v1/checkout, body: {amount: 1000, currency: usd}}',
  '  rateLimit: {path: /api/v1/limited, maxRequests: 30}',
].join('\n');

interface Scanned {
  report: Report;
  servers: HostileServer[];
  wallMs: number;
}

/** Scans an HTTPS target with its plain-HTTP twin on a second port; both record. */
async function scanPair(
  other: RecordingServer,
  limits: { maxRequests?: number; timeBudget?: number; delayMs?: number; passive?: boolean },
): Promise<Scanned> {
  const options = {
    otherOrigin: other.origin,
    ...(limits.delayMs ? { delayMs: limits.delayMs } : {}),
  };
  const secure = await startHostileServer('well-behaved', { ...options, tls: true });
  const plain = await startHostileServer('well-behaved', options);
  const project = makeProject({
    url: secure.origin,
    httpUrl: plain.origin,
    otherHostPort: other.port,
    timeBudget: limits.timeBudget ?? 20,
    requestTimeout: 2,
    ports: [secure.port],
    plainPorts: true,
    ...(limits.maxRequests ? { maxRequests: limits.maxRequests } : {}),
    extra: ENDPOINTS.replace('probes:', '').replace(/^\n/, ''),
  });
  try {
    const args = ['scan', '--project', project.dir, '--format', 'json'];
    const run = await runScan(limits.passive ? [...args, '--passive'] : args, 60_000);
    assert.equal(run.killed, false);
    return {
      report: JSON.parse(run.stdout) as Report,
      servers: [secure, plain],
      wallMs: run.wallMs,
    };
  } finally {
    await secure.close();
    await plain.close();
    project.remove();
  }
}

const requestsOf = (scanned: Scanned): ReceivedRequest[] =>
  scanned.servers.flatMap((server) => server.record.requests);
const contacts = (scanned: Scanned) =>
  scanned.servers.reduce((sum, server) => sum + contactsOf(server.record), 0);

/** What only an active probe sends: a body, another method, a payload, the payment or burst path. */
function activeTraffic(requests: ReceivedRequest[]): ReceivedRequest[] {
  return requests.filter((request) => {
    const [path = '', query = ''] = request.path.split('?');
    const payload = path === '/api/v1/items' && query !== 'q=shoes';
    return (
      !['GET', 'HEAD'].includes(request.method) ||
      Number(request.headers['content-length'] ?? 0) > 0 ||
      path === '/api/v1/checkout' ||
      path === '/api/v1/limited' ||
      payload
    );
  });
}

describe('budgets, scope and identification, counted by the servers', () => {
  let other: RecordingServer;
  let full: Scanned;
  let passive: Scanned;
  let capped: Scanned;
  let timed: Scanned;

  before(async () => {
    other = await startOtherHost();
    [full, passive] = await Promise.all([scanPair(other, {}), scanPair(other, { passive: true })]);
    [capped, timed] = await Promise.all([
      scanPair(other, { maxRequests: 25 }),
      scanPair(other, { timeBudget: 3, delayMs: 250 }),
    ]);
  });
  after(() => other?.close());

  it('counts every request and connection it makes, as the servers saw them', () => {
    assert.ok(full.report.stats.requests > 25);
    assert.equal(full.report.stats.requests, contacts(full));
  });

  it('stops at the request cap exactly: the servers saw 25 contacts', () => {
    assert.equal(capped.report.stats.requests, 25);
    assert.equal(contacts(capped), 25);
    assert.ok(capped.report.items.some((item) => item.status === 'error'));
  });

  it('sends nothing after the time budget, and finishes just after it', () => {
    const started = Date.parse(timed.report.startedAt);
    const last = Math.max(...requestsOf(timed).map((request) => request.at));
    assert.ok(requestsOf(timed).length > 3);
    // A request sent just before the end arrives a moment later.
    assert.ok(last <= started + 3000 + 150, `last request ${last - started} ms after the start`);
    assert.ok(timed.wallMs <= 3000 + 2000, `wall ${Math.round(timed.wallMs)} ms`);
  });

  it('--passive sends no active probe at all; a full scan does, so the servers would see it', () => {
    assert.equal(passive.report.passive, true);
    assert.deepEqual(activeTraffic(requestsOf(passive)), []);
    const active = activeTraffic(requestsOf(full));
    assert.ok(active.some((request) => request.path.startsWith('/api/v1/checkout')));
    assert.ok(active.filter((request) => request.path === '/api/v1/limited').length >= 10);
    assert.ok(
      active.some(
        (request) =>
          request.path.startsWith('/api/v1/items?') && request.path !== '/api/v1/items?q=shoes',
      ),
    );
  });

  it('marks every request with a fresh request id, and sends only the documented agents', () => {
    const requests = [full, passive, capped, timed].flatMap(requestsOf);
    const ids = requests.map((request) => request.headers['x-shipshape-request-id'] ?? '');
    for (const id of ids) assert.match(id, REQUEST_ID);
    assert.equal(new Set(ids).size, ids.length);

    const documented = new Set<string>([SCANNER_USER_AGENT, BROWSER_USER_AGENT]);
    for (const agent of [...BOT_AGENTS, ...BROWSER_AGENTS]) documented.add(agent.userAgent ?? '');
    for (const request of requests) {
      const id = request.headers['x-shipshape-request-id']!;
      const agent = (request.headers['user-agent'] ?? '').replace(` ${probeMarker(id)}`, '');
      assert.ok(documented.has(agent), `undocumented user agent: ${agent}`);
    }
    // Every active probe names itself in its agent too, for logs that keep no custom header.
    for (const request of activeTraffic(requestsOf(full))) {
      const id = request.headers['x-shipshape-request-id']!;
      if (request.path !== '/api/v1/limited') {
        assert.ok(request.headers['user-agent']?.endsWith(probeMarker(id)), request.path);
      }
    }
  });

  it('contacts no other host: not the database URL of the env file, nor any redirect', () => {
    assert.equal(other.record.connections, 0);
  });
});
