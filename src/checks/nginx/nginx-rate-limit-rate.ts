import type { Policy } from '../../core/config-schema.js';
import { defineCheck } from '../../core/registry.js';
import {
  type AppliedLimit,
  governingLimit,
  judgeLimitedScopes,
  type LimitedScope,
  NO_LIMIT,
  type ScopeVerdict,
} from './rate-limits.js';
import { settingOf, where } from './scopes.js';

/** Keys whose value the client sends: a client picks a fresh value per request. */
const CLIENT_CHOSEN_KEY = /\$(http_\w+|proxy_add_x_forwarded_for)/;
const CLIENT_ADDRESS_KEY = /^\$(binary_remote_addr|remote_addr)$/;
/** What clients understand as "slow down": 429 by RFC 6585, and nginx's default 503. */
const LIMIT_STATUSES = new Set(['429', '503']);

function keyVerdict({ zone }: AppliedLimit): ScopeVerdict | undefined {
  if (!zone || CLIENT_ADDRESS_KEY.test(zone.key)) return undefined;
  if (CLIENT_CHOSEN_KEY.test(zone.key)) {
    return {
      status: 'warn',
      message: `zone ${zone.name} counts by ${zone.key}, a value the client sends and can change per request`,
      at: zone,
    };
  }
  return {
    status: 'warn',
    message: `zone ${zone.name} counts by ${zone.key}, not by client address: clients share one limit`,
    at: zone,
  };
}

function statusVerdict({ context }: LimitedScope): { status: string; verdict?: ScopeVerdict } {
  const setting = settingOf(context.scope, 'limit_req_status');
  const status = setting?.args[0] ?? '503';
  if (LIMIT_STATUSES.has(status)) return { status };
  return {
    status,
    verdict: {
      status: 'warn',
      message: `limit_req_status ${status} at ${where(setting!)}: clients expect 429 when limited`,
      at: setting!,
    },
  };
}

function judgeRate(scope: LimitedScope, policy: Policy): ScopeVerdict {
  if (scope.limits.length === 0) return NO_LIMIT;
  const governing = governingLimit(scope.limits);
  if (!governing) {
    const zone = scope.limits.find((applied) => applied.zone)?.zone;
    const detail = zone
      ? `rate=${zone.rate} at ${where(zone)} is not a valid rate`
      : 'its zone is not defined';
    return {
      status: 'fail',
      message: `limit_req is in force but ${detail}`,
      at: zone ?? scope.limits[0]!.limit,
    };
  }

  const zone = governing.zone!;
  const answered = statusVerdict(scope);
  const observed = `${zone.rate} per ${zone.key} (zone ${zone.name} at ${where(zone)}), answered with ${answered.status}`;
  if (zone.perSecond! > policy.rate) {
    return {
      status: 'fail',
      message: `${observed}: above the policy's ${policy.rate} r/s`,
      at: zone,
    };
  }
  const problem = keyVerdict(governing) ?? answered.verdict;
  if (problem) {
    return {
      status: problem.status,
      message: `${observed}; ${problem.message}`,
      ...(problem.at ? { at: problem.at } : {}),
    };
  }
  return { status: 'pass', message: `${observed}: within ${policy.rate} r/s`, at: zone };
}

export default defineCheck({
  id: 'nginx-rate-limit-rate',
  title: 'nginx rate limits each client address to the policy rate',
  severity: 'medium',
  needs: ['nginxConfig'],
  remediation:
    'Count requests by client address at the policy rate: ' +
    'limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s; and answer limited requests ' +
    'with limit_req_status 429; Behind a proxy, set real_ip_header and set_real_ip_from first, ' +
    'so that $binary_remote_addr is the client, not the proxy.',
  run: ({ nginxConfig }, { policy }) =>
    judgeLimitedScopes(nginxConfig, (scope) => judgeRate(scope, policy)),
});
