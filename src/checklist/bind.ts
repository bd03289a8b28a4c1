import type { Profile } from '../core/types.js';
import { type BoundTask, MANUAL } from './bindings.js';
import { applyEdits } from './edit.js';
import { Matcher, MIN_SCORE } from './match.js';
import type { Checklist, ChecklistTask } from './parse.js';

export interface Proposal {
  task: ChecklistTask;
  /** An item id, or `manual` when no item matches well enough. */
  itemId: string;
  score: number;
}

/**
 * A binding for each unbound task: the best-matching item, taken at most once among the tasks
 * under one heading (a list rarely asks the same thing twice), or `manual` below MIN_SCORE.
 */
export function proposeBindings(bound: readonly BoundTask[], profile: Profile): Proposal[] {
  const matcher = new Matcher(profile);
  const groups = new Map<string, BoundTask[]>();
  for (const entry of bound) {
    const key = entry.task.headings.join('\n');
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()]
    .flatMap((group) => proposeInGroup(group, matcher))
    .sort((a, b) => a.task.line - b.task.line);
}

function proposeInGroup(group: readonly BoundTask[], matcher: Matcher): Proposal[] {
  const taken = new Set(group.flatMap((entry) => entry.ids ?? []));
  const open = group.filter((entry) => entry.ids === null).map((entry) => entry.task);
  const candidates = open
    .flatMap((task) =>
      matcher
        .rank(task.text, task.headings.at(-1))
        .filter((match) => match.score >= MIN_SCORE)
        .map((match) => ({ task, ...match })),
    )
    .sort((a, b) => b.score - a.score || a.task.line - b.task.line);

  const proposals = new Map<ChecklistTask, Proposal>();
  for (const candidate of candidates) {
    if (proposals.has(candidate.task) || taken.has(candidate.itemId)) continue;
    proposals.set(candidate.task, candidate);
    taken.add(candidate.itemId);
  }
  return open.map((task) => proposals.get(task) ?? { task, itemId: MANUAL, score: 0 });
}

/** The file with a `<!-- shipshape: id -->` comment after the text of each proposed task. */
export function writeBindings(checklist: Checklist, proposals: readonly Proposal[]): string {
  return applyEdits(
    checklist.source,
    proposals.map(({ task, itemId }) => ({
      start: task.textEnd,
      end: task.textEnd,
      text: ` <!-- shipshape: ${itemId} -->`,
    })),
  );
}
