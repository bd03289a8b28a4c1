import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';

type AgentExchange = Artifacts['botProbe']['exchanges'][number];

/** 403 is the expected refusal; 401, 406 and 429 also turn the agent away. */
const REFUSALS = new Set([401, 403, 406, 429]);

export type AgentOutcome = 'refused' | 'admitted' | 'other' | 'no-response';

export function classifyAnswer(status: number | undefined): AgentOutcome {
  if (status === undefined) return 'no-response';
  if (REFUSALS.has(status)) return 'refused';
  // A 404 still shows the agent reached the application: it was let in.
  if ((status >= 200 && status < 400) || status === 404) return 'admitted';
  return 'other';
}

function describe({ agent, exchange }: AgentExchange): string {
  const answer = exchange.response
    ? String(exchange.response.status)
    : `no response (${exchange.error})`;
  return `${agent.name} at ${new URL(exchange.request.url).pathname} -> ${answer}`;
}

function list(exchanges: readonly AgentExchange[]): string {
  return exchanges.map(describe).join(', ');
}

function evidenceOf(exchanges: readonly AgentExchange[]): Evidence[] {
  return exchanges.map((entry) => ({
    message: `${entry.agent.kind} ${describe(entry)}`,
    url: entry.exchange.request.url,
  }));
}

export function judgeBotRefusal(probe: Artifacts['botProbe']): Finding {
  const outcome = (entry: AgentExchange) => classifyAnswer(entry.exchange.response?.status);
  const bots = probe.exchanges.filter((entry) => entry.agent.kind === 'bot');
  const browsers = probe.exchanges.filter((entry) => entry.agent.kind === 'browser');
  const evidence = evidenceOf(probe.exchanges);

  const botsLetIn = bots.filter((entry) => !['refused', 'no-response'].includes(outcome(entry)));
  const browsersRefused = browsers.filter(
    (entry) => !['admitted', 'no-response'].includes(outcome(entry)),
  );
  const silent = probe.exchanges.filter((entry) => outcome(entry) === 'no-response');

  if (bots.length === 0 || browsers.length === 0) {
    return {
      status: 'error',
      message: 'The bot probe recorded no bot or no browser request.',
      evidence,
    };
  }
  if (botsLetIn.length > 0 || browsersRefused.length > 0) {
    return {
      status: 'fail',
      message: failureMessage(botsLetIn, browsersRefused, probe.url, probe.apiUrl),
      evidence,
    };
  }
  if (silent.length > 0) {
    return {
      status: 'error',
      message: `${silent.length} agents got no answer from ${probe.url} (${list(silent)}), so refusal cannot be confirmed; expected a 403.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `All ${bots.length} bot requests are refused and all ${browsers.length} browser requests get through at ${probe.url}${probe.apiUrl ? ` and ${probe.apiUrl}` : ''}.`,
    evidence,
  };
}

function failureMessage(
  botsLetIn: AgentExchange[],
  browsersRefused: AgentExchange[],
  url: string,
  apiUrl: string | undefined,
): string {
  const parts: string[] = [];
  if (botsLetIn.length > 0) {
    parts.push(`${botsLetIn.length} bot agents are not refused (${list(botsLetIn)}); expected 403`);
  }
  if (browsersRefused.length > 0) {
    // A browser refused part-way is most often a rate limit answering for the bot filter.
    parts.push(
      `${browsersRefused.length} browsers do not get through (${list(browsersRefused)}); expected 2xx, 3xx or 404`,
    );
  }
  return `${parts.join('. ')}, at ${url}${apiUrl ? ` and ${apiUrl}` : ''}.`;
}

export default defineCheck({
  id: 'bot-user-agent-refusal',
  title: 'Bot user agents are refused and browsers are not',
  severity: 'medium',
  // health first: the bot probe asks the health endpoint it found (see hsts-policy).
  needs: ['health', 'botProbe'],
  remediation:
    'Refuse script and crawler agents before they reach the API, e.g. in nginx: ' +
    'map $http_user_agent $blocked_agent { default 0; "" 1; ' +
    '~*(python-requests|curl|wget|go-http-client|scrapy|python-urllib|httpx|axios|node-fetch|sqlmap|nikto|bot|crawl|spider) 1; } ' +
    'and in the server block: if ($blocked_agent) { return 403; } ' +
    'Check that monitoring and payment webhooks (Stripe sends its own agent) are still let through.',
  run: ({ botProbe }) => judgeBotRefusal(botProbe),
});
