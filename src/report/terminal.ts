import { createColors } from 'picocolors';
import type { CheckResult, ItemResult, Report, Status } from '../core/types.js';
import { oneLine, STATUS_LABEL, summaryCounts, waiverNotes, waiverTag } from './glyphs.js';

export interface TerminalOptions {
  color: boolean;
  /** Show every check's evidence, not only for items that did not pass. */
  verbose?: boolean;
}

type Paint = (text: string) => string;

/** The checklist for a person at a terminal, section by section, worst news visible first. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const colors = createColors(options.color);
  const paint: Record<Status, Paint> = {
    pass: colors.green,
    fail: colors.red,
    warn: colors.yellow,
    error: colors.magenta,
    manual: colors.cyan,
    skip: colors.dim,
  };

  const lines: string[] = [];
  report.sections.forEach((section, index) => {
    lines.push('', colors.bold(`${index + 1}. ${section.title}`));
    for (const item of report.items.filter((entry) => entry.section === section.id)) {
      lines.push(...renderItem(item, paint, colors.dim, options.verbose ?? false));
    }
  });

  const notes = waiverNotes(report.waivers);
  if (notes.length > 0) lines.push('', ...notes.map((note) => colors.yellow(oneLine(note))));

  const counts = report.stats.items;
  lines.push(
    '',
    colors.bold(`${report.items.length} items: ${summaryCounts(counts)}`),
    colors.dim(`${report.stats.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`),
  );
  return `${lines.join('\n')}\n`;
}

function renderItem(
  item: ItemResult,
  paint: Record<Status, Paint>,
  dim: Paint,
  verbose: boolean,
): string[] {
  const label = paint[item.status](STATUS_LABEL[item.status].padEnd(6));
  const waived = item.waived ? ` ${dim(`(${waiverTag(item.waived)})`)}` : '';
  const lines = [`  ${label} ${item.title} ${dim(item.id)}${waived}`];
  if (item.status === 'pass' && !verbose) return lines;

  lines.push(`         ${oneLine(item.summary)}`);
  for (const check of item.checks) {
    if (check.status === 'pass' && !verbose) continue;
    lines.push(...renderEvidence(check, dim));
  }
  return lines;
}

function renderEvidence(check: CheckResult, dim: Paint): string[] {
  const lines = check.evidence.slice(0, 5).map((evidence) => {
    const where = evidence.location
      ? ` ${dim(`${evidence.location.file}${evidence.location.line ? `:${evidence.location.line}` : ''}`)}`
      : '';
    return `         - ${oneLine(evidence.message)}${where}`;
  });
  if (check.evidence.length > 5) lines.push(`         - and ${check.evidence.length - 5} more`);
  if (check.remediation) lines.push(dim(`         fix: ${oneLine(check.remediation, 200)}`));
  if (check.waived) {
    lines.push(dim(`         ${waiverTag(check.waived)}: ${oneLine(check.waived.reason, 200)}`));
  }
  return lines;
}
