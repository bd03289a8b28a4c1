import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type Document, isMap, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ShipshapeConfig } from './config-schema.js';
import { UsageError } from './errors.js';

export const CONFIG_NAMES = ['shipshape.yaml', 'shipshape.yml'] as const;

export type ConfigPath = readonly PropertyKey[];

export interface LoadedConfig {
  config: ShipshapeConfig;
  /** The file it came from, or null for the defaults. */
  file: string | null;
  /** `FILE:LINE: key` for a key of the file, as an error message starts; the key alone without a file. */
  where: (path: ConfigPath) => string;
}

/** The file each loaded configuration came from: the object stays the schema's own shape. */
const loadedFrom = new WeakMap<ShipshapeConfig, string>();

/** The configuration file `config` was read from, when it came from one (see loadConfig). */
export function configFileOf(config: ShipshapeConfig): string | undefined {
  return loadedFrom.get(config);
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
  if (file === null) return { config: configSchema.parse({}), file: null, where: formatKey };

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(
      `${file}: cannot read the configuration file; check the path given with --config`,
    );
  }

  const { config, where } = parseConfig(text, file);
  const folder = dirname(file);
  if (config.project !== undefined) config.project = resolve(folder, config.project);
  resolveHostPaths(config.host, folder);
  loadedFrom.set(config, resolve(file));
  return { config, file, where };
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
  return parseConfig(text, file).config;
}

function parseConfig(
  text: string,
  file: string,
): { config: ShipshapeConfig; where: LoadedConfig['where'] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const invalid = (line: number, problem: string, fix = 'fix the syntax') =>
    new UsageError(`${file}:${line}: invalid YAML (${problem}); ${fix}`);

  const syntax = document.errors[0];
  if (syntax?.code === 'MULTIPLE_DOCS') {
    throw invalid(
      lineAt(syntax.pos[0]),
      'the file holds several YAML documents, separated by ---; shipshape reads one',
      'keep one document and remove the --- line',
    );
  }
  if (syntax) throw invalid(lineAt(syntax.pos[0]), firstLine(syntax.message));

  let data: unknown;
  try {
    data = document.toJS() ?? {};
  } catch (error) {
    // Aliases are resolved here, after parsing: an alias without its anchor, or too many.
    const message = error instanceof Error ? error.message : String(error);
    const line = lineAt(aliasOffset(document));
    if (message.startsWith('Excessive alias count')) {
      throw invalid(line, 'its aliases expand to too much data', 'use fewer aliases (*name)');
    }
    if (message.startsWith('Unresolved alias')) {
      throw invalid(
        line,
        firstLine(message),
        'set the anchor (&name) before the alias (*name) that uses it',
      );
    }
    throw invalid(line, firstLine(message));
  }

  const where = (path: ConfigPath) =>
    `${file}:${lineOf(document, path, lineCounter)}: ${formatKey(path)}`;
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return { config: parsed.data, where };

  const issue = parsed.error.issues[0]!;
  if (issue.code === 'invalid_type' && isMissing(data, issue.path)) {
    // A missing key is reported at its parent, which is where it is to be added.
    const key = String(issue.path.at(-1));
    throw new UsageError(
      `${where(issue.path.slice(0, -1))}: ${key} is missing; add ${key}: ${placeholder(key, issue.expected)}`,
    );
  }
  // An unknown key is reported on its own line, not its parent's.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  throw new UsageError(
    `${file}:${lineOf(document, path, lineCounter)}: ${formatKey(issue.path)}: ${describeIssue(issue)}`,
  );
}

/** `waivers[0].id`; `(top level)` for the file itself. */
export function formatKey(path: ConfigPath): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** The offending alias: the first whose anchor is not set before it, else the first of all. */
function aliasOffset(document: Document): number {
  let first: number | undefined;
  let unresolved: number | undefined;
  visit(document, {
    Alias(_key, node) {
      const offset = node.range?.[0] ?? 0;
      first ??= offset;
      if (node.resolve(document) === undefined) {
        unresolved = offset;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return unresolved ?? first ?? 0;
}

/** True when the path's last key is absent from an object that is there. */
function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  let node = data;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  return (node as Record<PropertyKey, unknown>)[path.at(-1)!] === undefined;
}

const PLACEHOLDERS: Record<string, string> = {
  expires: 'YYYY-MM-DD',
  reason: 'why the result is accepted for now',
  id: 'an item or check id such as headers.csp',
  path: '/api/v1/...',
  port: '5432',
  service: 'postgres',
};

function placeholder(key: string, expected: string): string {
  return PLACEHOLDERS[key] ?? `<${expected}>`;
}

function lineOf(document: Document, path: ConfigPath, lineCounter: LineCounter): number {
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
