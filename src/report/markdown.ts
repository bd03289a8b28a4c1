import type { Evidence, ItemResult, Report } from '../core/types.js';
import { oneLine, STATUS_LABEL, summaryCounts, waiverNotes, waiverTag } from './glyphs.js';

/**
 * The checklist filled in: one task item per checklist item, ticked only when it passed,
 * with its status, the evidence of the checks that decided it (up to MARKDOWN_EVIDENCE_LIMIT
 * lines, each with its place) and, when it failed or warned, one line per fix.
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

/** Evidence lines listed per item; the rest are counted. */
export const MARKDOWN_EVIDENCE_LIMIT = 10;

function renderItem(item: ItemResult): string[] {
  const box = item.status === 'pass' ? '[x]' : '[ ]';
  const waived = item.waived ? ` (${waiverTag(item.waived)})` : '';
  const evidence = item.status === 'pass' ? [] : evidenceOf(item);
  // Evidence that says what the summary says is shown once: its place goes on the summary.
  const same = evidence.find((entry) => entry.message === item.summary);
  const listed = evidence.filter((entry) => entry.message !== item.summary);
  const lines = [
    `- ${box} **${escapeMarkdown(item.title)}** \`${item.id}\` — ${STATUS_LABEL[item.status]}${waived}`,
    `  <br>${escapeMarkdown(oneLine(item.summary, 300))}${placeOf(same)}`,
  ];
  for (const entry of listed.slice(0, MARKDOWN_EVIDENCE_LIMIT)) {
    lines.push(`  <br>Evidence: ${escapeMarkdown(oneLine(entry.message, 300))}${placeOf(entry)}`);
  }
  if (listed.length > MARKDOWN_EVIDENCE_LIMIT) {
    lines.push(`  <br>Evidence: and ${listed.length - MARKDOWN_EVIDENCE_LIMIT} more`);
  }
  for (const fix of fixesOf(item)) {
    lines.push(`  <br>Fix: ${escapeMarkdown(oneLine(fix, Number.POSITIVE_INFINITY))}`);
  }
  return lines;
}

/** ` (file:line)`, escaped, or nothing for evidence without a place. */
function placeOf(evidence: Evidence | undefined): string {
  const location = evidence?.location;
  if (!location) return '';
  return escapeMarkdown(` (${location.file}${location.line ? `:${location.line}` : ''})`);
}

/**
 * The evidence of the checks that decided the item, problems first: entries marked with the
 * item's status, then unmarked ones, then the rest (a failing item must not lead with the one
 * key that was fine). Each distinct line once: a check bound twice says the same thing twice.
 */
function evidenceOf(item: ItemResult): Evidence[] {
  const deciding = item.checks.filter((check) => check.status === item.status);
  const evidence = (deciding.length > 0 ? deciding : item.checks).flatMap(
    (check) => check.evidence,
  );
  const rank = (entry: Evidence) =>
    entry.status === item.status ? 0 : entry.status === undefined ? 1 : 2;
  const seen = new Set<string>();
  return evidence
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => rank(a.entry) - rank(b.entry) || a.index - b.index)
    .map(({ entry }) => entry)
    .filter((entry) => {
      const key = JSON.stringify([entry.message, entry.location?.file, entry.location?.line]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
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
