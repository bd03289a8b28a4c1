import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, join, relative, resolve, sep } from 'node:path';
import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import { MAX_FILE_BYTES } from '../files.js';
import { resolveRoot } from './effective.js';
import { findNginxCandidates } from './find.js';
import { type LoadedRoot, loadRoot, loadRoots, NginxLoader, type ProjectSource } from './load.js';
import { type SourceText, testNginxRoots } from './nginx-test.js';
import type { NginxConfig, NginxTest } from './types.js';

export type * from './types.js';

declare module '../../core/types.js' {
  interface Artifacts {
    nginxConfig: NginxConfig;
  }
}

/** Where nginx is installed by Debian, Red Hat, source builds and Homebrew. */
const NGINX_LOCATIONS = [
  '/usr/sbin/nginx',
  '/usr/local/sbin/nginx',
  '/usr/local/nginx/sbin/nginx',
  '/usr/local/bin/nginx',
  '/opt/homebrew/bin/nginx',
  '/usr/bin/nginx',
];

/** nginx -t takes milliseconds; a host name lookup in proxy_pass may take a second. */
const TEST_TIMEOUT_MS = 10_000;
const DEFAULT_API_PREFIX = '/api';

export interface BuildOptions {
  /** One file to audit instead of every nginx file found. */
  config?: string;
  /** The project folder that stands for /etc/nginx. */
  prefix?: string;
  apiPrefix?: string;
}

export interface BuiltConfig {
  config: Omit<NginxConfig, 'test'>;
  loader: NginxLoader;
}

/** Finds, parses and resolves the project's nginx configuration; no nginx process is run. */
export function buildNginxConfig(
  source: ProjectSource,
  options: BuildOptions = {},
): BuiltConfig | undefined {
  const candidates = findNginxCandidates(source.paths, source.read);
  const loader = new NginxLoader(source);
  const loaded =
    options.config === undefined
      ? loadRoots(loader, candidates, options.prefix)
      : loadRoot(loader, options.config, candidates, options.prefix);
  if (loaded.length === 0) return undefined;

  const apiPrefix = options.apiPrefix ?? DEFAULT_API_PREFIX;
  const byFile = new Map(loaded.map((root) => [root.file, root]));
  const parentOf = (root: LoadedRoot) =>
    root.parent === undefined
      ? undefined
      : (byFile.get(root.parent) ?? loader.load(root.parent, root.prefix));
  const roots = loaded.map((root) => resolveRoot(root, { apiPrefix }, parentOf(root)));
  return { config: { files: loader.files, roots, errors: loader.errors }, loader };
}

/** nginx reads bytes; a file that is not UTF-8 is read as Latin-1, byte for byte. */
export function decodeNginxText(bytes: Buffer): SourceText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

export interface FileSystemSource extends ProjectSource {
  readSource(path: string): SourceText | undefined;
}

/** The project's files on disk; nothing outside the project folder is read. */
export function fileSystemSource(root: string, paths: readonly string[]): FileSystemSource {
  const cache = new Map<string, SourceText | undefined>();
  const readSource = (path: string) => {
    if (!cache.has(path)) cache.set(path, readInside(root, path));
    return cache.get(path);
  };
  return { root, paths, readSource, read: (path) => readSource(path)?.text };
}

function readInside(root: string, path: string): SourceText | undefined {
  const absolute = resolve(root, path);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') return undefined;
  try {
    const stats = statSync(absolute);
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) return undefined;
    return decodeNginxText(readFileSync(absolute));
  } catch {
    return undefined;
  }
}

/** A configured path as the file index writes it: relative to the project, `/` separators. */
function projectPath(root: string, path: string): string {
  return relative(root, resolve(root, path)).split(sep).join('/');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The nginx binary for `nginx -t`: the configured one, else the first one installed. */
export function findNginxBinary(configured: string | false | undefined): string | undefined {
  if (configured === false) return undefined;
  if (configured !== undefined) return configured;
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'nginx'));
  return [...NGINX_LOCATIONS, ...onPath].find(isExecutable);
}

async function testConfiguration(
  built: BuiltConfig,
  source: FileSystemSource,
  binary: string | undefined,
  signal: AbortSignal,
): Promise<NginxTest> {
  if (binary === undefined) return { ran: false, reason: 'no nginx binary is installed here' };
  if (!isExecutable(binary)) return { ran: false, reason: `${binary} is not an executable file` };
  return testNginxRoots(built.config.roots, built.loader, {
    binary,
    projectRoot: source.root!,
    readSource: source.readSource,
    timeoutMs: TEST_TIMEOUT_MS,
    signal,
  });
}

export default defineGatherer({
  artifact: 'nginxConfig',
  kind: 'static',
  async gather(context) {
    const index = await context.get('files');
    const source = fileSystemSource(
      index.root,
      index.files.map((file) => file.path),
    );
    const { nginx, probes } = context.config;
    const configured =
      nginx.config === undefined ? undefined : projectPath(index.root, nginx.config);
    if (configured !== undefined && source.read(configured) === undefined) {
      throw new Error(`nginx.config: ${nginx.config} is not a readable file in the project`);
    }

    const built = buildNginxConfig(source, {
      ...(configured !== undefined ? { config: configured } : {}),
      ...(nginx.prefix !== undefined ? { prefix: nginx.prefix } : {}),
      ...(probes.apiPrefix !== undefined ? { apiPrefix: probes.apiPrefix } : {}),
    });
    if (!built) {
      throw new NotGivenError(
        'no nginx configuration was found in the project (nginx.conf, or .conf files with server blocks); set nginx.config',
      );
    }
    const binary = findNginxBinary(nginx.binary);
    const test = await testConfiguration(built, source, binary, context.signal);
    return { ...built.config, test };
  },
});
