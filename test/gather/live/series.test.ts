import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import docsProbe from '../../../src/gather/live/docs-probe.js';
import health, { HEALTH_PATHS } from '../../../src/gather/live/health.js';
import { requestSeries, SILENCE_LIMIT } from '../../../src/gather/live/series.js';
import { liveHarness, startServer, type TestServer } from './live-support.js';

describe('requestSeries', () => {
  let silent: TestServer;
  let stuckApp: TestServer;
  before(async () => {
    silent = await startServer(() => undefined);
    // A proxy that answers, in front of an application whose health routes hang.
    stuckApp = await startServer((request, response) => {
      if (request.url?.includes('health')) return;
      response.writeHead(404).end();
    });
  });
  after(async () => {
    await Promise.all([silent.close(), stuckApp.close()]);
  });

  it('stops a series after the origin stops answering, and later series risk one request', async () => {
    const harness = liveHarness({ target: { url: silent.origin } }, [], 300);
    const healthProbe = await health.gather(harness.context);
    const afterHealth = silent.seen.length;
    const docs = await docsProbe.gather(harness.context);
    await harness.close();

    assert.equal(healthProbe.attempts.length, HEALTH_PATHS.length);
    assert.equal(afterHealth, SILENCE_LIMIT);
    assert.equal(silent.seen.length, SILENCE_LIMIT + 1);
    assert.match(docs.probes.at(-1)?.exchange.error ?? '', /^not sent/);
    assert.equal(harness.http.requestCount, SILENCE_LIMIT + 1);
  });

  it('goes on once an answer comes back', async () => {
    const harness = liveHarness({ target: { url: stuckApp.origin } }, [], 300);
    await health.gather(harness.context);
    const docs = await docsProbe.gather(harness.context);
    await harness.close();
    assert.ok(docs.probes.every((probe) => probe.exchange.response?.status === 404));
  });

  it('counts silence per origin', async () => {
    const harness = liveHarness({}, [], 300);
    const send = requestSeries(harness.context);
    for (let index = 0; index < 3; index += 1) await send({ url: `${silent.origin}/x${index}` });
    const other = await send({ url: `${stuckApp.origin}/page` });
    await harness.close();
    assert.equal(other.response?.status, 404);
  });
});
