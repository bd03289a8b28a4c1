import type { CheckResult, ItemResult, Report, Severity, Status } from './types.js';
import { SEVERITIES } from './types.js';

/** What `--fail-on` accepts: a status, or a severity that fails and errors must reach. */
export type FailOn = 'fail' | 'warn' | Severity;

export const FAIL_ON_LEVELS: readonly FailOn[] = ['fail', 'warn', ...SEVERITIES];

const FAILING: readonly Status[] = ['fail', 'error'];

/** Whether this result keeps the gate shut: an `error` counts as a `fail`, a live waiver as none. */
export function isBlocking(check: CheckResult, failOn: FailOn): boolean {
  if (check.waived && !check.waived.expired) return false;
  if (failOn === 'warn') return check.status === 'warn' || FAILING.includes(check.status);
  if (!FAILING.includes(check.status)) return false;
  if (failOn === 'fail') return true;
  return SEVERITIES.indexOf(check.severity) <= SEVERITIES.indexOf(failOn);
}

export function isBlockingItem(item: ItemResult, failOn: FailOn): boolean {
  return item.checks.some((check) => isBlocking(check, failOn));
}

export function blockingItems(report: Report, failOn: FailOn): ItemResult[] {
  return report.items.filter((item) => isBlockingItem(item, failOn));
}
