import { EVENT_KINDS, type EventKind, KIND_LABEL_ONE, KIND_LABELS } from './classify.js';
import type { FileSummary, LogSummary } from './summarise.js';

export const LOG_FORMATS = ['text', 'markdown', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function renderLogSummary(summary: LogSummary, format: LogFormat): string {
  if (format === 'json') return `${JSON.stringify(summary, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(summary) : renderText(summary);
}

/** `1 event`, `2 events`: a count and its noun, singular for one. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** `line 14` or `lines 3, 7, ...`: where the first malformed lines of a file are. */
export function malformedLines(file: FileSummary): string {
  const more = file.malformed > file.malformedAt.length ? ', ...' : '';
  return `${file.malformed === 1 ? 'line' : 'lines'} ${file.malformedAt.join(', ')}${more}`;
}

function fileLine(file: FileSummary): string {
  const parts = [plural(file.lines, 'line'), plural(file.events, 'event')];
  if (file.gzip) parts.push('gzip');
  if (file.malformed > 0) parts.push(`${file.malformed} malformed (${malformedLines(file)})`);
  if (file.overlong > 0) parts.push(`${file.overlong} cut at the line length limit`);
  if (file.before > 0) parts.push(`${file.before} of earlier days skipped`);
  if (file.problem) parts.push(`incomplete: ${file.problem}`);
  return `${file.file}: ${parts.join(', ')}`;
}

function kindsOf(counts: Partial<Record<EventKind, number>>): string {
  return (
    EVENT_KINDS.filter((kind) => (counts[kind] ?? 0) > 0)
      .map((kind) => `${counts[kind]} ${(counts[kind] === 1 ? KIND_LABEL_ONE : KIND_LABELS)[kind]}`)
      .join(', ') || 'none'
  );
}

function precisionNote(summary: LogSummary): string[] {
  if (summary.clientCountError === 0) return [];
  return [
    `Counts per address are lower bounds (short by at most ${summary.clientCountError}): too many addresses to count each exactly.`,
  ];
}

function totalLine(summary: LogSummary): string {
  const events = plural(summary.events, 'event');
  const lines = plural(summary.lines, 'line');
  if (summary.since === undefined) return `${events} in ${lines}`;
  return `${events} from ${summary.since} on, in ${lines} (${summary.before} of earlier days skipped)`;
}

function renderText(summary: LogSummary): string {
  const lines = ['Security events', ''];
  lines.push(...summary.files.map(fileLine), '');
  lines.push(`${totalLine(summary)}: ${kindsOf(summary.byKind)}`, '');
  if (summary.byDay.length > 0) {
    lines.push('By day:');
    for (const { day, counts } of summary.byDay) lines.push(`  ${day}  ${kindsOf(counts)}`);
    lines.push('');
  }
  if (summary.topClients.length > 0) {
    lines.push('Top client addresses:');
    for (const client of summary.topClients)
      lines.push(
        `  ${client.address.padEnd(39)} ${String(client.events).padStart(7)}  ${kindsOf(client.byKind)}`,
      );
    lines.push('');
  }
  lines.push(...blockLines(summary, '  '), ...precisionNote(summary));
  return `${lines.join('\n').trimEnd()}\n`;
}

function blockLines(summary: LogSummary, indent: string): string[] {
  const lines: string[] = [];
  if (summary.blocks.length === 0) {
    lines.push(`No address reached ${plural(summary.threshold, 'security event')}.`);
  } else {
    lines.push(
      `Addresses with ${summary.threshold} or more security events; to block one (printed, not run):`,
    );
    for (const block of summary.blocks) {
      lines.push(
        `${indent}# ${block.address}: ${plural(block.events, 'event')}`,
        `${indent}${block.ufw}`,
        `${indent}${block.nginx}    # nginx, in the server block`,
      );
    }
  }
  lines.push(...internalLines(summary));
  return lines;
}

function internalLines(summary: LogSummary): string[] {
  return summary.internalOverThreshold.map(
    (internal) =>
      `${internal.address} (${plural(internal.events, 'event')}) is a loopback or private address, likely a proxy: log the client address (X-Forwarded-For) instead of blocking it.`,
  );
}

function renderMarkdown(summary: LogSummary): string {
  const lines = [
    '# Security events',
    '',
    ...summary.files.map((file) => `- ${fileLine(file)}`),
    '',
  ];
  lines.push(`${totalLine(summary).replace(/^(\d+ events?)/, '**$1**')}.`, '');
  lines.push(`| day | ${EVENT_KINDS.map((kind) => KIND_LABELS[kind]).join(' | ')} |`);
  lines.push(`|---|${EVENT_KINDS.map(() => '---:').join('|')}|`);
  for (const { day, counts } of summary.byDay)
    lines.push(`| ${day} | ${EVENT_KINDS.map((kind) => counts[kind]).join(' | ')} |`);
  lines.push(
    `| **total** | ${EVENT_KINDS.map((kind) => `**${summary.byKind[kind]}**`).join(' | ')} |`,
    '',
  );
  if (summary.topClients.length > 0) {
    lines.push('## Top client addresses', '', '| address | events | kinds |', '|---|---:|---|');
    for (const client of summary.topClients)
      lines.push(`| \`${client.address}\` | ${client.events} | ${kindsOf(client.byKind)} |`);
    lines.push('');
  }
  lines.push('## Blocking', '');
  if (summary.blocks.length === 0) {
    lines.push(`No address reached ${plural(summary.threshold, 'security event')}.`, '');
  } else {
    lines.push(
      `Addresses with ${summary.threshold} or more security events. These commands are printed, never run:`,
      '',
      '```sh',
    );
    for (const block of summary.blocks)
      lines.push(
        `# ${block.address}: ${plural(block.events, 'event')}`,
        block.ufw,
        `# nginx, in the server block: ${block.nginx}`,
      );
    lines.push('```', '');
  }
  lines.push(...internalLines(summary), ...precisionNote(summary));
  return `${lines.join('\n').trimEnd()}\n`;
}
