import { createColors } from 'picocolors';
import type { CheckResult, Evidence, ItemResult, Report, Status } from '../core/types.js';
import { oneLine, STATUS_LABEL, summaryCounts, waiverNotes, waiverTag } from './glyphs.js';

export interface TerminalOptions {
  color: boolean;
  /** Show every check's evidence, not only for items that did not pass. */
  verbose?: boolean;
  /**
   * The terminal's width in columns: long lines are wrapped to it. Without it (a pipe, a file)
   * lines are kept whole, for grep and for the reader's own pager.
   */
  width?: number;
}

type Paint = (text: string) => string;

/** Below this, wrapping leaves too little room beside the indent to be readable. */
const MIN_WIDTH = 40;
const INDENT = '         ';

interface Layout {
  paint: Record<Status, Paint>;
  dim: Paint;
  verbose: boolean;
  width: number | undefined;
}

/** The checklist for a person at a terminal, section by section, worst news visible first. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const colors = createColors(options.color);
  const layout: Layout = {
    paint: {
      pass: colors.green,
      fail: colors.red,
      warn: colors.yellow,
      error: colors.magenta,
      manual: colors.cyan,
      skip: colors.dim,
    },
    dim: colors.dim,
    verbose: options.verbose ?? false,
    width:
      options.width !== undefined && Number.isFinite(options.width) && options.width > 0
        ? Math.max(MIN_WIDTH, Math.floor(options.width))
        : undefined,
  };

  const lines: string[] = [];
  report.sections.forEach((section, index) => {
    lines.push('', colors.bold(`${index + 1}. ${section.title}`));
    for (const item of report.items.filter((entry) => entry.section === section.id)) {
      lines.push(...renderItem(item, layout));
    }
  });

  const notes = waiverNotes(report.waivers);
  for (const note of notes) {
    lines.push('', ...wrap(flat(note), '', '', layout.width).map((line) => colors.yellow(line)));
  }

  const counts = report.stats.items;
  lines.push(
    '',
    colors.bold(`${report.items.length} items: ${summaryCounts(counts)}`),
    colors.dim(`${report.stats.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s`),
  );
  return `${lines.join('\n')}\n`;
}

function renderItem(item: ItemResult, layout: Layout): string[] {
  const { paint, dim, verbose, width } = layout;
  const label = STATUS_LABEL[item.status].padEnd(6);
  const tag = item.waived ? ` (${waiverTag(item.waived)})` : '';
  const plain = `  ${label} ${item.title} ${item.id}${tag}`;
  const lines =
    width === undefined || plain.length <= width
      ? [`  ${paint[item.status](label)} ${item.title} ${dim(`${item.id}${tag}`)}`]
      : wrap(`${item.title} ${item.id}${tag}`, `  ${label} `, INDENT, width).map((line, index) =>
          index === 0 ? line.replace(label, paint[item.status](label)) : line,
        );
  if (item.status === 'pass' && !verbose) return lines;

  // Evidence that says what the summary says is shown once: its place goes on the summary.
  const shown = item.checks.filter((check) => check.status !== 'pass' || verbose);
  const same = shown.flatMap((check) => check.evidence).find((e) => e.message === item.summary);
  lines.push(...withPlace(wrap(flat(item.summary), INDENT, INDENT, width), same, layout));
  for (const check of shown) lines.push(...renderEvidence(check, layout, item.summary));
  return lines;
}

function placeOf(evidence: Evidence | undefined): string {
  const location = evidence?.location;
  if (!location) return '';
  return `${location.file}${location.line ? `:${location.line}` : ''}`;
}

/** The lines of a message, with the place of its evidence after the last, dimmed. */
function withPlace(message: string[], evidence: Evidence | undefined, layout: Layout): string[] {
  const where = placeOf(evidence);
  if (where === '') return message;
  const last = message.at(-1)!;
  const place = flat(where);
  if (layout.width === undefined || last.length + 1 + place.length <= layout.width) {
    return [...message.slice(0, -1), `${last} ${layout.dim(place)}`];
  }
  return [...message, ...wrap(place, `${INDENT}  `, `${INDENT}  `, layout.width).map(layout.dim)];
}

function renderEvidence(check: CheckResult, layout: Layout, summary: string): string[] {
  const { dim, width } = layout;
  const lines: string[] = [];
  const listed = check.evidence.filter((evidence) => evidence.message !== summary);
  for (const evidence of listed.slice(0, 5)) {
    const message = wrap(flat(evidence.message), `${INDENT}- `, `${INDENT}  `, width);
    lines.push(...withPlace(message, evidence, layout));
  }
  if (listed.length > 5) lines.push(`${INDENT}- and ${listed.length - 5} more`);
  if (check.remediation) {
    lines.push(...wrap(`fix: ${flat(check.remediation)}`, INDENT, `${INDENT}  `, width).map(dim));
  }
  if (check.waived) {
    const text = `${waiverTag(check.waived)}: ${flat(check.waived.reason)}`;
    lines.push(...wrap(text, INDENT, `${INDENT}  `, width).map(dim));
  }
  return lines;
}

/** Whole text on one line, with control characters made harmless. */
function flat(text: string): string {
  return oneLine(text, Number.POSITIVE_INFINITY);
}

/**
 * Text after `first` on its first line and `rest` on the others, broken at spaces to fit
 * `width` (a word longer than a line is cut); without a width, one line.
 */
export function wrap(text: string, first: string, rest: string, width?: number): string[] {
  if (width === undefined) return [`${first}${text}`];
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  const push = () => {
    lines.push(`${prefix}${line}`);
    prefix = rest;
    line = '';
  };
  for (const word of text.split(' ').filter((part) => part !== '')) {
    const room = width - prefix.length;
    if (line !== '' && line.length + 1 + word.length <= room) {
      line = `${line} ${word}`;
      continue;
    }
    if (line !== '') push();
    // Code points, so that a cut never splits a surrogate pair.
    let remaining = [...word];
    while (remaining.length > width - prefix.length) {
      const fits = Math.max(1, width - prefix.length);
      line = remaining.slice(0, fits).join('');
      remaining = remaining.slice(fits);
      push();
    }
    line = remaining.join('');
  }
  if (line !== '' || lines.length === 0) push();
  return lines;
}
