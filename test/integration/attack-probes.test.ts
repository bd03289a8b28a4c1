import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CheckResult, Report, Status } from '../../src/core/types.js';
import { scan } from '../../src/scan.js';
import { startCarelessApp, startGuardedApp, type TestApp } from '../support/attack-apps.js';
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
import { carelessProxySite, guardedProxySite } from '../support/nginx-attack-sites.js';
import type { SitePorts } from '../support/nginx-sites.js';

/** The checks this suite is about, and what each decides against the two deployments. */
const EXPECTED: Record<string, { guarded: Status; careless: Status }> = {
  'price-endpoint': { guarded: 'pass', careless: 'pass' },
  'payment-amount-tampering': { guarded: 'pass', careless: 'fail' },
  'payment-tamper-logging': { guarded: 'pass', careless: 'skip' },
  'sql-injection-payloads': { guarded: 'pass', careless: 'fail' },
  'error-leakage': { guarded: 'pass', careless: 'fail' },
  'bot-user-agent-refusal': { guarded: 'pass', careless: 'fail' },
  'bot-filter-presence': { guarded: 'pass', careless: 'fail' },
  'bot-refusal-logging': { guarded: 'pass', careless: 'skip' },
  'measured-rate': { guarded: 'pass', careless: 'fail' },
  'measured-burst': { guarded: 'pass', careless: 'fail' },
  'rate-limit-enforcement': { guarded: 'pass', careless: 'fail' },
  'hsts-policy': { guarded: 'pass', careless: 'fail' },
  'nosniff-header': { guarded: 'pass', careless: 'fail' },
  // The careless site answers JSON only: CSP and framing matter little there, and warn.
  'csp-policy': { guarded: 'pass', careless: 'warn' },
  'framing-policy': { guarded: 'pass', careless: 'warn' },
};

const ACTIVE_CHECKS = [
  'payment-amount-tampering',
  'payment-tamper-logging',
  'sql-injection-payloads',
  'error-leakage',
  'measured-rate',
  'measured-burst',
  'rate-limit-enforcement',
];

type SiteName = 'guarded' | 'careless';

interface Deployment {
  nginx: RunningNginx;
  app: TestApp;
  ports: SitePorts;
  project: string;
  securityLog: string;
}

function shipshapeYaml(ports: SitePorts, securityLog: string, maxRequests = 300): string {
  return `target:
  url: https://127.0.0.1:${ports.tls}/
  httpUrl: http://127.0.0.1:${ports.http}/
probes:
  health: /api/v1/health
  ports: [${ports.tls}, ${ports.http}]
  price: { method: GET, path: "/api/v1/price?plan=pro" }
  payment:
    method: POST
    path: /api/v1/payments
    body: { plan: pro, amount: 2900, currency: usd, quantity: 1 }
  apiPaths:
    - { method: GET, path: "/api/v1/items?search=crane" }
  securityLog: { file: ${securityLog} }
limits:
  maxRequests: ${maxRequests}
  timeBudget: 60
  requestTimeout: 5
`;
}

function checkOf(report: Report, id: string): CheckResult {
  const check = report.items
    .flatMap((item) => item.checks)
    .find((candidate) => candidate.id === id);
  assert.ok(check, `check ${id} is missing from the report`);
  return check;
}

function assertStatuses(report: Report, site: SiteName): void {
  const ids = Object.keys(EXPECTED);
  const actual = Object.fromEntries(ids.map((id) => [id, checkOf(report, id).status]));
  const wanted = Object.fromEntries(ids.map((id) => [id, EXPECTED[id]![site]]));
  const disagreeing = ids
    .filter((id) => actual[id] !== wanted[id])
    .map((id) => `${id}: ${checkOf(report, id).message}`);
  assert.deepEqual(actual, wanted, disagreeing.join('\n'));
}

