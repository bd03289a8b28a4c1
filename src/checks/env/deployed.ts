import type { Evidence, Finding, Location } from '../../core/types.js';
import type { EnvEntry, EnvFile, EnvFileSet } from '../../gather/env.js';

/** One key of one env file, with where it is. */
export interface Located {
  file: EnvFile;
  entry: EnvEntry;
}

/** The skip every env check returns while no deployed env file is known, or null. */
export function noDeploymentFinding(envFiles: EnvFileSet): Finding | null {
  if (envFiles.deployment.length > 0) return null;

  const templates = envFiles.templates.map((file) => file.path);
  const others = envFiles.otherEnvironments;
  const found = [
    templates.length > 0 ? `templates ${listed(templates)}` : '',
    others.length > 0 ? `files of other environments ${listed(others)}` : '',
  ].filter((part) => part !== '');
  const seen =
    found.length > 0 ? `, only ${found.join(' and ')}, which hold no deployment values` : '';
  return {
    status: 'skip',
    message:
      `No deployed env file was found${seen}. Name the deployed env file with env.files in ` +
      "shipshape.yaml, e.g. env: { files: ['.env.production'] }.",
  };
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

export function locatedEntries(files: readonly EnvFile[]): Located[] {
  return files.flatMap((file) => file.entries.map((entry) => ({ file, entry })));
}

export function locationOf({ file, entry }: Located): Location {
  return entry.line === undefined ? { file: file.path } : { file: file.path, line: entry.line };
}

/** `backend/.env:12`, for messages. */
export function placeOf(located: Located): string {
  const { file, line } = locationOf(located);
  return line === undefined ? file : `${file}:${line}`;
}

export function evidenceAt(located: Located, message: string): Evidence {
  return { message, location: locationOf(located) };
}

/** The deployed files' paths, for messages. */
export function deployedNames(envFiles: EnvFileSet): string {
  return envFiles.deployment.map((file) => file.path).join(', ');
}

/** A key whose value comes from variables no deployed file sets: a person must look. */
export function unresolvedOutcome(located: Located, unresolved: readonly string[]): Outcome {
  const names = unresolved.join(', ');
  const place = `${located.entry.key} at ${placeOf(located)}`;
  const message = `${place} is taken from ${names}, which no deployed env file sets.`;
  return { status: 'manual', evidence: evidenceAt(located, message) };
}

const BRACED_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g;

export interface ResolvedValue {
  value: string;
  /** Variables referred to that no deployed env file in the same folder sets. */
  unresolved: string[];
}

/**
 * Expands `${NAME}` and `${NAME:-default}` from the same file, then from the other deployed
 * files of its folder, as docker compose and dotenv-expand would. One level only: a reference
 * inside a referenced value stays as it is.
 */
export function resolveValue(located: Located, envFiles: EnvFileSet): ResolvedValue {
  const unresolved: string[] = [];
  const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(located.entry.value.trim());
  const source = whole ? `\${${whole[1]}}` : located.entry.value;

  const value = source.replace(BRACED_REFERENCE, (text, name: string, fallback?: string) => {
    const found = lookUp(name, located.file, envFiles);
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    unresolved.push(name);
    return text;
  });
  return { value, unresolved };
}

function lookUp(name: string, file: EnvFile, envFiles: EnvFileSet): string | undefined {
  const own = file.entries.find((entry) => entry.key === name);
  if (own) return own.value;
  const folder = folderOf(file.path);
  const neighbours = envFiles.deployment.filter(
    (other) => other !== file && folderOf(other.path) === folder,
  );
  for (const other of neighbours) {
    const entry = other.entries.find((candidate) => candidate.key === name);
    if (entry) return entry.value;
  }
  return undefined;
}

export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export type OutcomeStatus = 'pass' | 'warn' | 'fail' | 'manual';

/** What a check concluded about one key, with the evidence for it. */
export interface Outcome {
  status: OutcomeStatus;
  evidence: Evidence;
}

/** The worst status among outcomes: fail, then warn, then manual, else pass. */
export function worstOf(statuses: readonly OutcomeStatus[]): OutcomeStatus {
  for (const status of ['fail', 'warn', 'manual'] as const) {
    if (statuses.includes(status)) return status;
  }
  return 'pass';
}

/** An outcome's evidence, marked with what it shows on its own (a problem, or a sound key). */
export function judgedEvidence(outcome: Outcome): Evidence {
  return { ...outcome.evidence, status: outcome.status };
}

/** A finding from per-key outcomes: the first of the worst status leads the message. */
export function decide(outcomes: readonly Outcome[], passMessage: string): Finding {
  const status = worstOf(outcomes.map((outcome) => outcome.status));
  const evidence = outcomes.map(judgedEvidence);
  if (status === 'pass') return { status, message: passMessage, evidence };

  const deciding = outcomes.filter((outcome) => outcome.status === status);
  const lead = deciding[0]!.evidence;
  const more =
    deciding.length > 1 ? ` (and ${deciding.length - 1} more, listed in the evidence)` : '';
  // "X is a placeholder (and 1 more, ...)." rather than "X is a placeholder. (and 1 more ...)".
  const message = more === '' ? lead.message : `${lead.message.replace(/\.$/, '')}${more}.`;
  return {
    status,
    message,
    evidence,
    ...(lead.location ? { location: lead.location } : {}),
  };
}
