import { defineCheck } from '../../core/registry.js';
import type { Artifacts, CheckContext, Finding } from '../../core/types.js';
import { describeUnlimited, evidenceOf, measure, unmeasured, withinPolicy } from './measure.js';

export function judgeMeasuredBurst(
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
      message: `${describeUnlimited(probe, measurement)}; the policy's burst is ${policy.burst}.`,
      evidence,
    };
  }
  const observed = `The effective burst at ${probe.url} is about ${measurement.burst} (${measurement.burstAccepted} requests accepted back to back before ${measurement.limitStatus})`;
  if (!withinPolicy(measurement.burst, policy.burst)) {
    return {
      status: 'fail',
      message: `${observed}: above the policy's ${policy.burst}.`,
      evidence,
    };
  }
  return { status: 'pass', message: `${observed}: within the policy's ${policy.burst}.`, evidence };
}

export default defineCheck({
  id: 'measured-burst',
  title: 'A burst is cut off at the policy burst',
  severity: 'medium',
  needs: ['health', 'rateLimitProbe'],
  remediation:
    'Limit the burst in the location that serves the API: limit_req zone=api burst=20 nodelay; ' +
    'and answer the excess with limit_req_status 429;',
  run: ({ rateLimitProbe }, context) => judgeMeasuredBurst(rateLimitProbe, context),
});
