import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { NginxConfig } from '../../gather/nginx/types.js';
import {
  describeLimit,
  judgeLimitedScopes,
  type LimitedScope,
  NO_LIMIT,
  type ScopeVerdict,
} from './rate-limits.js';
import { settingOf, where } from './scopes.js';

function judgeCoverage({ context, limits }: LimitedScope): ScopeVerdict {
  if (limits.length === 0) return NO_LIMIT;
  const undefinedZone = limits.find((applied) => applied.zone === undefined);
  if (undefinedZone) {
    return {
      status: 'fail',
      message: `limit_req zone=${undefinedZone.limit.zone} at ${where(undefinedZone.limit)} names no limit_req_zone, which nginx refuses`,
      at: undefinedZone.limit,
    };
  }
  const dryRun = settingOf(context.scope, 'limit_req_dry_run');
  if (dryRun?.args[0] === 'on') {
    return {
      status: 'warn',
      message: `limit_req_dry_run on at ${where(dryRun)}: excess requests are only counted, not refused`,
      at: dryRun,
    };
  }
  return { status: 'pass', message: limits.map(describeLimit).join('; ') };
}

/** A zone that no level in force applies protects nothing: named in the evidence. */
function unusedZones(config: NginxConfig): string[] {
  return config.roots.flatMap((root) =>
    root.zones
      .filter((zone) => !root.servers.some((server) => usesZone(server.scope, zone.name)))
      .map((zone) => `limit_req_zone ${zone.name} at ${where(zone)} is applied by no limit_req`),
  );
}

function usesZone(scope: LimitedScope['context']['scope'], name: string): boolean {
  return (
    scope.limitReq.some((limit) => limit.zone === name) ||
    scope.children.some((child) => usesZone(child, name))
  );
}

function judgeRateLimitCoverage(config: NginxConfig): Finding {
  const finding = judgeLimitedScopes(config, judgeCoverage);
  const unused = unusedZones(config);
  const zones = config.roots.flatMap((root) => root.zones);
  if (finding.status === 'fail' && zones.length === 0) {
    finding.message = `No limit_req_zone is defined anywhere. ${finding.message}`;
  }
  if (unused.length > 0) {
    finding.evidence = [...(finding.evidence ?? []), ...unused.map((message) => ({ message }))];
  }
  return finding;
}

export default defineCheck({
  id: 'nginx-rate-limit-coverage',
  title: 'nginx applies a rate limit to every location that serves the API',
  severity: 'high',
  needs: ['nginxConfig'],
  remediation:
    'Define a zone in the http block: limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s; ' +
    'and apply it in every location that serves the API: limit_req zone=api burst=20 nodelay; ' +
    'limit_req_status 429; (a location with its own limit_req drops the inherited ones).',
  run: ({ nginxConfig }) => judgeRateLimitCoverage(nginxConfig),
});
