import { readFileSync, writeFileSync } from 'node:fs';
import { type BoundTask, resolveBindings } from '../checklist/bindings.js';
import { type FilledChecklist, fillChecklist } from '../checklist/fill.js';
import { type Checklist, parseChecklist } from '../checklist/parse.js';
import { UsageError } from '../core/errors.js';
import type { Profile, Report } from '../core/types.js';
import { summaryCounts } from '../report/glyphs.js';

/** A team's checklist read before the scan, so that a bad file fails before any probe goes. */
export interface LoadedChecklist {
  file: string;
  checklist: Checklist;
  bound: BoundTask[];
}

/**
 * The Markdown parser slows down more than linearly on some large inputs (seconds at a few
 * hundred kilobytes); real checklists are a few kilobytes.
 */
export const MAX_CHECKLIST_CHARS = 256 * 1024;

export function loadChecklist(
  file: string,
  table: Readonly<Record<string, string>>,
  profile: Profile,
  flag = '--checklist',
): LoadedChecklist {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`${flag}: cannot read ${file} (${code}); give a Markdown checklist file`);
  }
  if (source.length > MAX_CHECKLIST_CHARS) {
    throw new UsageError(
      `${flag}: ${file} holds ${source.length} characters, more than the ${MAX_CHECKLIST_CHARS} a checklist may; give the checklist itself, not a whole document`,
    );
  }
  const checklist = parseChecklist(source);
  if (checklist.tasks.length === 0) {
    throw new UsageError(
      `${flag}: ${file} has no task items ("- [ ] ..."); give a Markdown checklist`,
    );
  }
  return { file, checklist, bound: resolveBindings(checklist, table, profile, file) };
}

export function fill(loaded: LoadedChecklist, report: Report): FilledChecklist {
  return fillChecklist(loaded.checklist, loaded.bound, report);
}

export function writeChecklist(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--write: cannot write ${file} (${code})`);
  }
}

/** One line for stderr: what the scan did to the checklist. */
export function describeFill(file: string, filled: FilledChecklist): string {
  const total = filled.bound + filled.unbound;
  return `${file}: ${total} items, ${filled.bound} bound (${filled.ticked} ticked), ${filled.unbound} unbound (counted as manual); ${summaryCounts(filled.counts)}`;
}
