import type { Artifacts, Evidence } from '../../core/types.js';

type Probe = Artifacts['rateLimitProbe'];
type Sample = Probe['burst'][number];

/**
 * How far a measurement may sit above the policy and still pass: a one-second window counts
 * whole requests (10 r/s reads as 9 to 11), and requests in flight when the limit answered
 * add one or two to the burst.
 */
export const MEASUREMENT_TOLERANCE = 0.2;

const isLimited = (sample: Sample) => sample.status === 429 || sample.status === 503;
const isAccepted = (sample: Sample) => sample.status !== undefined && !isLimited(sample);

export interface RateMeasurement {
  sent: number;
  answered: number;
  /** The status of the first limited answer, when one came. */
  limitStatus?: number;
  /** Requests accepted in the burst, before and while the limit answered. */
  burstAccepted: number;
  /** The burst nginx allows above the first request, less what refilled while sending. */
  burst: number;
  /** Requests per second let through once limited; undefined when phase two did not run. */
  rate?: number;
  /** Every phase-two request got through: the rate is at least `rate`. */
  rateIsLowerBound: boolean;
  /** How long the burst took to send, in ms. */
  burstMs: number;
}

/**
 * Requests per second let through once limited. With three or more accepted, the spacing of
 * the first and last decides (a leaky bucket lets one through every 1/rate s); fewer are
 * counted over the whole window, which reads a low rate coarsely.
 */
function measuredRate(probe: Probe): number | undefined {
  if (probe.sustained.length === 0) return undefined;
  const accepted = probe.sustained.filter(isAccepted);
  const span = (accepted.at(-1)?.sentAt ?? 0) - (accepted[0]?.sentAt ?? 0);
  if (accepted.length >= 3 && span > 0) return ((accepted.length - 1) * 1000) / span;
  const windowSeconds = (probe.sustained.length * probe.sustainedPaceMs) / 1000;
  return accepted.length / windowSeconds;
}

/**
 * The effective burst and rate: nginx's leaky bucket lets the first request and `burst` more
 * through at once, plus `rate` per second of sending time; once full it lets `rate` per second.
 */
export function measure(probe: Probe): RateMeasurement {
  const all = [...probe.burst, ...probe.sustained];
  const accepted = probe.burst.filter(isAccepted);
  const rate = measuredRate(probe);
  const first = probe.burst[0]?.sentAt ?? 0;
  const burstMs = (accepted.at(-1)?.sentAt ?? first) - first;
  const refill = ((rate ?? 0) * burstMs) / 1000;
  const limitStatus = all.find(isLimited)?.status;
  return {
    sent: all.length,
    answered: all.filter((sample) => sample.status !== undefined).length,
    ...(limitStatus === undefined ? {} : { limitStatus }),
    burstAccepted: accepted.length,
    burst: Math.max(Math.round(accepted.length - 1 - refill), 0),
    ...(rate === undefined ? {} : { rate: Math.round(rate * 10) / 10 }),
    rateIsLowerBound: probe.sustained.length > 0 && probe.sustained.every(isAccepted),
    burstMs: Math.round(burstMs),
  };
}

export function withinPolicy(measured: number, policy: number): boolean {
  return measured <= policy * (1 + MEASUREMENT_TOLERANCE) + 0.5;
}

/** Why the probe could not measure, as a finding's message; undefined when it could. */
export function unmeasured(probe: Probe, measurement: RateMeasurement): string | undefined {
  if (measurement.answered === 0) return `No request of the burst to ${probe.url} got an answer.`;
  if (probe.stoppedBy === 'no-answer') {
    return `The burst to ${probe.url} stopped after ${measurement.sent} requests: answers stopped coming.`;
  }
  if (probe.stoppedBy === 'limit' && measurement.burstAccepted === 0) {
    return `The first request to ${probe.url} was already answered ${measurement.limitStatus}: the path is down or limited before the burst, so no limit can be measured.`;
  }
  return undefined;
}

export function describeUnlimited(probe: Probe, measurement: RateMeasurement): string {
  const seconds = Math.max(probe.burst.at(-1)?.sentAt ?? 0, 1) / 1000;
  const pace = Math.round(measurement.sent / seconds);
  return `No request of a burst of ${measurement.sent} to ${probe.url} (about ${pace} r/s) was answered 429 or 503: no limit is in force there within the probe's cap of ${probe.cap}`;
}

export function evidenceOf(probe: Probe, measurement: RateMeasurement): Evidence[] {
  const evidence: Evidence[] = [
    {
      message: `burst: ${probe.burst.length} sent ${probe.burstPaceMs} ms apart, ${measurement.burstAccepted} accepted, stopped by ${probe.stoppedBy}${measurement.limitStatus ? ` (${measurement.limitStatus})` : ''}`,
      url: probe.url,
    },
  ];
  if (probe.sustained.length > 0) {
    const accepted = probe.sustained.filter(isAccepted).length;
    evidence.push({
      message: `then ${probe.sustained.length} sent ${probe.sustainedPaceMs} ms apart: ${accepted} accepted (${measurement.rate} r/s)`,
      url: probe.url,
    });
  }
  if (probe.settledMs > 0)
    evidence.push({
      message: `waited ${probe.settledMs} ms first, until the scan's earlier requests no longer counted against the limit`,
    });
  if (probe.drainedMs > 0)
    evidence.push({ message: `waited ${probe.drainedMs} ms afterwards for the limit to drain` });
  return evidence;
}
