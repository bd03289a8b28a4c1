import type { Evidence, Finding } from '../core/types.js';

/** Evidence lines shown per check; the message says how many there were in all. */
export const MAX_EVIDENCE = 200;

export interface PlaceLike {
  file: string;
  line?: number;
}

/** `app/main.py:12` */
export function where(place: PlaceLike): string {
  return place.line === undefined ? place.file : `${place.file}:${place.line}`;
}

export function evidenceAt(message: string, place: PlaceLike): Evidence {
  const location =
    place.line === undefined ? { file: place.file } : { file: place.file, line: place.line };
  return { message, location };
}

/** At most MAX_EVIDENCE lines, with a last line that says how many were left out. */
export function capped(evidence: Evidence[], max = MAX_EVIDENCE): Evidence[] {
  if (evidence.length <= max) return evidence;
  return [...evidence.slice(0, max), { message: `... and ${evidence.length - max} more` }];
}

/** `1 file`, `3 files` */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A check that reads source code says so when there is none: it was not given. */
export function noSourceFinding(source: { filesScanned: number }): Finding | null {
  if (source.filesScanned > 0) return null;
  return {
    status: 'skip',
    message: 'The project has no Python, JavaScript or TypeScript source files to read.',
  };
}
