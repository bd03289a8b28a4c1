import type { PhrasingContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import { emptyCounts, rollUp } from '../core/status.js';
import type { ItemResult, Report, Status, StatusCounts } from '../core/types.js';
import { oneLine, STATUS_LABEL, waiverTag } from '../report/glyphs.js';
import { type BoundTask, MANUAL } from './bindings.js';
import { applyEdits, type Edit } from './edit.js';
import { type Checklist, EVIDENCE_MARK } from './parse.js';

export interface FilledChecklist {
  text: string;
  /** Every task by the status it was filled with; an unbound task counts as manual. */
  counts: StatusCounts;
  bound: number;
  unbound: number;
  ticked: number;
}

/**
 * Ticks each bound task whose items all passed, unticks the others, and writes one evidence
 * line under each (replacing the line an earlier fill wrote). Unbound tasks stay as they are.
 * Only the box and the evidence line change: every other byte of the file is kept.
 */
export function fillChecklist(
  checklist: Checklist,
  bound: readonly BoundTask[],
  report: Report,
): FilledChecklist {
  const items = new Map(report.items.map((item) => [item.id, item]));
  const counts = emptyCounts();
  const edits: Edit[] = [];
  let ticked = 0;

  for (const { task, ids } of bound) {
    if (ids === null) {
      counts.manual += 1;
      continue;
    }
    const results = ids
      .filter((id) => id !== MANUAL)
      .map((id) => items.get(id))
      .filter((item) => item !== undefined);
    const status: Status =
      results.length === 0 ? 'manual' : rollUp(results.map((item) => item.status));
    const tick = results.length > 0 && results.every((item) => item.status === 'pass');
    counts[status] += 1;
    if (tick) ticked += 1;

    edits.push({ start: task.markOffset, end: task.markOffset + 1, text: tick ? 'x' : ' ' });
    const line = `${task.childPrefix}${task.evidenceBullet} ${evidenceLine(ids, results, status)} ${EVIDENCE_MARK}`;
    edits.push(
      task.evidence
        ? { ...task.evidence, text: line }
        : { start: task.textLineEnd, end: task.textLineEnd, text: `${checklist.eol}${line}` },
    );
  }

  const unbound = bound.filter((entry) => entry.ids === null).length;
  return {
    text: applyEdits(checklist.source, edits),
    counts,
    bound: bound.length - unbound,
    unbound,
    ticked,
  };
}

/** One line: the status, the item ids, and the deciding item's summary, escaped as Markdown. */
function evidenceLine(
  ids: readonly string[],
  results: readonly ItemResult[],
  status: Status,
): string {
  const deciding = results.find((item) => item.status === status);
  const summary = deciding
    ? `${deciding.summary}${locationOf(deciding)}`
    : 'No check decides this: a person confirms it by hand.';
  const waived = deciding?.waived ? ` (${waiverTag(deciding.waived)})` : '';
  const content: PhrasingContent[] = [
    { type: 'strong', children: [{ type: 'text', value: `${STATUS_LABEL[status]}${waived}` }] },
    { type: 'text', value: ' ' },
    { type: 'inlineCode', value: ids.join(', ') },
    { type: 'text', value: `: ${oneLine(summary, 240)}` },
  ];
  const markdown = toMarkdown(
    { type: 'paragraph', children: content },
    { extensions: [gfmToMarkdown()] },
  );
  return markdown.trim().replace(/\s*\n\s*/g, ' ');
}

function locationOf(item: ItemResult): string {
  const located = item.checks.flatMap((check) => [
    check.location,
    ...check.evidence.map((evidence) => evidence.location),
  ]);
  const location = located.find((entry) => entry !== undefined);
  if (!location) return '';
  return ` (${location.file}${location.line === undefined ? '' : `:${location.line}`})`;
}
