import { posix } from 'node:path';
import { parseNginx } from './parse.js';
import type {
  NginxContext,
  NginxDirective,
  NginxFile,
  NginxInclude,
  NginxSyntaxError,
} from './types.js';

/** The project's files as the loader sees them: paths relative to the project, `/` separators. */
export interface ProjectSource {
  /** Every file of the project, for `include` globs. */
  paths: readonly string[];
  /** A file's text, or undefined when it does not exist or cannot be read. */
  read(path: string): string | undefined;
  /** The project folder's absolute path, so that absolute paths into the project are followed. */
  root?: string;
}

/** A root's directives with includes followed, before servers are resolved. */
export interface LoadedRoot {
  file: string;
  prefix: string;
  /** The main nginx.conf whose http block this file's servers run in on the server. */
  parent?: string;
  context: NginxContext;
  directives: NginxDirective[];
  includes: NginxInclude[];
  files: string[];
}

/** Where nginx's configuration lives on a server; a project often mirrors it (COPY nginx/ /etc/nginx/). */
const SERVER_PREFIX = '/etc/nginx/';
/** nginx has no limit; it fails when it runs out of file descriptors. */
const MAX_INCLUDE_DEPTH = 32;
/** Globs that include each other multiply; past this many includes a root is cut short. */
export const MAX_INCLUDES = 2000;

const MAIN_ONLY = new Set([
  'events',
  'http',
  'stream',
  'mail',
  'user',
  'worker_processes',
  'pid',
  'load_module',
  'worker_rlimit_nofile',
  'worker_cpu_affinity',
  'worker_priority',
  'daemon',
  'master_process',
  'env',
  'pcre_jit',
  'thread_pool',
  'timer_resolution',
  'working_directory',
  'lock_file',
  'worker_shutdown_timeout',
  'ssl_engine',
]);

const HTTP_ONLY = new Set([
  'server',
  'upstream',
  'map',
  'geo',
  'split_clients',
  'limit_req_zone',
  'limit_conn_zone',
  'log_format',
  'proxy_cache_path',
  'fastcgi_cache_path',
  'uwsgi_cache_path',
  'scgi_cache_path',
  'types',
  'server_names_hash_bucket_size',
  'server_names_hash_max_size',
  'map_hash_bucket_size',
  'variables_hash_max_size',
]);

/** Folders that hold server blocks which a main nginx.conf one level up includes. */
const SITE_FOLDERS = new Set([
  'sites-available',
  'sites-enabled',
  'conf.d',
  'http.d',
  'vhosts',
  'servers',
  'snippets',
]);

/** The context a file's top level is written for, judged by the directives found there. */
export function contextOf(directives: readonly NginxDirective[]): NginxContext {
  if (directives.some((directive) => MAIN_ONLY.has(directive.name))) return 'main';
  if (directives.some((directive) => HTTP_ONLY.has(directive.name))) return 'http';
  return 'server';
}

export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** A glob as nginx's glob(3) reads it: wildcards stay within a folder; `*` skips dotfiles. */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split('/').map((segment) => {
    let source = segment.startsWith('.') ? '' : '(?!\\.)';
    for (let i = 0; i < segment.length; i++) {
      const ch = segment[i]!;
      const close = ch === '[' ? segment.indexOf(']', i + 2) : -1;
      if (ch === '*') source += '[^/]*';
      else if (ch === '?') source += '[^/]';
      else if (close > i) {
        const body = segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      } else source += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
    return source;
  });
  return new RegExp(`^${segments.join('/')}$`);
}

function sourceOfInclude(directive: NginxDirective) {
  return { file: directive.file, line: directive.line, pattern: directive.args[0] ?? '' };
}

function joinPath(prefix: string, path: string): string {
  const joined = posix.normalize(prefix === '' ? path : posix.join(prefix, path));
  return joined === '.' ? '' : joined;
}

function isOutside(path: string): boolean {
  return path === '..' || path.startsWith('../') || posix.isAbsolute(path);
}

/**
 * Reads nginx files of a project and follows their includes, relative to the configuration
 * prefix as nginx does (not to the including file). Each file is parsed once.
 */
export class NginxLoader {
  readonly #source: ProjectSource;
  readonly #files = new Map<string, NginxFile | null>();
  readonly #includeErrors: NginxSyntaxError[] = [];
  /** The include each `include` directive led to, for the nginx -t sandbox. */
  readonly includeOf = new Map<NginxDirective, NginxInclude>();

  constructor(source: ProjectSource) {
    this.#source = source;
  }

