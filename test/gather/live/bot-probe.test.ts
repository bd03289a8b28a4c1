import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { judgeBotRefusal } from '../../../src/checks/bots/bot-user-agent-refusal.js';
import { probeMarker } from '../../../src/gather/http.js';
import botProbe, {
  apiSample,
  BOT_AGENTS,
  BROWSER_AGENTS,
  interleaveAgents,
  probeBots,
} from '../../../src/gather/live/bot-probe.js';
import health from '../../../src/gather/live/health.js';
import { liveHarness, startServer, type TestServer } from './live-support.js';

// What a typical nginx map refuses: tools, crawlers, and requests without an agent.
const BLOCKED =
  /python|curl|wget|go-http|scrapy|httpx|axios|node-fetch|sqlmap|nikto|bot|crawl|spider/i;

describe('interleaveAgents', () => {
  it('puts browsers first, in the middle and last, and keeps every agent once', () => {
    const order = interleaveAgents(BOT_AGENTS, BROWSER_AGENTS);
    assert.equal(order.length, BOT_AGENTS.length + BROWSER_AGENTS.length);
    assert.equal(order[0]?.kind, 'browser');
    assert.equal(order.at(-1)?.kind, 'browser');
    assert.equal(new Set(order).size, order.length);
  });
});

describe('botProbe gatherer', () => {
  let blocking: TestServer;
  let open: TestServer;
  before(async () => {
    blocking = await startServer((request, response) => {
      const agent = request.headers['user-agent'];
      const refused = !agent || BLOCKED.test(agent);
      if (request.url !== '/api/v1/health') response.writeHead(404).end();
      else response.writeHead(refused ? 403 : 200).end(refused ? 'Forbidden' : '{"status":"ok"}');
    });
    open = await startServer((_request, response) => response.writeHead(200).end('ok'));
  });
  after(async () => {
    await Promise.all([blocking.close(), open.close()]);
  });

  it('sends each agent to the health endpoint, bots marked, browsers verbatim, none for the missing one', async () => {
    const harness = liveHarness({ target: { url: blocking.origin } }, [health]);
    await harness.context.get('health');
    const start = blocking.seen.length;
    const artifact = await probeBots(harness.context);
    await harness.close();

    const seen = blocking.seen.slice(start);
    assert.equal(artifact.url, `${blocking.origin}/api/v1/health`);
    assert.equal(artifact.apiUrl, undefined);
    assert.equal(seen.length, BOT_AGENTS.length + BROWSER_AGENTS.length);
    assert.ok(seen.every((request) => request.path === '/api/v1/health'));
    const sent = artifact.exchanges.map((entry) => entry.exchange.request.userAgent ?? undefined);
    assert.deepEqual(
      seen.map((request) => request.userAgent),
      sent,
    );
    for (const { agent, exchange } of artifact.exchanges) {
      const { userAgent, id } = exchange.request;
      if (agent.kind === 'browser') assert.equal(userAgent, agent.userAgent);
      else if (agent.userAgent) assert.equal(userAgent, `${agent.userAgent} ${probeMarker(id!)}`);
    }
    assert.ok(seen.some((request) => request.userAgent === undefined));
    assert.ok(seen.some((request) => request.userAgent === ''));
    assert.equal(judgeBotRefusal(artifact).status, 'pass');
  });

  it('asks the first GET API path with a sample of agents too', async () => {
    const config = {
      target: { url: blocking.origin },
      probes: {
        apiPaths: [{ method: 'POST', path: '/api/v1/orders' }, { path: '/api/v1/items?q=a' }],
      },
    };
    const harness = liveHarness(config, [health]);
    const artifact = await probeBots(harness.context);
    await harness.close();

    assert.equal(artifact.apiUrl, `${blocking.origin}/api/v1/items?q=a`);
    const atApi = artifact.exchanges.filter(
      (entry) => entry.exchange.request.url === artifact.apiUrl,
    );
    assert.deepEqual(
      atApi.map((entry) => entry.agent.name),
      apiSample().map((agent) => agent.name),
    );
    assert.equal(atApi[0]?.agent.kind, 'browser');
    assert.equal(atApi.at(-1)?.agent.kind, 'browser');
  });

  it('fails a server that lets every agent in, at the target URL when no health path answers', async () => {
    const harness = liveHarness({ target: { url: `${open.origin}/` }, probes: { health: '/h' } }, [
      health,
    ]);
    const artifact = await probeBots(harness.context);
    await harness.close();

    const finding = judgeBotRefusal(artifact);
    assert.equal(artifact.url, `${open.origin}/h`);
    assert.equal(finding.status, 'fail');
    assert.equal(finding.evidence?.length, BOT_AGENTS.length + BROWSER_AGENTS.length);
  });

  it('waits out a rate limit rather than taking it for the filter', async () => {
    // Refuses every fourth request with 429, as a tight limit would.
    let count = 0;
    const limited = await startServer((request, response) => {
      count += 1;
      const agent = request.headers['user-agent'];
      if (count % 4 === 0) response.writeHead(429, { 'retry-after': '0' }).end();
      else response.writeHead(!agent || BLOCKED.test(agent) ? 403 : 200).end();
    });
    const harness = liveHarness({ target: { url: limited.origin }, probes: { health: '/h' } }, [
      health,
    ]);
    const artifact = await botProbe.gather(harness.context);
    await harness.close();
    await limited.close();

    assert.equal(judgeBotRefusal(artifact).status, 'pass');
    assert.ok(artifact.exchanges.every((entry) => entry.exchange.response?.status !== 429));
    assert.ok(harness.http.requestCount > artifact.exchanges.length + 1);
  });
});
