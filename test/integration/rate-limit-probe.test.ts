import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import rateLimitEnforcement from '../../src/checks/firewall/rate-limit-enforcement.js';
import { measure } from '../../src/checks/ratelimit/measure.js';
import measuredBurst from '../../src/checks/ratelimit/measured-burst.js';
import measuredRate from '../../src/checks/ratelimit/measured-rate.js';
import { probeRateLimit } from '../../src/gather/live/rate-limit-probe.js';
import { liveHarness } from '../gather/live/live-support.js';
import { checkContext } from '../support/exchanges.js';
import {
  findFreePorts,
  hasNginx,
  nginxConfig,
  type RunningNginx,
  startNginx,
  waitForAccessLog,
} from '../support/nginx.js';
import { type Limit, staticSite } from '../support/nginx-attack-sites.js';

const SITES: Record<string, Limit | undefined> = {
  checklist: { rate: 10, burst: 20, nodelay: true },
  queueing: { rate: 5, burst: 8, nodelay: false },
  unlimited: undefined,
};

/** The Done-when margin: the measured burst and rate within 20% of nginx's values. */
const MARGIN = 0.2;

function within(measured: number | undefined, expected: number): boolean {
  return measured !== undefined && Math.abs(measured - expected) <= expected * MARGIN;
}

async function runProbe(port: number, policy: Record<string, number>, maxRequests: number) {
  const config = {
    target: { url: `http://127.0.0.1:${port}/` },
    policy,
    probes: { rateLimit: { path: '/', maxRequests } },
  };
  const harness = liveHarness(config, [], 5000);
  try {
    return await probeRateLimit(harness.context);
  } finally {
    await harness.close();
  }
}

function statuses(
  probe: Awaited<ReturnType<typeof runProbe>>,
  policy: Record<string, number> = {},
) {
  const context = checkContext(policy);
  const artifacts = { rateLimitProbe: probe } as never;
  return [measuredRate, measuredBurst, rateLimitEnforcement].map(
    (check) => check.run(artifacts, context).status,
  );
}

describe('the rate-limit probe against a real nginx limit_req', {
  skip: hasNginx() ? false : 'nginx is not installed: run scripts/test-setup.sh',
}, () => {
  let root = '';
  const running = new Map<string, { nginx: RunningNginx; port: number }>();

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'shipshape-ratelimit-'));
    chmodSync(root, 0o755);
    const staticRoot = join(root, 'static');
    mkdirSync(staticRoot);
    writeFileSync(join(staticRoot, 'ok.json'), '{"status":"ok"}');
    chmodSync(staticRoot, 0o755);
    const ports = await findFreePorts(Object.keys(SITES).length);
    await Promise.all(
      Object.entries(SITES).map(async ([name, limit], index) => {
        const prefix = join(root, name);
        mkdirSync(prefix);
        const port = ports[index]!;
        const config = nginxConfig(prefix, staticSite(port, staticRoot, limit));
        running.set(name, { nginx: await startNginx(prefix, config, [port]), port });
      }),
    );
  });

  after(async () => {
    await Promise.all([...running.values()].map(({ nginx }) => nginx.stop()));
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  function site(name: string) {
    const found = running.get(name);
    assert.ok(found, `${name} did not start`);
    return found;
  }

  test('measures the checklist limit (10 r/s, burst 20, nodelay) within 20%', async () => {
    const { nginx, port } = site('checklist');
    const probe = await runProbe(port, {}, 80);
    const measurement = measure(probe);
    const logged = await waitForAccessLog(nginx, measurement.sent);

    assert.equal(probe.stoppedBy, 'limit');
    assert.equal(measurement.limitStatus, 429);
    assert.ok(within(measurement.burst, 20), `burst ${measurement.burst}`);
    assert.ok(within(measurement.rate, 10), `rate ${measurement.rate}`);
    // It stops as soon as the limit shows: nothing is sent after the first limited answer.
    const limitShown = Math.min(
      ...probe.burst.filter((s) => s.status === 429).map((s) => s.doneAt),
    );
    assert.ok(probe.burst.every((sample) => sample.sentAt <= limitShown));
    assert.ok(
      probe.burst.length <= measurement.burstAccepted + 4,
      `burst sent ${probe.burst.length}`,
    );
    assert.equal(logged.length, measurement.sent);
    assert.ok(measurement.sent <= 80);
    assert.deepEqual(statuses(probe), ['pass', 'pass', 'pass']);
  });

  test('measures a queueing limit (5 r/s, burst 8, no nodelay) within 20%', async () => {
    const { port } = site('queueing');
    const policy = { rate: 5, burst: 8 };
    const probe = await runProbe(port, policy, 80);
    const measurement = measure(probe);

    assert.equal(probe.stoppedBy, 'limit');
    assert.ok(within(measurement.burst, 8), `burst ${measurement.burst}`);
    assert.ok(within(measurement.rate, 5), `rate ${measurement.rate}`);
    assert.deepEqual(statuses(probe, policy), ['pass', 'pass', 'pass']);
    // Against the checklist's policy the same limit is stricter, and still passes.
    assert.deepEqual(statuses(probe), ['pass', 'pass', 'pass']);
  });

  test('fails a limit looser than the policy', async () => {
    const { port } = site('checklist');
    const probe = await runProbe(port, { rate: 5, burst: 8 }, 80);
    assert.equal(probe.stoppedBy, 'limit');
    assert.deepEqual(statuses(probe, { rate: 5, burst: 8 }), ['fail', 'fail', 'pass']);
  });

  test("measures the whole burst after the scan's own requests part-filled the limit", async () => {
    const { port } = site('checklist');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const harness = liveHarness(
      {
        target: { url: `http://127.0.0.1:${port}/` },
        probes: { rateLimit: { path: '/', maxRequests: 80 } },
      },
      [],
      5000,
    );
    try {
      // Fifteen requests just before, as the other probes of a scan would send them.
      for (let index = 0; index < 15; index += 1) {
        await harness.context.http.send({ url: `http://127.0.0.1:${port}/` });
      }
      const probe = await probeRateLimit(harness.context);
      const measurement = measure(probe);
      assert.ok(probe.settledMs > 1000, `settled ${probe.settledMs} ms`);
      assert.ok(within(measurement.burst, 20), `burst ${measurement.burst}`);
    } finally {
      await harness.close();
    }
  });

  test('never sends more than its cap where no limit answers', async () => {
    const { nginx, port } = site('unlimited');
    const before = nginx.readAccessLog().length;
    const probe = await runProbe(port, {}, 12);
    const logged = (await waitForAccessLog(nginx, before + probe.burst.length)).length - before;

    assert.equal(probe.stoppedBy, 'cap');
    assert.ok(probe.burst.length > 0 && probe.burst.length <= 12);
    assert.equal(probe.sustained.length, 0);
    assert.equal(logged, probe.burst.length);
    assert.deepEqual(statuses(probe), ['fail', 'fail', 'fail']);
  });

  test('stops at its cap even where a limit would answer past it', async () => {
    const { nginx, port } = site('checklist');
    // Let the bucket empty after the earlier tests: 20 requests at 10 r/s.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const before = nginx.readAccessLog().length;
    const probe = await runProbe(port, {}, 10);
    const logged = (await waitForAccessLog(nginx, before + 10, 300)).length - before;

    assert.equal(probe.stoppedBy, 'cap');
    assert.ok(logged <= 10, `nginx logged ${logged}`);
    assert.equal(logged, probe.burst.length + probe.sustained.length);
  });
});
