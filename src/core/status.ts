import type { Status, StatusCounts } from './types.js';

/**
 * An item's status from its checks: fail, then error, then warn, then pass (one is enough),
 * then manual, else skip.
 */
export function rollUp(statuses: readonly Status[]): Status {
  const has = (status: Status) => statuses.includes(status);

  if (has('fail')) return 'fail';
  if (has('error')) return 'error';
  if (has('warn')) return 'warn';
  if (has('pass')) return 'pass';
  if (has('manual')) return 'manual';
  return 'skip';
}

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, warn: 0, manual: 0, skip: 0, error: 0 };
}

export function countStatuses(statuses: readonly Status[]): StatusCounts {
  const counts = emptyCounts();
  for (const status of statuses) counts[status] += 1;
  return counts;
}
