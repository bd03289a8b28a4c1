import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Report, Status } from '../../src/core/types.js';
import { scan } from '../../src/scan.js';
import {
  type CertificateFiles,
  findFreePorts,
  hasNginx,
  makeCertificate,
  nginxConfig,
  type RunningNginx,
  startNginx,
  waitForAccessLog,
} from '../support/nginx.js';
import {
  apiHeaderSite,
  badSite,
  catchAllSite,
  goodSite,
  type SitePorts,
} from '../support/nginx-sites.js';

/** The items the live checks decide from a deployment alone. */
const LIVE_ITEMS = [
  'docs.disabled',
  'docs.openapi-hidden',
  'docs.not-found',
  'headers.hsts',
  'headers.frame-options',
  'headers.csp',
  'headers.nosniff',
  'bots.blocked',
  'tls.https-redirect',
  'deploy.health',
] as const;

const SITES: Record<string, Site> = {
  good: goodSite,
  bad: badSite,
  'catch-all': catchAllSite,
  'api-header': apiHeaderSite,
};

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Site = (ports: SitePorts, certificate: CertificateFiles) => string;

interface ScannedSite {
  nginx: RunningNginx;
  report: Report;
}

function shipshapeYaml(ports: SitePorts): string {
  return `target:
  url: https://127.0.0.1:${ports.tls}/
  httpUrl: http://127.0.0.1:${ports.http}/
probes:
  health: /api/v1/health
limits:
  timeBudget: 20
  requestTimeout: 5
`;
}

function itemOf(report: Report, id: string): Report['items'][number] {
  const item = report.items.find((candidate) => candidate.id === id);
  assert.ok(item, `item ${id} is missing from the report`);
  return item;
}

/** Compares all the items at once, so that a failure lists every item that disagrees. */
function assertItemStatuses(report: Report, ids: readonly string[], expected: Status): void {
  const actual = Object.fromEntries(ids.map((id) => [id, itemOf(report, id).status]));
  const wanted = Object.fromEntries(ids.map((id) => [id, expected]));
  const disagreeing = ids
    .filter((id) => actual[id] !== expected)
    .flatMap((id) => itemOf(report, id).checks.map((check) => `${check.id}: ${check.message}`));
  assert.deepEqual(actual, wanted, disagreeing.join('\n'));
}

async function assertRequestsMatchAccessLog({ nginx, report }: ScannedSite): Promise<void> {
  // TLS handshakes and port connects are counted too, but never reach nginx's access log.
  const httpRequests = report.stats.requestsByKind.http ?? 0;
  const entries = await waitForAccessLog(nginx, httpRequests);

  assert.ok(httpRequests > 0);
  assert.equal(httpRequests, entries.length);
  // nginx answers 400 to a request line it refuses (the error probe's `%00` path) before it
  // reads any header: that line is logged without the URI and without the request id.
  const refusedAtRequestLine = entries.filter((entry) => entry.status === 400 && entry.uri === '');
  assert.ok(refusedAtRequestLine.length <= 1, JSON.stringify(refusedAtRequestLine));
  const identified = entries.filter((entry) => !refusedAtRequestLine.includes(entry));
  for (const entry of identified) {
    assert.match(entry.requestId, REQUEST_ID, `${entry.method} ${entry.uri} had no request id`);
  }
  assert.equal(new Set(identified.map((entry) => entry.requestId)).size, identified.length);
}

describe('live checks against a real nginx', {
  skip: hasNginx() ? false : 'nginx is not installed: run scripts/test-setup.sh',
}, () => {
  let root = '';
  const running: RunningNginx[] = [];
  const scanned = new Map<string, ScannedSite>();

  async function startAndScan(name: string, site: Site, certificate: CertificateFiles) {
    const [http, tls] = await findFreePorts(2);
    const ports = { http: http!, tls: tls! };
    const prefix = join(root, `${name}-nginx`);
    mkdirSync(prefix);
    const config = nginxConfig(prefix, site(ports, certificate));
    const nginx = await startNginx(prefix, config, [ports.http, ports.tls]);
    running.push(nginx);

    const project = join(root, `${name}-project`);
    mkdirSync(project);
    writeFileSync(join(project, 'shipshape.yaml'), shipshapeYaml(ports));
    const report = await scan({ project, ca: certificate.caFile });
    scanned.set(name, { nginx, report });
  }

  function scannedSite(name: string): ScannedSite {
    const site = scanned.get(name);
    assert.ok(site, `the ${name} site was not scanned`);
    return site;
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'shipshape-nginx-'));
    // nginx's workers run as nobody under root: they must be able to enter the prefixes.
    chmodSync(root, 0o755);
    const certificate = await makeCertificate(root);
    const sites = Object.entries(SITES);
    await Promise.all(sites.map(([name, site]) => startAndScan(name, site, certificate)));
  });

  after(async () => {
    await Promise.all(running.map((nginx) => nginx.stop()));
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  // One test per item, so that a disagreement names its item and the others still report.
  describe('a hardened nginx passes every live item', () => {
    for (const id of LIVE_ITEMS) {
      test(id, () => assertItemStatuses(scannedSite('good').report, [id], 'pass'));
    }
  });

  describe('a careless nginx fails every live item', () => {
    for (const id of LIVE_ITEMS) {
      test(id, () => assertItemStatuses(scannedSite('bad').report, [id], 'fail'));
    }
  });

  test('docs paths answered 200 by a catch-all fail docs.not-found', () => {
    const { report } = scannedSite('catch-all');
    assertItemStatuses(report, ['docs.not-found'], 'fail');
    // The same page on every path shows neither docs nor their absence.
    assertItemStatuses(report, ['docs.disabled', 'docs.openapi-hidden'], 'warn');
  });

  test("an API location's own add_header drops the security headers there", () => {
    const { report } = scannedSite('api-header');
    assertItemStatuses(report, ['headers.hsts', 'headers.nosniff'], 'fail');
    // CSP and framing guard rendered pages: missing on a JSON answer, they warn and say why.
    assertItemStatuses(report, ['headers.frame-options', 'headers.csp'], 'warn');
    for (const id of ['headers.frame-options', 'headers.csp']) {
      const [check] = itemOf(report, id).checks.filter((candidate) => candidate.status === 'warn');
      assert.ok(check, `${id} has no warning check`);
      assert.match(check.message, /health endpoint \(200\).*\/api\/v1\/health/);
      assert.match(check.message, /non-HTML answer/);
    }
    assertItemStatuses(report, ['deploy.health'], 'pass');
  });

  test('the HTTP requests counted are exactly what nginx logged, each with a request id', async () => {
    for (const name of Object.keys(SITES)) {
      await assertRequestsMatchAccessLog(scannedSite(name));
    }
  });
});
