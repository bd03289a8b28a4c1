import type { GatherContext } from '../../core/types.js';
import { type Exchange, type HttpRequest, SCANNER_USER_AGENT } from '../http.js';

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

/**
 * Sends a gatherer's requests in turn, skipping the rest once its origin has gone silent.
 * A series always risks one request of its own, so one endpoint that hangs (a stuck
 * application behind a healthy proxy) does not silence the probes that follow.
 */
export function requestSeries(context: GatherContext): (input: HttpRequest) => Promise<Exchange> {
  const silence = silenceOf(context);
  const ownSilence = new Map<string, number>();

  return async (input) => {
    const origin = new URL(input.url).origin;
    const inherited = Math.min(silence.get(origin) ?? 0, SILENCE_LIMIT - 1);
    const silent = ownSilence.get(origin) ?? inherited;
    if (silent >= SILENCE_LIMIT) return notSent(input);

    const exchange = await context.http.send(input);
    const next = exchange.response ? 0 : silent + 1;
    ownSilence.set(origin, next);
    silence.set(origin, exchange.response ? 0 : (silence.get(origin) ?? 0) + 1);
    return exchange;
  };
}
