import type { Status, Waived, WaiverOutcome } from '../core/types.js';

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

/** A short tag for a waived result or item: `waived until 2025-12-31`. */
export function waiverTag(waived: Waived): string {
  return waived.expired ? `waiver expired ${waived.expires}` : `waived until ${waived.expires}`;
}

/** One line per configured waiver that did not simply apply: expired ones and unused ones. */
export function waiverNotes(waivers: readonly WaiverOutcome[] = []): string[] {
  return waivers
    .filter((waiver) => waiver.state !== 'applied')
    .map((waiver) => {
      const where =
        waiver.location === undefined ? waiver.id : `${waiver.id} at ${waiver.location}`;
      return waiver.state === 'expired'
        ? `Waiver for ${where} expired on ${waiver.expires}: it no longer applies.`
        : `Waiver for ${where} matched no result that needed it.`;
    });
}
