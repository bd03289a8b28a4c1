import type { Report, Status } from '../core/types.js';

export const EXIT = {
  /** Nothing at or above the --fail-on level. */
  ok: 0,
  /** Something is: the gate stays closed. */
  findings: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** The scan could not run at all. */
  cannotRun: 3,
} as const;

/** An `error` counts as a failure: a gate that could not see does not open. */
export function exitCodeFor(report: Report, failOn: Status): number {
  const blocking: Status[] = failOn === 'warn' ? ['fail', 'error', 'warn'] : ['fail', 'error'];
  return report.items.some((item) => blocking.includes(item.status)) ? EXIT.findings : EXIT.ok;
}
