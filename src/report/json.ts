import type { Report } from '../core/types.js';

/** The canonical report: every other format is a view of this. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
