import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Finding } from '../../core/types.js';
import { describeUnlimited, evidenceOf, measure, unmeasured } from '../ratelimit/measure.js';

export function judgeEnforcement(probe: Artifacts['rateLimitProbe']): Finding {
  const measurement = measure(probe);
  const evidence = evidenceOf(probe, measurement);
  const problem = unmeasured(probe, measurement);
  if (problem) return { status: 'error', message: problem, evidence };
  if (probe.stoppedBy === 'cap')
    return { status: 'fail', message: `${describeUnlimited(probe, measurement)}.`, evidence };
  return {
    status: 'pass',
    message: `A burst to ${probe.url} was answered ${measurement.limitStatus} after ${measurement.burstAccepted} accepted requests (${measurement.sent} sent in all).`,
    evidence,
  };
}

export default defineCheck({
  id: 'rate-limit-enforcement',
  title: 'A burst of requests is answered 429 or 503',
  severity: 'high',
  needs: ['health', 'rateLimitProbe'],
  remediation:
    'Enforce a limit in front of the API: in nginx, limit_req_zone $binary_remote_addr ' +
    'zone=api:10m rate=10r/s; and, in the API location, limit_req zone=api burst=20 nodelay; ' +
    'limit_req_status 429; then reload nginx.',
  run: ({ rateLimitProbe }) => judgeEnforcement(rateLimitProbe),
});
