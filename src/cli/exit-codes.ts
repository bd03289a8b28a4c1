import { blockingItems, type FailOn } from '../core/gate.js';
import type { Report } from '../core/types.js';

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

/**
 * `fail` and `warn` gate by status; a severity gates on fails and errors of that severity or
 * worse. An `error` counts as a failure (a gate that could not see does not open), and a result
 * under a waiver that has not expired counts as none.
 */
export function exitCodeFor(report: Report, failOn: FailOn): number {
  return blockingItems(report, failOn).length > 0 ? EXIT.findings : EXIT.ok;
}
