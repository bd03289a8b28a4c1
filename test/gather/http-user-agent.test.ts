import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BROWSER_USER_AGENT, SCANNER_USER_AGENT } from '../../src/gather/http.js';
import { liveHarness, startServer, type TestServer } from './live/live-support.js';

describe('HttpClient user agent', () => {
  let server: TestServer;
  const harness = liveHarness({});
  before(async () => {
    server = await startServer((_request, response) => response.end('ok'));
  });
  after(async () => {
    await harness.close();
    await server.close();
  });

  it('sends no User-Agent at all for null: undici adds none of its own', async () => {
    const exchange = await harness.http.send({ url: `${server.origin}/none`, userAgent: null });
    assert.equal(exchange.response?.status, 200);
    assert.equal(exchange.request.userAgent, null);
    assert.equal(server.seen.at(-1)?.userAgent, undefined);
  });

  it('sends an empty header for the empty string', async () => {
    await harness.http.send({ url: `${server.origin}/empty`, userAgent: '' });
    assert.equal(server.seen.at(-1)?.userAgent, '');
  });

  it("sends shipshape's own agent by default and a given one verbatim", async () => {
    await harness.http.send({ url: `${server.origin}/default` });
    assert.equal(server.seen.at(-1)?.userAgent, SCANNER_USER_AGENT);
    await harness.http.send({ url: `${server.origin}/browser`, userAgent: BROWSER_USER_AGENT });
    assert.equal(server.seen.at(-1)?.userAgent, BROWSER_USER_AGENT);
  });
});