  /** Every file parsed so far, in reading order. */
  get files(): NginxFile[] {
    return [...this.#files.values()].filter((file) => file !== null);
  }

  get errors(): NginxSyntaxError[] {
    return [...this.files.flatMap((file) => file.errors), ...this.#includeErrors];
  }

  file(path: string): NginxFile | undefined {
    if (!this.#files.has(path)) {
      const text = this.#source.read(path);
      this.#files.set(path, text === undefined ? null : parseNginx(text, path));
    }
    return this.#files.get(path) ?? undefined;
  }

  load(file: string, prefix: string): LoadedRoot | undefined {
    const parsed = this.file(file);
    if (!parsed) return undefined;
    const root: LoadedRoot = {
      file,
      prefix,
      context: 'main',
      directives: [],
      includes: [],
      files: [file],
    };
    root.directives = this.#flatten(parsed.directives, [file], root);
    root.context = contextOf(root.directives);
    return root;
  }

  #flatten(directives: NginxDirective[], stack: string[], root: LoadedRoot): NginxDirective[] {
    const result: NginxDirective[] = [];
    for (const directive of directives) {
      if (directive.name === 'include' && !directive.block && directive.args.length === 1) {
        result.push(...this.#include(directive, stack, root));
      } else if (directive.block) {
        result.push({ ...directive, block: this.#flatten(directive.block, stack, root) });
      } else {
        result.push(directive);
      }
    }
    return result;
  }

  #include(directive: NginxDirective, stack: string[], root: LoadedRoot): NginxDirective[] {
    if (root.includes.length >= MAX_INCLUDES) {
      if (root.includes.length === MAX_INCLUDES) {
        this.#includeErrors.push({
          file: directive.file,
          line: directive.line,
          message: `more than ${MAX_INCLUDES} includes: the rest of ${root.file} was not read`,
        });
        root.includes.push({ ...sourceOfInclude(directive), status: 'cycle', files: [] });
      }
      return [];
    }
    const include = this.#resolve(directive, root.prefix);
    root.includes.push(include);
    if (!this.includeOf.has(directive)) this.includeOf.set(directive, include);

    const result: NginxDirective[] = [];
    for (const path of include.files) {
      if (stack.includes(path) || stack.length >= MAX_INCLUDE_DEPTH) {
        include.status = 'cycle';
        this.#includeErrors.push({
          file: directive.file,
          line: directive.line,
          message: `include of ${path} loops back to a file that is already being included`,
        });
        continue;
      }
      const parsed = this.file(path);
      if (!parsed) continue;
      if (!root.files.includes(path)) root.files.push(path);
      result.push(...this.#flatten(parsed.directives, [...stack, path], root));
    }
    return result;
  }

  /** A pattern as a project path: relative to the prefix, or an absolute path the project mirrors. */
  #inProject(pattern: string, prefix: string): string {
    const root = this.#source.root;
    if (root !== undefined && pattern.startsWith(`${root}/`))
      return joinPath('', pattern.slice(root.length + 1));
    if (pattern.startsWith(SERVER_PREFIX))
      return joinPath(prefix, pattern.slice(SERVER_PREFIX.length));
    return posix.isAbsolute(pattern) ? pattern : joinPath(prefix, pattern);
  }

  #resolve(directive: NginxDirective, prefix: string): NginxInclude {
    const pattern = directive.args[0]!;
    const base = { file: directive.file, line: directive.line, pattern };
    const resolved = this.#inProject(pattern, prefix);
    if (isOutside(resolved)) return { ...base, status: 'outside', files: [] };

    const files = hasGlob(resolved)
      ? this.#source.paths.filter((path) => globToRegExp(resolved).test(path)).sort()
      : this.#source.read(resolved) === undefined
        ? []
        : [resolved];
    if (files.length > 0 || hasGlob(resolved)) return { ...base, status: 'ok', files, resolved };
    // An absolute path that the project does not mirror lives only on the server.
    const status = pattern.startsWith('/') ? 'outside' : 'missing';
    return { ...base, status, files: [], resolved };
  }
}

/**
 * The roots among candidate files: those no other file includes. A main nginx.conf resolves
 * includes against its own folder; a file of server blocks against the folder of the main file
 * above it, or the parent of a sites-available-like folder, as it would on the server.
 */
export function loadRoots(
  loader: NginxLoader,
  candidates: readonly string[],
  prefixOption?: string,
): LoadedRoot[] {
  const parsed = candidates.filter((path) => loader.file(path) !== undefined);
  const mains = parsed.filter((path) => contextOf(loader.file(path)!.directives) === 'main');
  const loaded = new Map<string, LoadedRoot>();
  const included = new Set<string>();

  const add = (file: string, prefix: string, parent?: string) => {
    const root = loader.load(file, prefix);
    if (!root) return;
    loaded.set(file, parent === undefined ? root : { ...root, parent });
    for (const path of root.files.slice(1)) included.add(path);
  };

  for (const file of mains) add(file, prefixOption ?? folderOf(file));
  for (const file of parsed) {
    if (loaded.has(file) || included.has(file)) continue;
    const parent = mainAbove(file, mains);
    add(file, prefixOption ?? (parent === undefined ? sitePrefix(file) : folderOf(parent)), parent);
  }
  const roots = [...loaded.values()].filter((root) => !included.has(root.file));
  return roots.length > 0 ? roots : [...loaded.values()].slice(0, 1);
}

/**
 * One file as the root (`nginx.config`), under the main nginx.conf above it when the project
 * has one, as it would run on the server.
 */
export function loadRoot(
  loader: NginxLoader,
  file: string,
  candidates: readonly string[],
  prefixOption?: string,
): LoadedRoot[] {
  const parsed = loader.file(file);
  if (!parsed) return [];
  if (contextOf(parsed.directives) === 'main') {
    const root = loader.load(file, prefixOption ?? folderOf(file));
    return root ? [root] : [];
  }
  const mains = candidates.filter(
    (path) =>
      path !== file && loader.file(path) && contextOf(loader.file(path)!.directives) === 'main',
  );
  const parent = mainAbove(file, mains);
  const root = loader.load(
    file,
    prefixOption ?? (parent === undefined ? sitePrefix(file) : folderOf(parent)),
  );
  if (!root) return [];
  return [parent === undefined ? root : { ...root, parent }];
}

function folderOf(path: string): string {
  const folder = posix.dirname(path);
  return folder === '.' ? '' : folder;
}

/** The main nginx.conf nearest above a file, which would include it on the server. */
function mainAbove(file: string, mains: readonly string[]): string | undefined {
  const folder = folderOf(file);
  return mains
    .filter((main) => {
      const above = folderOf(main);
      return above === '' || folder === above || folder.startsWith(`${above}/`);
    })
    .sort((a, b) => folderOf(b).length - folderOf(a).length)[0];
}

function sitePrefix(file: string): string {
  const folder = folderOf(file);
  return SITE_FOLDERS.has(posix.basename(folder)) ? folderOf(folder) : folder;
}
