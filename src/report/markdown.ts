import type { Evidence, ItemResult, Report } from '../core/types.js';
import { oneLine, STATUS_LABEL, summaryCounts, waiverNotes, waiverTag } from './glyphs.js';

/**
 * The checklist filled in: one task item per checklist item, ticked only when it passed,
 * with its status, one line of evidence and, when it failed or warned, one line per fix.
 */
export function renderMarkdown(report: Report): string {
  const lines = [
    '# Production deployment security checklist',
    '',
    `Scanned by shipshape ${report.tool.version} on ${report.startedAt}.`,
    '',
    `- Project: ${report.target.project === null ? '(none)' : `\`${report.target.project}\``}`,
    `- URL: ${report.target.url === null ? '(none)' : report.target.url}`,
    `- Result: ${summaryCounts(report.stats.items)}; ${report.stats.requests} requests.`,
  ];

  report.sections.forEach((section, index) => {
    const items = report.items.filter((item) => item.section === section.id);
    lines.push('', `## ${index + 1}. ${escapeMarkdown(section.title)}`, '');
    for (const item of items) lines.push(...renderItem(item));
  });

  const notes = waiverNotes(report.waivers);
  if (notes.length > 0)
    lines.push('', '## Waivers', '', ...notes.map((note) => `- ${escapeMarkdown(note)}`));
  return `${lines.join('\n')}\n`;
}

function renderItem(item: ItemResult): string[] {
  const box = item.status === 'pass' ? '[x]' : '[ ]';
  const waived = item.waived ? ` (${waiverTag(item.waived)})` : '';
  const lines = [
    `- ${box} **${escapeMarkdown(item.title)}** \`${item.id}\` — ${STATUS_LABEL[item.status]}${waived}`,
    `  <br>${escapeMarkdown(oneLine(item.summary, 300))}`,
  ];
  const evidence = leadEvidence(item);
  if (evidence && item.status !== 'pass') {
    const where = evidence.location
      ? ` (${evidence.location.file}${evidence.location.line ? `:${evidence.location.line}` : ''})`
      : '';
    lines.push(
      `  <br>Evidence: ${escapeMarkdown(oneLine(evidence.message, 300))}${escapeMarkdown(where)}`,
    );
  }
  for (const fix of fixesOf(item)) {
    lines.push(`  <br>Fix: ${escapeMarkdown(oneLine(fix, Number.POSITIVE_INFINITY))}`);
  }
  return lines;
}

/**
 * The first evidence of the checks that decided the item, preferring an entry marked with the
 * item's status: a failing item must not lead with the one key that was fine.
 */
function leadEvidence(item: ItemResult): Evidence | undefined {
  const deciding = item.checks.filter((check) => check.status === item.status);
  const evidence = (deciding.length > 0 ? deciding : item.checks).flatMap(
    (check) => check.evidence,
  );
  return (
    evidence.find((entry) => entry.status === item.status) ??
    evidence.find((entry) => entry.status === undefined) ??
    evidence.at(0)
  );
}

/** The fixes of the checks that failed or warned, each once: several checks may share one. */
function fixesOf(item: ItemResult): string[] {
  if (item.status !== 'fail' && item.status !== 'warn') return [];
  const fixes = item.checks
    .filter((check) => check.status === 'fail' || check.status === 'warn')
    .flatMap((check) => (check.remediation ? [check.remediation] : []));
  return [...new Set(fixes)];
}

/** Keeps target-controlled text from turning into links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (char) => `\\${char}`);
}
