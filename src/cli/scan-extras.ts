import { UsageError } from '../core/errors.js';
import type { FailOn } from '../core/gate.js';
import type { ItemResult, Report } from '../core/types.js';
import { productionWeb } from '../profiles/production-web.js';
import { resolveConfig, type ScanOptions } from '../scan.js';
import {
  describeFill,
  fill,
  type LoadedChecklist,
  loadChecklist,
  writeChecklist,
} from './checklist.js';
import type { Io, PlannedOutput } from './main.js';
import { createProgress, type Progress } from './progress.js';

/** What the formats need besides the report. */
export interface RenderContext {
  failOn: FailOn;
  /** The team's checklist, filled: the Markdown format's text when --checklist was given. */
  checklist?: string;
  /** The filled checklist could not be written in place (--write); the reports still are. */
  checklistUnwritten?: boolean;
}

/** The parts of `scan` that sit around the scan itself: the checklist and the progress line. */
export interface ScanExtras {
  checklist: LoadedChecklist | null;
  write: boolean;
  progress: Progress | null;
  onItem?: (item: ItemResult) => void;
}

interface ExtraOptions {
  project?: string;
  config?: string;
  checklist?: string;
  write?: boolean;
  debug?: boolean;
}

/** Reads the checklist before any probe goes, so that a bad file costs nothing. */
export function startScan(
  options: ExtraOptions,
  outputs: readonly PlannedOutput[],
  io: Io,
): ScanExtras {
  const checklist = options.checklist === undefined ? null : readChecklist(options, outputs);
  if (options.write && checklist === null) {
    throw new UsageError('--write: give the checklist to fill with --checklist FILE.md');
  }
  // Debug lines would tear a progress line apart: one or the other.
  const progress = io.progress && !options.debug ? createProgress(productionWeb, io.stderr) : null;
  return {
    checklist,
    write: options.write ?? false,
    progress,
    ...(progress ? { onItem: (item: ItemResult) => progress.onItem(item) } : {}),
  };
}

/** Fills the checklist and writes it in place when asked; says on stderr what it did. */
export function finishScan(
  extras: ScanExtras,
  report: Report,
  failOn: FailOn,
  io: Io,
): RenderContext {
  extras.progress?.done();
  if (extras.checklist === null) return { failOn };

  const filled = fill(extras.checklist, report);
  io.stderr(`shipshape: ${describeFill(extras.checklist.file, filled)}\n`);
  if (extras.write) {
    try {
      writeChecklist(extras.checklist.file, filled.text);
    } catch (error) {
      // The scan's results are not lost to it: the reports are written all the same.
      io.stderr(`shipshape: ${(error as Error).message}; the reports are written as asked\n`);
      return { failOn, checklist: filled.text, checklistUnwritten: true };
    }
  }
  return { failOn, checklist: filled.text };
}

function readChecklist(options: ExtraOptions, outputs: readonly PlannedOutput[]): LoadedChecklist {
  const file = options.checklist!;
  if (!options.write && !outputs.some((output) => output.format === 'markdown')) {
    throw new UsageError(
      `--checklist: say where the filled checklist goes: --write to fill ${file} in place, or --output FILE.md`,
    );
  }
  const config = resolveConfig({
    ...(options.project !== undefined ? { project: options.project } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
  });
  return loadChecklist(file, config.checklist.bindings, productionWeb);
}

/** The flags `scan` and `monitor` share, as the command line gives them. */
export interface TargetFlags {
  project?: string;
  url?: string;
  config?: string;
  ca?: string;
  databaseUrl?: string;
  passive?: true;
}

/** The scan's options from those flags: only the ones given, so the configuration decides the rest. */
export function targetOptions(flags: TargetFlags): ScanOptions {
  return {
    ...(flags.project !== undefined ? { project: flags.project } : {}),
    ...(flags.url !== undefined ? { url: flags.url } : {}),
    ...(flags.config !== undefined ? { config: flags.config } : {}),
    ...(flags.ca !== undefined ? { ca: flags.ca } : {}),
    ...(flags.databaseUrl !== undefined ? { databaseUrl: flags.databaseUrl } : {}),
    passive: flags.passive ?? false,
  };
}
