import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { NotGivenError } from '../core/errors.js';
import { defineGatherer } from '../core/registry.js';
import type { GatherContext } from '../core/types.js';
import { type EnvEntry, parseEnvText } from './env-parse.js';
import { MAX_FILE_BYTES } from './files.js';
import { isSecretKeyName, secretValuesOf } from './secret-values.js';

export type { EnvEntry } from './env-parse.js';

export type EnvFileRole = 'deployment' | 'template';

export interface EnvFile {
  /** Relative to the project folder with `/` separators, or absolute when outside it. */
  path: string;
  role: EnvFileRole;
  /** One entry per key, in line order. */
  entries: EnvEntry[];
}

export interface EnvFileSet {
  /** The files that hold the deployment's values. */
  deployment: EnvFile[];
  /** Files that list the expected keys: `.env.example`, `.env.sample`, `.env.template` ... */
  templates: EnvFile[];
  /** Env files of other environments (`.env.test`, `.env.development`): named, never read. */
  otherEnvironments: string[];
  /** Which lists were named in the configuration (`env.files`, `env.examples`). */
  configured: { files: boolean; examples: boolean };
}

declare module '../core/types.js' {
  interface Artifacts {
    envFiles: EnvFileSet;
  }
}

export type EnvFileKind = EnvFileRole | 'other';

// biome-ignore format: a packed word list reads better than one word a line
const TEMPLATE_WORDS = new Set([
  'example', 'examples', 'sample', 'template', 'tmpl', 'tpl', 'dist', 'defaults', 'default', 'skel',
]);

/** Names of environments other than production, and copies that no process loads. */
// biome-ignore format: a packed word list reads better than one word a line
const OTHER_WORDS = new Set([
  'test', 'testing', 'development', 'dev', 'develop', 'staging', 'stage', 'ci', 'e2e', 'qa', 'uat',
  'preview', 'demo', 'bak', 'backup', 'old', 'orig', 'save', 'swp', 'vault', 'keys',
]);

/** What an env file is by its name, or null for a file that is not an env file. */
export function envFileKind(fileName: string): EnvFileKind | null {
  const words = nameWords(fileName.toLowerCase());
  if (words === null) return null;

  if (words.some((word) => TEMPLATE_WORDS.has(word))) return 'template';
  if (words.some((word) => OTHER_WORDS.has(word))) return 'other';
  return 'deployment';
}

/** The words around `.env` in a name: `.env.production.local` and `prod.env` have two and one. */
function nameWords(name: string): string[] | null {
  if (name === '.env') return [];
  if (name.startsWith('.env.')) return name.slice('.env.'.length).split('.');
  if (name.endsWith('.env') && name.length > '.env'.length) {
    return name.slice(0, -'.env'.length).split(/[._-]/);
  }
  return null;
}

/** Folders of tests, fixtures and dev containers: their env files never reach production. */
// biome-ignore format: a packed word list reads better than one word a line
const NON_DEPLOYMENT_FOLDERS = new Set([
  'test', 'tests', '__tests__', 'spec', 'specs', 'testdata', 'test-data', 'fixtures',
  '__fixtures__', 'e2e', 'mocks', '__mocks__', 'cypress', 'playwright', '.devcontainer',
]);

/** What an env file is by its path: as by its name, but never deployed from a test folder. */
export function envFileKindAt(path: string): EnvFileKind | null {
  const parts = path.split('/');
  const kind = envFileKind(parts.at(-1)!);
  if (kind !== 'deployment') return kind;
  const inTests = parts.slice(0, -1).some((part) => NON_DEPLOYMENT_FOLDERS.has(part.toLowerCase()));
  return inTests ? 'other' : kind;
}

export default defineGatherer({
  artifact: 'envFiles',
  kind: 'static',
  async gather(context) {
    const project = context.config.project;
    if (project === undefined) throw new NotGivenError('no project folder was given (--project)');

    const { files, examples } = context.config.env;
    const found = files && examples ? null : await findEnvFiles(context);
    const root = found?.root ?? (await realpath(project));
    const deploymentPaths = files ?? found?.deployment ?? [];
    // A file named in env.files is the deployment's, even when its name says template.
    const templatePaths = (examples ?? found?.templates ?? []).filter(
      (path) => examples !== undefined || !deploymentPaths.includes(path),
    );
    if (deploymentPaths.length + templatePaths.length === 0) {
      throw new NotGivenError(noEnvFileReason(found?.otherEnvironments ?? []));
    }

    const read = (path: string, role: EnvFileRole) => readEnvFile(root, path, role, context);
    const deployment = await Promise.all(deploymentPaths.map((path) => read(path, 'deployment')));
    const templates = await Promise.all(templatePaths.map((path) => read(path, 'template')));
    const otherEnvironments = found?.otherEnvironments ?? [];
    const configured = { files: files !== undefined, examples: examples !== undefined };
    return { deployment, templates, otherEnvironments, configured };
  },
});

interface FoundEnvFiles {
  root: string;
  deployment: string[];
  templates: string[];
  otherEnvironments: string[];
}

async function findEnvFiles(context: GatherContext): Promise<FoundEnvFiles> {
  const index = await context.get('files');
  const found: FoundEnvFiles = {
    root: index.root,
    deployment: [],
    templates: [],
    otherEnvironments: [],
  };
  for (const file of index.files) {
    const kind = envFileKindAt(file.path);
    if (kind === 'deployment') found.deployment.push(file.path);
    if (kind === 'template') found.templates.push(file.path);
    if (kind === 'other') found.otherEnvironments.push(file.path);
  }
  return found;
}

function noEnvFileReason(otherEnvironments: string[]): string {
  const others =
    otherEnvironments.length > 0
      ? ` (only files of other environments or of test folders: ${otherEnvironments.slice(0, 5).join(', ')})`
      : '';
  return (
    `no env file (.env, .env.production, *.env, .env.example) was found in the project${others}; ` +
    'name the deployed env file with env.files in shipshape.yaml'
  );
}

async function readEnvFile(
  root: string,
  path: string,
  role: EnvFileRole,
  context: GatherContext,
): Promise<EnvFile> {
  const absolute = resolve(root, path);
  const shown = displayPath(root, absolute);
  const text = await readSmallFile(absolute, shown, role);
  const entries = parseEnvText(text, isSecretKeyName);
  for (const entry of entries) {
    for (const value of secretValuesOf(entry)) {
      if (role === 'template' && isTemplateFiller(value)) continue;
      context.secrets.add(value);
    }
  }
  return { path: shown, role, entries };
}

/**
 * A template's filler such as `sk_live_...` or `<your key>` is public text: registering it
 * would scrub shipshape's own advice that quotes the same shape. Real values in templates
 * are still registered.
 */
function isTemplateFiller(value: string): boolean {
  return /\.\.\.|…|x{4,}|^<.*>$|^your[-_ ]|changeme|changethis/i.test(value);
}

async function readSmallFile(absolute: string, shown: string, role: EnvFileRole): Promise<string> {
  const setting = role === 'deployment' ? 'env.files' : 'env.examples';
  const info = await stat(absolute).catch(() => null);
  if (info === null || !info.isFile()) {
    throw new Error(
      `${setting}: ${shown} was not found; give paths relative to the project folder`,
    );
  }
  if (info.size > MAX_FILE_BYTES) throw new Error(`${shown} is over 1 MiB: not an env file`);
  return readFile(absolute, 'utf8');
}

function displayPath(root: string, absolute: string): string {
  const inside = relative(root, absolute);
  const outside = inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
  if (inside === '' || outside) return absolute;
  return inside.split(sep).join('/');
}
