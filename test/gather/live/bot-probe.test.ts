import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { judgeBotRefusal } from '../../../src/checks/bots/bot-user-agent-refusal.js';
import botProbe, {
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

  it('sends each agent verbatim to the health endpoint, and none for the missing one', async () => {
    const harness = liveHarness({ target: { url: blocking.origin } }, [health]);
    await harness.context.get('health');
    const start = blocking.seen.length;
    const artifact = await probeBots(harness.context, 0);
    await harness.close();

    const seen = blocking.seen.slice(start);
    assert.equal(artifact.url, `${blocking.origin}/api/v1/health`);
    assert.equal(seen.length, BOT_AGENTS.length + BROWSER_AGENTS.length);
    assert.ok(seen.every((request) => request.path === '/api/v1/health'));
    const sent = artifact.exchanges.map((entry) => entry.agent.userAgent ?? undefined);
    assert.deepEqual(
      seen.map((request) => request.userAgent),
      sent,
    );
    assert.ok(seen.some((request) => request.userAgent === undefined));
    assert.ok(seen.some((request) => request.userAgent === ''));
    assert.equal(judgeBotRefusal(artifact).status, 'pass');
  });

  it('fails a server that lets every agent in, at the target URL when no health path answers', async () => {
    const harness = liveHarness({ target: { url: `${open.origin}/` }, probes: { health: '/h' } }, [
      health,
    ]);
    const artifact = await probeBots(harness.context, 0);
    await harness.close();

    const finding = judgeBotRefusal(artifact);
    assert.equal(artifact.url, `${open.origin}/h`);
    assert.equal(finding.status, 'fail');
    assert.equal(finding.evidence?.length, BOT_AGENTS.length + BROWSER_AGENTS.length);
  });

  it('paces its requests through the registered gatherer', async () => {
    const harness = liveHarness({ target: { url: blocking.origin } }, [health]);
    const started = performance.now();
    const artifact = await botProbe.gather(harness.context);
    await harness.close();
    assert.equal(judgeBotRefusal(artifact).status, 'pass');
    assert.ok(performance.now() - started >= (artifact.exchanges.length - 1) * 100);
  });
});
