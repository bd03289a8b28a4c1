import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ShipshapeConfig } from './config-schema.js';
import { UsageError } from './errors.js';

export const CONFIG_NAMES = ['shipshape.yaml', 'shipshape.yml'] as const;

export interface LoadedConfig {
  config: ShipshapeConfig;
  /** The file it came from, or null for the defaults. */
  file: string | null;
}

/** The configuration file in the project folder, if there is one. */
export function findConfigFile(projectDir: string): string | null {
  for (const name of CONFIG_NAMES) {
    const candidate = join(projectDir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export function loadConfig(file: string | null): LoadedConfig {
  if (file === null) return { config: configSchema.parse({}), file: null };

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      `${file}: cannot read the configuration file; check the path given with --config`,
    );
  }

  const config = parseConfigText(text, file);
  const folder = dirname(file);
  if (config.project !== undefined) config.project = resolve(folder, config.project);
  resolveHostPaths(config.host, folder);
  return { config, file };
}

/**
 * The file's paths are taken from its folder, as `project` is. A relative security log or
 * backup folder names a file of this machine, not one under `host.root` (see onHost): it is
 * rewritten relative to the current folder, so that it stays relative and finds that file.
 */
function resolveHostPaths(host: ShipshapeConfig['host'], folder: string): void {
  host.root = resolve(folder, host.root);
  host.firewallOutputs = host.firewallOutputs.map((path) => resolve(folder, path));
  const local = (path: string) =>
    isAbsolute(path) ? path : relative(process.cwd(), resolve(folder, path)) || '.';
  host.securityLogs = host.securityLogs.map(local);
  if (host.backupFolder !== undefined) host.backupFolder = local(host.backupFolder);
}

/** Parses and validates YAML text; errors name the file, line and key, never the value. */
export function parseConfigText(text: string, file: string): ShipshapeConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  const syntax = document.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new UsageError(
      `${file}:${line}: invalid YAML (${firstLine(syntax.message)}); fix the syntax`,
    );
  }

  const data = document.toJS() ?? {};
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0]!;
  // An unknown key is reported on its own line, not its parent's.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const line = lineOf(document, path, lineCounter);
  const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new UsageError(`${file}:${line}: ${key}: ${describeIssue(issue)}`);
}

function lineOf(
  document: ReturnType<typeof parseDocument>,
  path: readonly PropertyKey[],
  lineCounter: LineCounter,
): number {
  // Walk down as far as the path exists: an unknown or missing key is reported at its parent.
  let node: unknown = document.contents;
  let offset = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown })?.value) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as { range?: [number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return lineCounter.linePos(offset).line;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove or correct ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_type':
      return `expected ${issue.expected}; change the value`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${String(issue.minimum)}`;
      if (issue.origin === 'string') {
        return `must be at least ${String(issue.minimum)} characters long`;
      }
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must list at most ${String(issue.maximum)}`;
      if (issue.origin === 'string') {
        return `must be at most ${String(issue.maximum)} characters long`;
      }
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}
