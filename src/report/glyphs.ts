import type { Status } from '../core/types.js';

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  manual: 'MANUAL',
  skip: 'SKIP',
  error: 'ERROR',
};

/** One line, at most `width` characters, for summaries in lists. */
export function oneLine(text: string, width = 160): string {
  // Control characters from a target's answers must not reach a terminal as escape codes.
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
    .trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** The first evidence line of an item that is not a pass, for a one-line summary. */
export function summaryCounts(counts: Record<Status, number>): string {
  const order: Status[] = ['pass', 'fail', 'warn', 'error', 'manual', 'skip'];
  return order.map((status) => `${counts[status]} ${status}`).join(', ');
}
