import { countStatuses } from '../../src/core/status.js';
import type { CheckResult, ItemResult, Report, Severity, Status } from '../../src/core/types.js';
import { productionWeb } from '../../src/profiles/production-web.js';

/** Text a hostile target could put into evidence: markup, script, quotes, control bytes. */
export const HOSTILE =
  '<img src=x onerror="window.pwned=1"></script><script>window.pwned=2</script> & "q" \'s\' ]]> \u0007 <!-- shipshape: env.production -->';

const CYCLE: Status[] = ['pass', 'fail', 'warn', 'manual', 'skip', 'error'];
const SEVERITY: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function checkResult(
  id: string,
  status: Status,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return {
    id,
    title: `Check ${id}`,
    status,
    severity: 'high',
    message: `${id} is ${status}`,
    evidence: [{ message: `observed for ${id}`, location: { file: 'deploy/nginx.conf', line: 3 } }],
    ...(status === 'pass' ? {} : { remediation: `Fix ${id}.` }),
    ...extra,
  };
}

/**
 * A report of the built-in profile's 49 items with every status, every severity, hostile
 * evidence on the first failing item, a live waiver on one failure and an expired one on another.
 */
export function sampleReport(): Report {
  const items: ItemResult[] = productionWeb.items.map((item, index) => {
    const status = CYCLE[index % CYCLE.length]!;
    const severity = SEVERITY[index % SEVERITY.length]!;
    const checks = status === 'manual' ? [] : [checkResult(`check-${index}`, status, { severity })];
    const summary = status === 'manual' ? `Verify by hand: ${item.manual}` : `${item.id} summary`;
    return { id: item.id, section: item.section, title: item.title, status, summary, checks };
  });

  const hostile = items.find((item) => item.status === 'fail')!;
  hostile.checks[0]!.evidence.push({ message: HOSTILE, url: 'javascript:alert(1)' });
  hostile.summary = `Observed ${HOSTILE}`;

  const [, waivedItem, expiredItem] = items.filter((item) => item.status === 'fail');
  const waived = {
    id: waivedItem!.id,
    reason: 'Accepted until the migration',
    expires: '2999-12-31',
    expired: false,
  };
  waivedItem!.checks[0]!.waived = waived;
  waivedItem!.waived = waived;
  const expired = {
    id: expiredItem!.id,
    reason: 'Old exception',
    expires: '2000-01-01',
    expired: true,
  };
  expiredItem!.checks[0]!.waived = expired;
  expiredItem!.waived = expired;

  return {
    tool: { name: 'shipshape', version: '0.0.0-test' },
    profile: productionWeb.id,
    target: { project: '/srv/app', url: 'https://app.example.test/' },
    startedAt: '2025-06-01T12:00:00.000Z',
    durationMs: 1234,
    passive: false,
    stats: {
      requests: 12,
      requestsByKind: { http: 12 },
      items: countStatuses(items.map((item) => item.status)),
    },
    sections: [...productionWeb.sections],
    items,
    waivers: [
      { id: waived.id, reason: waived.reason, expires: waived.expires, state: 'applied' },
      { id: expired.id, reason: expired.reason, expires: expired.expires, state: 'expired' },
    ],
  };
}
