import { setTimeout as sleep } from 'node:timers/promises';
import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import type { GatherContext } from '../../core/types.js';
import { BROWSER_USER_AGENT, type Exchange } from '../http.js';
import { LIMIT_STATUSES, pacingKey, resetPacing } from './series.js';
import { requireTargetUrl, resolveProbeUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    rateLimitProbe: RateLimitProbe;
  }
}

/** One request of the burst, with its times in ms since the probe started. */
export interface RateSample {
  sentAt: number;
  doneAt: number;
  /** The answer's status; undefined when there was none. */
  status?: number;
  error?: string;
}

export interface RateLimitProbe {
  url: string;
  /** The most requests the probe could send (probes.rateLimit.maxRequests). */
  cap: number;
  /** Phase one: requests sent back to back until the first limited answer. */
  burst: RateSample[];
  burstPaceMs: number;
  /** Phase two, once limited: requests at twice the policy rate, to count what gets through. */
  sustained: RateSample[];
  sustainedPaceMs: number;
  /** Why the burst stopped: a limited answer, the cap, or answers stopping altogether. */
  stoppedBy: 'limit' | 'cap' | 'no-answer';
  /** How long the probe waited afterwards for the limit to let requests through again. */
  drainedMs: number;
  /** How long it waited first, for what the scan's earlier requests used of the limit. */
  settledMs: number;
}

/** Back to back, but spaced enough that a refusal stops the burst within a request or two. */
export const BURST_PACE_MS = 4;
/** How long phase two measures, at least: at 10 r/s, a second gives ten accepted requests. */
const SUSTAINED_WINDOW_MS = 1000;
/** Accepted requests phase two should see at the policy rate, for a low rate to read true. */
const SUSTAINED_ACCEPTED = 5;
/**
 * Requests the limit should let through again before the scan goes on: enough for the few
 * probes after this one, which wait out any limit themselves. Draining the whole burst would
 * cost burst / rate seconds (2 s at the checklist's values) for no gain.
 */
const DRAIN_SLOTS = 8;
/** The longest wait for the limit to drain, so that a strict limit cannot stall the scan. */
const MAX_DRAIN_MS = 4000;
/** Answers missing in a row after which the burst stops: the target is not answering. */
const SILENCE_LIMIT = 3;

export function isLimited(sample: RateSample): boolean {
  return sample.status !== undefined && LIMIT_STATUSES.has(sample.status);
}

export function isAccepted(sample: RateSample): boolean {
  return sample.status !== undefined && !LIMIT_STATUSES.has(sample.status);
}

async function probePath(context: GatherContext): Promise<string> {
  const { rateLimit, apiPaths, health } = context.config.probes;
  if (rateLimit.path !== undefined) return rateLimit.path;
  const api = apiPaths.find((endpoint) => endpoint.method === 'GET');
  if (api) return api.path;
  try {
    return (await context.get('health')).found?.path ?? health ?? '/';
  } catch (error) {
    if (error instanceof NotGivenError) throw error;
    return health ?? '/';
  }
}

interface Sender {
  samples: RateSample[];
  pending: Promise<void>[];
  send(): void;
}

function sender(
  context: GatherContext,
  url: string,
  started: number,
  onAnswer: (s: RateSample) => void,
): Sender {
  const samples: RateSample[] = [];
  const pending: Promise<void>[] = [];
  const now = () => Math.round(performance.now() - started);
  const send = () => {
    const sample: RateSample = { sentAt: now(), doneAt: 0 };
    samples.push(sample);
    const request = { url, userAgent: BROWSER_USER_AGENT, parallel: true };
    pending.push(
      context.http.send(request).then((exchange: Exchange) => {
        sample.doneAt = now();
        if (exchange.response) sample.status = exchange.response.status;
        else sample.error = exchange.error ?? 'no answer';
        onAnswer(sample);
      }),
    );
  };
  return { samples, pending, send };
}

/**
 * Phase one: sends without waiting for answers, one every BURST_PACE_MS, until an answer is
 * limited, the burst's share of the cap is spent, or answers stop coming.
 */
async function sendBurst(context: GatherContext, url: string, started: number, limit: number) {
  let limited = false;
  let silent = 0;
  const burst = sender(context, url, started, (sample) => {
    limited ||= isLimited(sample);
    silent = sample.status === undefined ? silent + 1 : 0;
  });
  // The first request is awaited: a target that does not answer it gets no burst at all.
  burst.send();
  await burst.pending[0];
  if (burst.samples[0]?.status === undefined) return { burst, stoppedBy: 'no-answer' as const };

  while (!limited && silent < SILENCE_LIMIT && burst.samples.length < limit) {
    burst.send();
    await sleep(BURST_PACE_MS, undefined, { signal: context.signal });
  }
  // Without a limited answer yet, the reason is known only once every answer is in: a limit
  // may first show in the last ones. Once it has shown, phase two starts at once.
  if (!limited) await Promise.all(burst.pending);
  const stoppedBy: RateLimitProbe['stoppedBy'] = limited
    ? 'limit'
    : silent >= SILENCE_LIMIT
      ? 'no-answer'
      : 'cap';
  return { burst, stoppedBy };
}