describe('active probes against real nginx and two applications', {
  skip: hasNginx() ? false : 'nginx is not installed: run scripts/test-setup.sh',
}, () => {
  let root = '';
  const deployments = new Map<SiteName, Deployment>();
  const reports = new Map<SiteName, Report>();

  async function deploy(name: SiteName, certificate: CertificateFiles): Promise<Deployment> {
    const securityLog = join(root, `${name}-security.log`);
    writeFileSync(securityLog, '');
    const app = name === 'guarded' ? await startGuardedApp(securityLog) : await startCarelessApp();
    const [http, tls] = await findFreePorts(2);
    const ports = { http: http!, tls: tls! };
    const prefix = join(root, `${name}-nginx`);
    mkdirSync(prefix);
    const site = name === 'guarded' ? guardedProxySite : carelessProxySite;
    const config = nginxConfig(prefix, site(ports, certificate, app.port));
    const nginx = await startNginx(prefix, config, [ports.http, ports.tls]);
    const project = join(root, `${name}-project`);
    mkdirSync(project);
    writeFileSync(join(project, 'shipshape.yaml'), shipshapeYaml(ports, securityLog));
    const deployment = { nginx, app, ports, project, securityLog };
    deployments.set(name, deployment);
    return deployment;
  }

  function deployment(name: SiteName): Deployment {
    const found = deployments.get(name);
    assert.ok(found, `${name} was not deployed`);
    return found;
  }

  function report(name: SiteName): Report {
    const found = reports.get(name);
    assert.ok(found, `${name} was not scanned`);
    return found;
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'shipshape-attack-'));
    chmodSync(root, 0o755);
    const certificate = await makeCertificate(root);
    await Promise.all(
      (['guarded', 'careless'] as const).map(async (name) => {
        const { project } = await deploy(name, certificate);
        reports.set(name, await scan({ project, ca: certificate.caFile }));
      }),
    );
  });

  after(async () => {
    for (const { nginx, app } of deployments.values())
      await Promise.all([nginx.stop(), app.close()]);
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  test('the guarded deployment passes every probe', () =>
    assertStatuses(report('guarded'), 'guarded'));

  test('the careless deployment fails every probe it can', () =>
    assertStatuses(report('careless'), 'careless'));

  test('active checks are marked active, the others are not', () => {
    for (const check of report('guarded').items.flatMap((item) => item.checks)) {
      assert.equal(check.active === true, ACTIVE_CHECKS.includes(check.id), check.id);
    }
  });

  test('the payment evidence lists each order and its answer', () => {
    const guarded = checkOf(report('guarded'), 'payment-amount-tampering').evidence;
    const careless = checkOf(report('careless'), 'payment-amount-tampering').evidence;
    assert.equal(guarded.length, 6);
    assert.equal(guarded.filter((line) => line.message.endsWith('-> 400')).length, 5);
    assert.equal(guarded.filter((line) => line.message.endsWith('-> 201')).length, 1);
    assert.equal(careless.filter((line) => line.message.endsWith('-> 200')).length, 6);
  });

  test('each refused attack is found in the security log, by its request id', () => {
    const { securityLog } = deployment('guarded');
    const lines = readFileSync(securityLog, 'utf8').trim().split('\n');
    for (const id of ['payment-tamper-logging', 'bot-refusal-logging']) {
      const evidence = checkOf(report('guarded'), id).evidence;
      assert.ok(evidence.length > 0);
      for (const line of evidence) {
        assert.equal(line.location?.file, securityLog);
        const logged = lines[(line.location?.line ?? 0) - 1] ?? '';
        assert.ok(line.message.includes(JSON.parse(logged).request_id), line.message);
      }
    }
  });

  test('the leaks found are named, and no response body is quoted', () => {
    const leakage = checkOf(report('careless'), 'error-leakage');
    assert.match(leakage.message, /Node\.js stack trace/);
    assert.match(leakage.message, /a version in server/);
    const injection = checkOf(report('careless'), 'sql-injection-payloads');
    assert.ok(
      injection.evidence.some((line) => /syntax error|unterminated/.test(line.message)) === false,
    );
    assert.match(injection.message, /database driver error|evaluated|changed the answer/);
  });

  test('every request carried a request id, and stayed on the target', async () => {
    for (const name of ['guarded', 'careless'] as const) {
      const { nginx } = deployment(name);
      const http = report(name).stats.requestsByKind.http ?? 0;
      const entries = await waitForAccessLog(nginx, http);
      assert.equal(entries.length, http);
      // nginx refuses a NUL in the path at the request line, before it reads any header.
      const refusedEarly = (entry: (typeof entries)[number]) =>
        entry.status === 400 && entry.uri === '';
      const missing = entries.filter((entry) => !/^[0-9a-f-]{36}$/.test(entry.requestId));
      assert.ok(missing.length <= 1 && missing.every(refusedEarly), JSON.stringify(missing));
    }
  });

  test('a passive scan sends no active probe and says why', async () => {
    const { project, nginx } = deployment('careless');
    const before = nginx.readAccessLog().length;
    const passive = await scan({ project, passive: true });
    for (const id of ACTIVE_CHECKS) {
      const check = checkOf(passive, id);
      assert.equal(check.status, 'skip', id);
      assert.match(check.message, /--passive/);
    }
    const uris = (await waitForAccessLog(nginx, before + (passive.stats.requestsByKind.http ?? 0)))
      .slice(before)
      .map((entry) => entry.uri);
    assert.ok(!uris.some((uri) => /%27|pg_sleep|shipshape-missing/.test(uri)));
    assert.equal(checkOf(passive, 'bot-filter-presence').status, 'fail');
  });

  test('the whole scan stays inside its request budget', async () => {
    const { project, ports, securityLog, nginx } = deployment('careless');
    writeFileSync(join(project, 'shipshape.yaml'), shipshapeYaml(ports, securityLog, 40));
    const before = nginx.readAccessLog().length;
    const limited = await scan({ project });
    const logged = (await waitForAccessLog(nginx, before + 40, 300)).length - before;

    assert.ok(limited.stats.requests <= 40, `${limited.stats.requests} requests`);
    assert.ok(logged <= limited.stats.requests);
  });
});
