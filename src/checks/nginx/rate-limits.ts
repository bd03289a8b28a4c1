import type { Evidence, Finding, Status } from '../../core/types.js';
import type {
  NginxConfig,
  NginxLimitReq,
  NginxRateZone,
  NginxSource,
} from '../../gather/nginx/types.js';
import {
  describeScope,
  judgedScopes,
  limitEvidence,
  locationOf,
  noServersMessage,
  type ScopeInContext,
  sentenceStart,
  serversOf,
  where,
} from './scopes.js';

/** A limit_req in force at a level, with the zone it counts in (undefined when not defined). */
export interface AppliedLimit {
  limit: NginxLimitReq;
  zone?: NginxRateZone;
}

export interface LimitedScope {
  context: ScopeInContext;
  limits: AppliedLimit[];
}

export interface ScopeVerdict {
  status: Exclude<Status, 'skip' | 'error' | 'manual'>;
  message: string;
  /**
   * The directive that decides (a limit_req, its zone, limit_req_status): the line to fix.
   * Absent when nothing is in force, and the level itself is where the fix goes.
   */
  at?: NginxSource;
}

const ORDER: ScopeVerdict['status'][] = ['fail', 'warn', 'pass'];

/** The levels a rate limit must cover, each with the limits in force there. */
export function limitedScopes(config: NginxConfig): LimitedScope[] {
  return judgedScopes(config).map((context) => ({
    context,
    limits: context.scope.limitReq.map((limit) => {
      const zone = context.root.zones.find((candidate) => candidate.name === limit.zone);
      return zone ? { limit, zone } : { limit };
    }),
  }));
}

/** The limit that refuses first: the one whose zone has the lowest rate. */
export function governingLimit(limits: readonly AppliedLimit[]): AppliedLimit | undefined {
  const counted = limits.filter((applied) => applied.zone?.perSecond !== undefined);
  return counted.sort((a, b) => a.zone!.perSecond! - b.zone!.perSecond!)[0];
}

export function describeLimit({ limit, zone }: AppliedLimit): string {
  const burst = limit.burst === undefined ? 'no burst' : `burst=${limit.burst}`;
  const rate = zone ? `${zone.rate} by ${zone.key}` : 'an undefined zone';
  return `limit_req zone=${limit.zone} (${rate}, ${burst}${limit.nodelay ? ' nodelay' : ''}) at ${where(limit)}`;
}

/**
 * Runs a verdict over every level that must be rate limited and rolls them up: the worst level
 * decides the status and the message, every level is evidence.
 */
export function judgeLimitedScopes(
  config: NginxConfig,
  judge: (scope: LimitedScope) => ScopeVerdict,
): Finding {
  if (serversOf(config).length === 0) return { status: 'skip', message: noServersMessage(config) };
  const scopes = limitedScopes(config);
  if (scopes.length === 0) {
    return {
      status: 'skip',
      message: 'Every nginx server only redirects or refuses: no location serves content.',
    };
  }

  const judged = scopes.map((scope) => ({ scope, ...judge(scope) }));
  const status = ORDER.find((candidate) => judged.some((entry) => entry.status === candidate))!;
  const deciding = judged.find((entry) => entry.status === status)!;
  const { scope, server } = deciding.scope.context;
  const evidence: Evidence[] = [...judged]
    .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status))
    .map((entry) => ({
      message: `${describeScope(entry.scope.context.scope, entry.scope.context.server)}: ${entry.message}`,
      location: locationOf(entry.scope.context.scope),
    }));
  const count = judged.length > 1 ? ` (${judged.length} levels judged)` : '';
  return {
    status,
    message: `${sentenceStart(deciding.message)}: ${describeScope(scope, server)} at ${where(scope)}${count}.`,
    // The level's place stays in the message; the deciding directive is what to change.
    location: locationOf(deciding.at ?? scope),
    evidence: limitEvidence(evidence),
  };
}

export const NO_LIMIT: ScopeVerdict = {
  status: 'fail',
  message: 'no limit_req is in force here, so nginx limits no request rate',
};
