import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { judgeHealth } from '../../../src/checks/deploy/health-endpoint.js';
import { BROWSER_USER_AGENT } from '../../../src/gather/http.js';
import health, { HEALTH_PATHS, healthPaths } from '../../../src/gather/live/health.js';
import { closedPort, liveHarness, startServer, type TestServer } from './live-support.js';

describe('healthPaths', () => {
  it('uses the configured path alone, else the usual list, prefixed path first', () => {
    assert.deepEqual(healthPaths('/ready', '/api/v2'), ['/ready']);
    assert.deepEqual(healthPaths(undefined, undefined), HEALTH_PATHS);
    assert.deepEqual(healthPaths(undefined, '/api/v2/').slice(0, 2), [
      '/api/v2/health',
      '/api/v1/health',
    ]);
    assert.equal(
      healthPaths(undefined, '/api/v1').filter((path) => path === '/api/v1/health').length,
      1,
    );
  });
});

describe('health gatherer', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((request, response) => {
      if (request.url === '/healthz')
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      else if (request.url === '/moved') response.writeHead(301, { location: '/moved/' }).end();
      else response.writeHead(404).end();
    });
  });
  after(() => server.close());

  it('tries the usual paths in turn and stops at the first 2xx', async () => {
    const harness = liveHarness({ target: { url: `${server.origin}/app/` } });
    const start = server.seen.length;
    const artifact = await health.gather(harness.context);
    await harness.close();

    assert.deepEqual(
      artifact.attempts.map((attempt) => attempt.path),
      ['/api/v1/health', '/health', '/healthz'],
    );
    assert.equal(artifact.found?.path, '/healthz');
    assert.equal(artifact.found?.exchange.request.url, `${server.origin}/healthz`);
    assert.deepEqual(
      server.seen.slice(start).map((seen) => seen.userAgent),
      Array(3).fill(BROWSER_USER_AGENT),
    );
    assert.equal(judgeHealth(artifact).status, 'pass');
  });

  it('asks only the configured path', async () => {
    const harness = liveHarness({ target: { url: server.origin }, probes: { health: '/moved' } });
    const artifact = await health.gather(harness.context);
    await harness.close();
    assert.equal(artifact.attempts.length, 1);
    assert.equal(artifact.configured, true);
    assert.equal(judgeHealth(artifact).status, 'warn');
  });

  it('fails naming the paths when none answers 2xx', async () => {
    const harness = liveHarness({ target: { url: server.origin }, probes: { health: '/nothing' } });
    const finding = judgeHealth(await health.gather(harness.context));
    await harness.close();
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /\/nothing/);
  });

  it('is an error when nothing listens, after one connection attempt', async () => {
    const harness = liveHarness({ target: { url: `http://127.0.0.1:${await closedPort()}` } });
    const artifact = await health.gather(harness.context);
    await harness.close();
    assert.equal(artifact.attempts.length, HEALTH_PATHS.length);
    assert.equal(harness.http.requestCount, 1);
    assert.equal(judgeHealth(artifact).status, 'error');
  });
});
