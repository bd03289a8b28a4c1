import { UsageError } from '../core/errors.js';
import type { Profile } from '../core/types.js';
import type { Checklist, ChecklistTask } from './parse.js';

/** A binding to no item: a person's task, which no check decides. */
export const MANUAL = 'manual';

export interface BoundTask {
  task: ChecklistTask;
  /** Item ids (or `manual`), or null when nothing binds the task. */
  ids: string[] | null;
  from: 'comment' | 'config' | null;
}

/**
 * Binds each task by its own comment, else by the configuration's table of task texts, and
 * rejects an id the profile does not have, naming the file and line.
 */
export function resolveBindings(
  checklist: Checklist,
  table: Readonly<Record<string, string>>,
  profile: Profile,
  file: string,
): BoundTask[] {
  const byText = new Map(Object.entries(table).map(([text, ids]) => [normaliseText(text), ids]));
  const known = new Set([MANUAL, ...profile.items.map((item) => item.id)]);

  return checklist.tasks.map((task) => {
    const configured = byText.get(normaliseText(task.text));
    const ids = task.binding ?? (configured === undefined ? null : splitIds(configured));
    for (const id of ids ?? []) {
      if (known.has(id)) continue;
      const where = task.binding ? `${file}:${task.line}` : `checklist.bindings "${task.text}"`;
      throw new UsageError(
        `${where}: no item is named "${id}"; use an item id such as env.production, or ${MANUAL}`,
      );
    }
    const from = task.binding ? 'comment' : ids ? 'config' : null;
    return { task, ids: ids && ids.length > 0 ? ids : null, from };
  });
}

export function splitIds(text: string): string[] {
  return text.split(/[\s,]+/).filter((id) => id !== '');
}

/** Task texts compare without case, surrounding space or runs of spaces. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}