async function sendSustained(
  context: GatherContext,
  url: string,
  started: number,
  count: number,
  paceMs: number,
) {
  const sustained = sender(context, url, started, () => undefined);
  for (let index = 0; index < count; index += 1) {
    sustained.send();
    await sleep(paceMs, undefined, { signal: context.signal });
  }
  return sustained;
}

/**
 * How long until the limit lets DRAIN_SLOTS requests through again, at the rate phase two saw,
 * less the time the last accepted request already waited in a limit that queues (no nodelay).
 */
export function drainDelayMs(
  burst: RateSample[],
  sustained: RateSample[],
  windowMs: number,
): number {
  const accepted = [...burst, ...sustained].filter(isAccepted);
  const rate = Math.max(sustained.filter(isAccepted).length / (windowMs / 1000), 0.5);
  const last = accepted.at(-1);
  const waited = last ? last.doneAt - last.sentAt : 0;
  const slots = Math.min(burst.filter(isAccepted).length, DRAIN_SLOTS);
  const drain = (slots / rate) * 1000 - waited;
  return Math.round(Math.min(Math.max(drain, 0), MAX_DRAIN_MS));
}

/**
 * How long until the scan's earlier requests under the same limit (see pacingKey) no longer
 * count against a limit of `rate` r/s: nginx's bucket, replayed over their send times.
 * Counting every request, refused ones too, errs towards waiting longer; a burst into a
 * part-used bucket would read small.
 */
export function settleDelayMs(sentTimes: readonly number[], rate: number, now: number): number {
  let excess = 0;
  let last: number | undefined;
  for (const time of sentTimes) {
    if (last !== undefined) excess = Math.max(0, excess - (rate * (time - last)) / 1000);
    excess += 1;
    last = time;
  }
  if (last === undefined) return 0;
  excess = Math.max(0, excess - (rate * (now - last)) / 1000);
  return Math.round(Math.min((excess / rate) * 1000, MAX_DRAIN_MS));
}

export async function probeRateLimit(context: GatherContext): Promise<RateLimitProbe> {
  const targetUrl = requireTargetUrl(context);
  const url = resolveProbeUrl(targetUrl, await probePath(context));
  const cap = context.config.probes.rateLimit.maxRequests;
  const rate = context.config.policy.rate;
  const sustainedPaceMs = Math.max(Math.round(1000 / (2 * rate)), 1);
  const windowMs = Math.max(SUSTAINED_WINDOW_MS, (SUSTAINED_ACCEPTED / rate) * 1000);
  const sustainedCount = Math.min(Math.round(windowMs / sustainedPaceMs), Math.floor(cap / 2));
  const underSameLimit = context.http
    .sentTo(new URL(url).origin)
    .filter((sent) => pacingKey(sent.url) === pacingKey(url))
    .map((sent) => sent.at);
  const settledMs = settleDelayMs(underSameLimit, rate, performance.now());
  if (settledMs > 0) await sleep(settledMs, undefined, { signal: context.signal });
  const started = performance.now();

  const { burst, stoppedBy } = await sendBurst(context, url, started, cap - sustainedCount);
  const sustained =
    stoppedBy === 'limit'
      ? await sendSustained(context, url, started, sustainedCount, sustainedPaceMs)
      : sender(context, url, started, () => undefined);
  await Promise.all([...burst.pending, ...sustained.pending]);

  let drainedMs = 0;
  if (stoppedBy === 'limit') {
    drainedMs = drainDelayMs(burst.samples, sustained.samples, sustainedCount * sustainedPaceMs);
    await sleep(drainedMs, undefined, { signal: context.signal });
    resetPacing(context, url);
  }
  return {
    url,
    cap,
    burst: burst.samples,
    burstPaceMs: BURST_PACE_MS,
    sustained: sustained.samples,
    sustainedPaceMs,
    stoppedBy,
    drainedMs,
    settledMs,
  };
}

export default defineGatherer({
  artifact: 'rateLimitProbe',
  kind: 'active',
  // Before the other probes, whose requests would use up part of the burst it measures.
  first: true,
  gather: probeRateLimit,
});
