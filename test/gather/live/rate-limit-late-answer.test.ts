import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { probeRateLimit } from '../../../src/gather/live/rate-limit-probe.js';
import { liveHarness } from './live-support.js';

/** Answers every request after `delayMs`; from request `limitFrom` on, with 429. */
async function lateLimiter(limitFrom: number, delayMs: number) {
  let received = 0;
  const server = createServer((request, response) => {
    received += 1;
    const limited = received >= limitFrom;
    setTimeout(() => {
      response.writeHead(limited ? 429 : 200, { 'content-type': 'application/json' });
      response.end(limited ? '{"detail":"Too Many Requests"}' : '{"status":"ok"}');
    }, delayMs);
    request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the rate-limit probe', () => {
  test('sees a limit whose first refusal arrives after the burst was sent', async () => {
    // A cap of 12 gives the burst 6 requests, all sent within ~24 ms: every answer comes
    // later, and the sixth is the first 429.
    const target = await lateLimiter(6, 80);
    const harness = liveHarness(
      {
        target: { url: `http://127.0.0.1:${target.port}/` },
        probes: { rateLimit: { path: '/', maxRequests: 12 } },
      },
      [],
      5000,
    );
    try {
      const probe = await probeRateLimit(harness.context);
      assert.equal(probe.stoppedBy, 'limit');
      assert.equal(probe.burst.length, 6);
      assert.equal(probe.burst.at(-1)?.status, 429);
      assert.ok(probe.burst.length + probe.sustained.length <= 12);
      assert.equal(target.received(), probe.burst.length + probe.sustained.length);
    } finally {
      await harness.close();
      await target.close();
    }
  });

  test('sends no burst to a target that does not answer its first request', async () => {
    let received = 0;
    const silent = createServer(() => {
      received += 1;
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const harness = liveHarness(
      {
        target: { url: `http://127.0.0.1:${port}/` },
        probes: { rateLimit: { path: '/', maxRequests: 40 } },
      },
      [],
      300,
    );
    try {
      const probe = await probeRateLimit(harness.context);
      assert.equal(probe.stoppedBy, 'no-answer');
      assert.equal(probe.burst.length, 1);
      assert.equal(received, 1);
    } finally {
      await harness.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
