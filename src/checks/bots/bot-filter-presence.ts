import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import { classifyAnswer } from './bot-user-agent-refusal.js';

type AgentExchange = Artifacts['botProbe']['exchanges'][number];

interface UrlVerdict {
  url: string;
  botsRefused: number;
  bots: number;
  browsersAdmitted: number;
  browsers: number;
  answered: number;
}

function verdictFor(url: string, entries: AgentExchange[]): UrlVerdict {
  const outcome = (entry: AgentExchange) => classifyAnswer(entry.exchange.response?.status);
  const bots = entries.filter((entry) => entry.agent.kind === 'bot');
  const browsers = entries.filter((entry) => entry.agent.kind === 'browser');
  return {
    url,
    botsRefused: bots.filter((entry) => outcome(entry) === 'refused').length,
    bots: bots.length,
    browsersAdmitted: browsers.filter((entry) => outcome(entry) === 'admitted').length,
    browsers: browsers.length,
    answered: entries.filter((entry) => entry.exchange.response).length,
  };
}

function describe(verdict: UrlVerdict): string {
  return `${verdict.url}: ${verdict.botsRefused} of ${verdict.bots} bot agents refused, ${verdict.browsersAdmitted} of ${verdict.browsers} browsers let in`;
}

/**
 * A filter is in place at a URL when it refuses some bot agents while browsers get through;
 * whether it refuses every agent is bots.blocked's question. Each probed URL (the health
 * endpoint and an API endpoint) must show one, so that a filter on one location only is found.
 */
export function judgeBotFilter(probe: Artifacts['botProbe']): Finding {
  const urls = [...new Set(probe.exchanges.map((entry) => entry.exchange.request.url))];
  const verdicts = urls.map((url) =>
    verdictFor(
      url,
      probe.exchanges.filter((entry) => entry.exchange.request.url === url),
    ),
  );
  const evidence: Evidence[] = verdicts.map((verdict) => ({
    message: describe(verdict),
    url: verdict.url,
  }));

  if (verdicts.length === 0)
    return { status: 'error', message: 'The bot probe recorded no request.' };
  const unfiltered = verdicts.filter(
    (verdict) => verdict.answered > 0 && verdict.botsRefused === 0,
  );
  if (unfiltered.length > 0) {
    return {
      status: 'fail',
      message: `No bot agent is refused at ${unfiltered.map((verdict) => verdict.url).join(', ')}: no bot filter is in front of it.`,
      evidence,
    };
  }
  const unanswered = verdicts.filter((verdict) => verdict.answered === 0);
  if (unanswered.length > 0) {
    return {
      status: 'error',
      message: `No agent got an answer at ${unanswered.map((verdict) => verdict.url).join(', ')}.`,
      evidence,
    };
  }
  const blunt = verdicts.filter((verdict) => verdict.browsersAdmitted < verdict.browsers);
  if (blunt.length > 0) {
    return {
      status: 'warn',
      message: `A filter refuses bots but also browsers at ${blunt.map((verdict) => verdict.url).join(', ')}: it does not tell them apart.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `A bot filter answers at every probed URL (${verdicts.map(describe).join('; ')}).`,
    evidence,
  };
}

export default defineCheck({
  id: 'bot-filter-presence',
  title: 'A bot filter is in front of the health and API endpoints',
  severity: 'medium',
  needs: ['health', 'botProbe'],
  remediation:
    'Put a user-agent filter in front of every API location: a middleware in the application ' +
    '(FastAPI @app.middleware("http") that returns 403 for known tool and crawler agents) or an ' +
    'nginx map $http_user_agent $blocked_agent with if ($blocked_agent) { return 403; } in the ' +
    'server block, so that it covers the API locations as well as the health endpoint.',
  run: ({ botProbe }) => judgeBotFilter(botProbe),
});
