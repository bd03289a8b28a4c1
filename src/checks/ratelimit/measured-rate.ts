import { defineCheck } from '../../core/registry.js';
import type { Artifacts, CheckContext, Finding } from '../../core/types.js';
import { describeUnlimited, evidenceOf, measure, unmeasured, withinPolicy } from './measure.js';

export function judgeMeasuredRate(
  probe: Artifacts['rateLimitProbe'],
  { policy }: CheckContext,
): Finding {
  const measurement = measure(probe);
  const evidence = evidenceOf(probe, measurement);
  const problem = unmeasured(probe, measurement);
  if (problem) return { status: 'error', message: problem, evidence };
  if (probe.stoppedBy === 'cap') {
    return {
      status: 'fail',
      message: `${describeUnlimited(probe, measurement)}; the policy's rate is ${policy.rate} r/s.`,
      evidence,
    };
  }
  if (measurement.rate === undefined) {
    return {
      status: 'error',
      message: `The limit at ${probe.url} answered, but the probe's cap left no requests to measure its rate.`,
      evidence,
    };
  }
  const bound = measurement.rateIsLowerBound ? 'at least ' : '';
  const observed = `Once limited, ${probe.url} lets ${bound}${measurement.rate} r/s through (answering the rest ${measurement.limitStatus})`;
  if (measurement.rateIsLowerBound || !withinPolicy(measurement.rate, policy.rate)) {
    return {
      status: 'fail',
      message: `${observed}: above the policy's ${policy.rate} r/s.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `${observed}: within the policy's ${policy.rate} r/s.`,
    evidence,
  };
}

export default defineCheck({
  id: 'measured-rate',
  title: 'The rate limit holds clients to the policy rate',
  severity: 'medium',
  needs: ['health', 'rateLimitProbe'],
  remediation:
    'Set the zone to the policy rate and count by client address: ' +
    'limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s; and apply it with limit_req ' +
    'in the location that serves the API.',
  run: ({ rateLimitProbe }, context) => judgeMeasuredRate(rateLimitProbe, context),
});
