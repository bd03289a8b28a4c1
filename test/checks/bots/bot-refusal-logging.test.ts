import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import botRefusalLogging from '../../../src/checks/bots/bot-refusal-logging.js';
import type { Artifacts } from '../../../src/core/types.js';
import { probeMarker } from '../../../src/gather/http.js';
import { BOT_AGENTS, BROWSER_AGENTS } from '../../../src/gather/live/bot-probe.js';
import { checkContext, response } from '../../support/exchanges.js';

const URL = 'https://api.example.com/api/v1/health';

/** Every bot gets `status`; each exchange carries a request id named after its agent. */
function botProbe(status: number): Artifacts['botProbe'] {
  const exchanges = [...BROWSER_AGENTS, ...BOT_AGENTS].map((agent, index) => ({
    agent,
    exchange: {
      request: {
        url: URL,
        method: 'GET',
        // As the probe sends them: a bot's own agent, then the marker that names the request.
        userAgent: agent.userAgent ? `${agent.userAgent} ${probeMarker(`id-${index}`)}` : null,
        id: `id-${index}`,
      },
      response: response(agent.kind === 'bot' ? status : 200),
    },
  }));
  return { url: URL, exchanges };
}

function run(probe: Artifacts['botProbe'], matched: (id: string) => boolean) {
  const ids = probe.exchanges.map(({ exchange }) => exchange.request.id!);
  const securityLog: Artifacts['securityLog'] = {
    configured: true,
    source: { kind: 'file', file: '/var/log/app/security.log' },
    linesRead: 100,
    searched: ids.length,
    matches: ids.filter(matched).map((requestId, line) => ({ requestId, line: line + 1 })),
  };
  const artifacts = { botProbe: probe, securityLog } as never;
  return botRefusalLogging.run(artifacts, checkContext());
}

describe("the 'bot-refusal-logging' check", () => {
  it('passes when every refused bot request is in the log', () => {
    assert.equal(run(botProbe(403), () => true).status, 'pass');
  });

  it('fails when refused bot requests are missing from the log', () => {
    const finding = run(botProbe(403), () => false);
    assert.equal(finding.status, 'fail');
  });

  it('does not ask the log for bots that were let through to a 404', () => {
    const finding = run(botProbe(404), () => false);
    assert.equal(finding.status, 'skip');
    assert.match(finding.message, /None of the bot requests was refused/);
  });

  it('does not count a rate limit answering 429 as a bot refusal', () => {
    assert.equal(run(botProbe(429), () => false).status, 'skip');
  });
});
