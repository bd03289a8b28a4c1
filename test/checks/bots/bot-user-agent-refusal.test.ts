import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import botUserAgentRefusal, {
  classifyAnswer,
  judgeBotRefusal,
} from '../../../src/checks/bots/bot-user-agent-refusal.js';
import type { Artifacts } from '../../../src/core/types.js';
import { BOT_AGENTS, BROWSER_AGENTS } from '../../../src/gather/live/bot-probe.js';
import { answered, failed, response } from '../../support/exchanges.js';

const URL = 'https://api.example.com/api/v1/health';
type Answer = number | string;

/** Every bot gets `bots`, every browser `browsers`; `overrides` by agent name. */
function probe(
  bots: Answer,
  browsers: Answer,
  overrides: Record<string, Answer> = {},
): Artifacts['botProbe'] {
  const exchanges = [...BROWSER_AGENTS, ...BOT_AGENTS].map((agent) => {
    const answer = overrides[agent.name] ?? (agent.kind === 'bot' ? bots : browsers);
    const exchange =
      typeof answer === 'number'
        ? answered(URL, response(answer), agent.userAgent)
        : failed(URL, answer, agent.userAgent);
    return { agent, exchange };
  });
  return { url: URL, exchanges };
}

describe('bot-user-agent-refusal definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(botUserAgentRefusal.id, 'bot-user-agent-refusal');
    assert.deepEqual(botUserAgentRefusal.needs, ['health', 'botProbe']);
  });
});

describe('judgeBotRefusal', () => {
  const cases: Array<[string, Artifacts['botProbe'], string]> = [
    ['bots 403, browsers 200', probe(403, 200), 'pass'],
    [
      'bots 401/406/429 count as refused',
      probe(403, 200, { curl: 401, Wget: 406, Scrapy: 429 }),
      'pass',
    ],
    ['browsers 404 still get through', probe(403, 404), 'pass'],
    ['browsers redirected still get through', probe(403, 301), 'pass'],
    ['nobody refused', probe(200, 200), 'fail'],
    ['one bot let in', probe(403, 200, { curl: 200 }), 'fail'],
    ['the empty agent let in', probe(403, 200, { 'empty user agent': 200 }), 'fail'],
    ['the missing agent let in', probe(403, 200, { 'no user agent': 200 }), 'fail'],
    ['bots get 404 like everyone', probe(404, 404), 'fail'],
    ['bots get 503', probe(503, 200), 'fail'],
    ['everyone refused', probe(403, 403), 'fail'],
    ['a browser rate limited', probe(403, 200, { Firefox: 429 }), 'fail'],
    ['a browser gets a 500', probe(403, 200, { Safari: 500 }), 'fail'],
    ['a bot connection reset', probe(403, 200, { sqlmap: 'the connection was reset' }), 'error'],
    [
      'a browser timed out',
      probe(403, 200, { Chrome: 'no response headers before the timeout' }),
      'error',
    ],
    [
      'a bot let in beats an error',
      probe(403, 200, { curl: 200, Wget: 'the connection was reset' }),
      'fail',
    ],
  ];
  for (const [name, botProbe, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(judgeBotRefusal(botProbe).status, status));
  }

  it('lists every agent with its status as evidence', () => {
    const finding = judgeBotRefusal(probe(403, 200, { curl: 200 }));
    assert.equal(finding.evidence?.length, BOT_AGENTS.length + BROWSER_AGENTS.length);
    assert.ok(
      finding.evidence?.some((line) => line.message === 'bot curl at /api/v1/health -> 200'),
    );
    assert.ok(finding.evidence?.every((line) => line.url === URL));
  });

  it('is an error when a kind of agent is missing', () => {
    assert.equal(judgeBotRefusal({ url: URL, exchanges: [] }).status, 'error');
  });

  it('classifies answers', () => {
    assert.deepEqual([403, 401, 406, 429, 200, 302, 404, 500, 503, undefined].map(classifyAnswer), [
      'refused',
      'refused',
      'refused',
      'refused',
      'admitted',
      'admitted',
      'admitted',
      'other',
      'other',
      'no-response',
    ]);
  });
});
