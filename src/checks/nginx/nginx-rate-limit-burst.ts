import type { Policy } from '../../core/config-schema.js';
import { defineCheck } from '../../core/registry.js';
import {
  governingLimit,
  judgeLimitedScopes,
  type LimitedScope,
  NO_LIMIT,
  type ScopeVerdict,
} from './rate-limits.js';
import { where } from './scopes.js';

function judgeBurst(scope: LimitedScope, policy: Policy): ScopeVerdict {
  if (scope.limits.length === 0) return NO_LIMIT;
  const governing = governingLimit(scope.limits) ?? scope.limits[0]!;
  const { limit } = governing;
  const at = `limit_req zone=${limit.zone} at ${where(limit)}`;
  if (limit.burst === undefined) {
    return {
      status: 'warn',
      message: `${at} sets no burst: every request above the rate is refused at once (burst=0), where the policy allows ${policy.burst}`,
      at: limit,
    };
  }
  const mode = limit.nodelay ? 'served at once (nodelay)' : 'queued to the rate';
  const observed = `${at}: burst=${limit.burst}, excess ${mode}`;
  if (limit.burst > policy.burst) {
    return {
      status: 'fail',
      message: `${observed}: above the policy's ${policy.burst}`,
      at: limit,
    };
  }
  return { status: 'pass', message: `${observed}: within ${policy.burst}`, at: limit };
}

export default defineCheck({
  id: 'nginx-rate-limit-burst',
  title: 'nginx bounds bursts above the rate limit by the policy',
  severity: 'medium',
  needs: ['nginxConfig'],
  remediation:
    'Set the burst on every limit_req that serves the API: limit_req zone=api burst=20 nodelay; ' +
    '(nodelay serves the burst at once instead of queueing it; the rate still applies after it).',
  run: ({ nginxConfig }, { policy }) =>
    judgeLimitedScopes(nginxConfig, (scope) => judgeBurst(scope, policy)),
});
