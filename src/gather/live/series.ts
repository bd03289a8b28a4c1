import { setTimeout as sleep } from 'node:timers/promises';
import type { GatherContext } from '../../core/types.js';
import { type Exchange, type HttpRequest, type HttpResponse, SCANNER_USER_AGENT } from '../http.js';

/**
 * After this many requests in a row to one origin get no answer, a series stops sending to it.
 * The HTTP client already stops after a refused connection; this covers a target that accepts
 * connections and never answers, which would otherwise cost one timeout per probe.
 */
export const SILENCE_LIMIT = 2;

// Per scan (one HTTP client) and origin: requests in a row that got no answer.
const silenceByClient = new WeakMap<object, Map<string, number>>();

function silenceOf(context: GatherContext): Map<string, number> {
  let silence = silenceByClient.get(context.http);
  if (!silence) {
    silence = new Map();
    silenceByClient.set(context.http, silence);
  }
  return silence;
}

const NOT_SENT = 'not sent: the requests before it to this address got no answer';

/** Whether a series skipped this request rather than sending it. */
export function wasNotSent(exchange: Exchange): boolean {
  return exchange.error === NOT_SENT;
}

function notSent(input: HttpRequest): Exchange {
  const userAgent = input.userAgent === undefined ? SCANNER_USER_AGENT : input.userAgent;
  return {
    request: { url: input.url, method: input.method ?? 'GET', userAgent },
    error: NOT_SENT,
  };
}

/** nginx answers a limited request with 503 by default, or with limit_req_status (often 429). */
export const LIMIT_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Retries of one request that a rate limit answered, before its answer is kept as it is. */
export const LIMIT_RETRIES = 2;

/** The longest pause between requests to a limited origin, and the longest Retry-After heeded. */
const MAX_PAUSE_MS = 2000;

interface Pacing {
  /** 0 until the origin shows a limit; then the pause between requests to it. */
  intervalMs: number;
  lastSentAt: number;
}

const pacingByClient = new WeakMap<object, Map<string, Pacing>>();

/**
 * What one rate limit most likely covers: the origin and the path's first segment. nginx
 * applies limit_req by location, and an API's location is most often a prefix such as /api/;
 * a limit met under /api/ need not slow the probes of /docs. A limit that covers more
 * answers there too, and is then paced there as well.
 */
export function pacingKey(url: string): string {
  const { origin, pathname } = new URL(url);
  return `${origin}/${pathname.split('/')[1] ?? ''}`;
}

function pacingOf(context: GatherContext, url: string): Pacing {
  let byKey = pacingByClient.get(context.http);
  if (!byKey) {
    byKey = new Map();
    pacingByClient.set(context.http, byKey);
  }
  const key = pacingKey(url);
  let pacing = byKey.get(key);
  if (!pacing) {
    pacing = { intervalMs: 0, lastSentAt: 0 };
    byKey.set(key, pacing);
  }
  return pacing;
}

/** Forgets that a URL's limit was met, e.g. once a burst has waited for its limit to drain. */
export function resetPacing(context: GatherContext, url: string): void {
  pacingOf(context, url).intervalMs = 0;
}

function retryAfterMs(response: HttpResponse): number | undefined {
  const seconds = Number(response.headers['retry-after']?.[0]);
  return Number.isFinite(seconds) && seconds >= 0
    ? Math.min(seconds * 1000, MAX_PAUSE_MS)
    : undefined;
}

/**
 * Sends one request, waiting out a rate limit: a 429 or 503 is retried after a pause, and from
 * then on requests under the same limit (see pacingKey) are paced a little below the policy
 * rate (slower after each further limit), so that a limit does not answer for what a probe
 * is about.
 */
async function sendPaced(context: GatherContext, input: HttpRequest): Promise<Exchange> {
  const pacing = pacingOf(context, input.url);
  const policyInterval = Math.ceil((1000 / context.config.policy.rate) * 1.1);
  for (let attempt = 0; ; attempt += 1) {
    const wait = pacing.lastSentAt + pacing.intervalMs - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal: context.signal });
    pacing.lastSentAt = performance.now();

    const exchange = await context.http.send(input);
    const response = exchange.response;
    if (!response || !LIMIT_STATUSES.has(response.status) || attempt === LIMIT_RETRIES) {
      return exchange;
    }
    const slower = pacing.intervalMs === 0 ? policyInterval : pacing.intervalMs * 2;
    pacing.intervalMs = Math.min(slower, MAX_PAUSE_MS);
    const pause = retryAfterMs(response) ?? 0;
    if (pause > pacing.intervalMs) await sleep(pause, undefined, { signal: context.signal });
  }
}

export interface SeriesOptions {
  /** Retry what a rate limit answered and pace the origin from then on (see sendPaced). */
  waitOutLimits?: boolean;
}

/**
 * Sends a gatherer's requests in turn, skipping the rest once its origin has gone silent.
 * A series always risks one request of its own, so one endpoint that hangs (a stuck
 * application behind a healthy proxy) does not silence the probes that follow.
 */
export function requestSeries(
  context: GatherContext,
  options: SeriesOptions = {},
): (input: HttpRequest) => Promise<Exchange> {
  const silence = silenceOf(context);
  const ownSilence = new Map<string, number>();
  const send = options.waitOutLimits
    ? (input: HttpRequest) => sendPaced(context, input)
    : (input: HttpRequest) => context.http.send(input);

  return async (input) => {
    const origin = new URL(input.url).origin;
    const inherited = Math.min(silence.get(origin) ?? 0, SILENCE_LIMIT - 1);
    const silent = ownSilence.get(origin) ?? inherited;
    if (silent >= SILENCE_LIMIT) return notSent(input);

    const exchange = await send(input);
    const next = exchange.response ? 0 : silent + 1;
    ownSilence.set(origin, next);
    silence.set(origin, exchange.response ? 0 : (silence.get(origin) ?? 0) + 1);
    return exchange;
  };
}
