import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import type { GatherContext } from '../../core/types.js';
import type { Exchange } from '../http.js';
import { requestSeries } from './series.js';
import { requireTargetUrl, resolveProbeUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    botProbe: BotProbe;
  }
}

/** `bot` agents must be refused; `browser` agents must get through. */
export type AgentKind = 'bot' | 'browser';

export interface ProbeAgent {
  name: string;
  kind: AgentKind;
  /** The header sent; `null` sends no User-Agent header at all. */
  userAgent: string | null;
}

export interface AgentExchange {
  agent: ProbeAgent;
  exchange: Exchange;
}

export interface BotProbe {
  /** The URL every agent asked for: the health endpoint, else the target URL. */
  url: string;
  /** The API endpoint a smaller sample also asked for: the first GET of probes.apiPaths. */
  apiUrl?: string;
  /** The health (or target) URL's exchanges first, then the API endpoint's. */
  exchanges: AgentExchange[];
}

const bot = (name: string, userAgent: string | null): ProbeAgent => ({
  name,
  kind: 'bot',
  userAgent,
});
const browser = (name: string, userAgent: string): ProbeAgent => ({
  name,
  kind: 'browser',
  userAgent,
});

/** Agents as the tools and crawlers really send them, so that a filter sees the real strings. */
export const BOT_AGENTS: readonly ProbeAgent[] = [
  bot('python-requests', 'python-requests/2.32.3'),
  bot('curl', 'curl/8.5.0'),
  bot('Wget', 'Wget/1.21.4'),
  bot('Go-http-client', 'Go-http-client/1.1'),
  bot('Scrapy', 'Scrapy/2.11.2 (+https://scrapy.org)'),
  bot('python-urllib', 'Python-urllib/3.12'),
  bot('python-httpx', 'python-httpx/0.27.2'),
  bot('axios', 'axios/1.7.7'),
  bot('node-fetch', 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)'),
  bot('sqlmap', 'sqlmap/1.8.11#stable (https://sqlmap.org)'),
  bot('Nikto', 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)'),
  bot('AhrefsBot', 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)'),
  bot(
    'GPTBot',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  ),
  bot('empty user agent', ''),
  bot('no user agent', null),
];

export const BROWSER_AGENTS: readonly ProbeAgent[] = [
  browser(
    'Chrome',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ),
  browser('Firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'),
  browser(
    'Safari',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  ),
];

/**
 * Browsers first, in the middle and last: if a rate limit starts refusing part-way through,
 * a browser is refused too, and the check can tell a rate limit from a bot filter.
 */
export function interleaveAgents(bots: readonly ProbeAgent[], browsers: readonly ProbeAgent[]) {
  const order: ProbeAgent[] = [];
  const gap = Math.ceil(bots.length / Math.max(browsers.length - 1, 1));
  browsers.forEach((agent, index) => {
    order.push(agent);
    order.push(...bots.slice(index * gap, (index + 1) * gap));
  });
  return order;
}

/** The agents also sent to the API endpoint: a library, a tool, a scanner, a crawler, none. */
const API_SAMPLE = [
  'python-requests',
  'curl',
  'Go-http-client',
  'sqlmap',
  'GPTBot',
  'empty user agent',
];

export function apiSample(): ProbeAgent[] {
  const bots = BOT_AGENTS.filter((agent) => API_SAMPLE.includes(agent.name));
  return interleaveAgents(bots, [BROWSER_AGENTS[0]!, BROWSER_AGENTS[1]!]);
}

async function probeUrl(context: GatherContext, targetUrl: string): Promise<string> {
  try {
    return (await context.get('health')).found?.exchange.request.url ?? targetUrl;
  } catch (error) {
    if (error instanceof NotGivenError) throw error;
    return targetUrl;
  }
}

/** A GET endpoint of probes.apiPaths other than `url`, if one is configured. */
function apiUrlOf(context: GatherContext, targetUrl: string, url: string): string | undefined {
  const endpoint = context.config.probes.apiPaths.find(
    (candidate) => candidate.method === 'GET' && resolveProbeUrl(targetUrl, candidate.path) !== url,
  );
  return endpoint && resolveProbeUrl(targetUrl, endpoint.path);
}

/**
 * Asks the health endpoint with every agent and an API endpoint with a sample. Bots carry
 * the probe marker after their own agent, so the target's log can be searched for each
 * refusal; browsers are sent as browsers send them. A rate limit is waited out rather than
 * taken for the filter: a 429 or 503 is retried after a pause, and the rest is paced.
 */
export async function probeBots(context: GatherContext): Promise<BotProbe> {
  const targetUrl = requireTargetUrl(context);
  const url = await probeUrl(context, targetUrl);
  const apiUrl = apiUrlOf(context, targetUrl, url);
  const send = requestSeries(context, { waitOutLimits: true });

  const plan: Array<[string, ProbeAgent]> = [
    ...interleaveAgents(BOT_AGENTS, BROWSER_AGENTS).map(
      (agent) => [url, agent] as [string, ProbeAgent],
    ),
    ...(apiUrl ? apiSample().map((agent) => [apiUrl, agent] as [string, ProbeAgent]) : []),
  ];
  const exchanges: AgentExchange[] = [];
  for (const [target, agent] of plan) {
    const request = {
      url: target,
      userAgent: agent.userAgent,
      markUserAgent: agent.kind === 'bot',
    };
    exchanges.push({ agent, exchange: await send(request) });
  }
  return { url, ...(apiUrl ? { apiUrl } : {}), exchanges };
}

export default defineGatherer({
  artifact: 'botProbe',
  kind: 'live',
  gather: probeBots,
});
