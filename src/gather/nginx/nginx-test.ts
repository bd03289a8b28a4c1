import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { cut } from '../../core/redact.js';
import type { NginxLoader } from './load.js';
import { quotePath, type Sandbox, SandboxWriter } from './sandbox.js';
import type {
  NginxContext,
  NginxRoot,
  NginxTest,
  NginxTestCause,
  NginxTestMessage,
  NginxTestRun,
} from './types.js';

export interface SourceText {
  text: string;
  encoding: BufferEncoding;
}

export interface NginxTestOptions {
  binary: string;
  /** The project folder, absolute. */
  projectRoot: string;
  readSource(path: string): SourceText | undefined;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Each root costs one nginx process; past this many the rest rely on the parser. */
const MAX_ROOTS = 20;
/** nginx -t says little; more than this is a hostile or broken binary. */
const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Runs `nginx -t` on every root in a sandbox copy (see sandbox.ts). A file of server blocks is
 * loaded the way a server's nginx.conf would load it: inside `http { }`.
 */
export async function testNginxRoots(
  roots: readonly NginxRoot[],
  loader: NginxLoader,
  options: NginxTestOptions,
): Promise<NginxTest> {
  const folder = await mkdtemp(join(tmpdir(), 'shipshape-nginx-'));
  try {
    const sandbox: Sandbox = { mirror: join(folder, 'project'), writable: join(folder, 'w') };
    if (!quotePath(folder))
      return { ran: false, reason: `the temporary folder ${folder} has a quote or $` };
    await mkdir(sandbox.writable, { recursive: true });
    const writer = new SandboxWriter(sandbox, options.projectRoot, loader.includeOf);
    await mirrorFiles(roots.slice(0, MAX_ROOTS), loader, writer, options);

    const version = await nginxVersion(options);
    const runs: NginxTestRun[] = [];
    for (const [index, root] of roots.slice(0, MAX_ROOTS).entries()) {
      if (options.signal?.aborted) break;
      runs.push(await testRoot(root, index, { folder, sandbox, writer, options }));
    }
    return { ran: true, binary: options.binary, ...(version ? { version } : {}), runs };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function mirrorFiles(
  roots: readonly NginxRoot[],
  loader: NginxLoader,
  writer: SandboxWriter,
  options: NginxTestOptions,
): Promise<void> {
  const prefixOf = new Map<string, string>();
  const insertions = new Map<string, ReturnType<SandboxWriter['httpInsertion']>>();
  for (const root of roots) {
    for (const file of root.files) if (!prefixOf.has(file)) prefixOf.set(file, root.prefix);
    const insertion = root.context === 'main' ? writer.httpInsertion(root) : undefined;
    if (insertion) insertions.set(insertion.file, insertion);
  }

  for (const [path, prefix] of prefixOf) {
    const file = loader.file(path);
    const source = options.readSource(path);
    if (!file || !source) continue;
    const extra = insertions.get(path);
    const text = writer.editedText(file, source.text, prefix, extra ? [extra.edit] : []);
    const target = writer.mirrorPath(path);
    await mkdir(posix.dirname(target), { recursive: true });
    await writeFile(target, text, source.encoding);
  }
}

interface RunContext {
  folder: string;
  sandbox: Sandbox;
  writer: SandboxWriter;
  options: NginxTestOptions;
}

/** nginx follows a looping include until it runs out of files: not worth a process. */
function loopingRun(root: NginxRoot): NginxTestRun | undefined {
  const loop = root.includes.find((include) => include.status === 'cycle');
  if (!loop) return undefined;
  const text = `not run: the include at ${loop.file}:${loop.line} loops or exceeds the include limit`;
  return {
    root: root.file,
    loadedAs: root.context,
    ok: false,
    exitCode: null,
    timedOut: false,
    messages: [{ level: 'emerg', text, file: loop.file, line: loop.line, cause: 'config' }],
  };
}

async function testRoot(root: NginxRoot, index: number, run: RunContext): Promise<NginxTestRun> {
  const looping = loopingRun(root);
  if (looping) return looping;
  const { writer, sandbox, options } = run;
  const errorLog = writer.writablePath('error.log');
  const args = ['-t', '-p', `${run.folder}/`, '-e', errorLog];
  // A main file is tested as itself; any other through a wrapper, whose lines are not the project's.
  let wrapperFile = '';
  if (root.context === 'main') {
    const globals = writer.mainDefaults(root.directives);
    if (globals) args.push('-g', globals);
  } else {
    wrapperFile = join(writer.mirrorPath(root.prefix), `.shipshape-nginx-test-${index}.conf`);
    await mkdir(posix.dirname(wrapperFile), { recursive: true });
    await writeFile(wrapperFile, wrapper(root, writer));
  }
  args.push('-c', wrapperFile || writer.mirrorPath(root.file));

  const result = await runNginx(options.binary, args, options);
  const unread = root.includes.some((include) => include.status !== 'ok');
  const messages = parseMessages(result.output, sandbox, wrapperFile, {
    loadedAs: root.context,
    unread,
  });
  return {
    root: root.file,
    loadedAs: root.context,
    ok: result.exitCode === 0,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    messages,
  };
}

/** A main nginx.conf for a file written to sit inside `http { }` or `server { }`. */
function wrapper(root: NginxRoot, writer: SandboxWriter): string {
  const include = `include ${quotePath(writer.mirrorPath(root.file))};`;
  const body = root.context === 'http' ? include : `server { ${include} }`;
  return [
    `${writer.mainDefaults([])} error_log ${quotePath(writer.writablePath('error.log'))};`,
    'events {}',
    `http { ${writer.httpDefaults(root.context === 'http' ? root.directives : [])}`,
    `  ${body}`,
    '}',
    '',
  ].join('\n');
}

interface NginxProcessResult {
  exitCode: number | null;
  timedOut: boolean;
  output: string;
}

function runNginx(
  binary: string,
  args: string[],
  options: NginxTestOptions,
): Promise<NginxProcessResult> {
  return new Promise((resolve) => {
    // A host name in proxy_pass is looked up at load: one short try, not the resolver's default.
    const env = { ...process.env, RES_OPTIONS: 'timeout:1 attempts:1' };
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    let timedOut = false;
    const collect = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT_BYTES) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    const stop = () => {
      timedOut = true;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(stop, options.timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    const finish = (exitCode: number | null) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      resolve({ exitCode, timedOut, output: output.slice(0, MAX_OUTPUT_BYTES) });
    };
    child.once('error', (error) => {
      output += `nginx: [emerg] ${error.message}`;
      finish(null);
    });
    child.once('close', (code) => finish(code));
  });
}

async function nginxVersion(options: NginxTestOptions): Promise<string | undefined> {
  const result = await runNginx(options.binary, ['-v'], options);
  return /nginx version: nginx\/(\S+)/.exec(result.output)?.[1];
}

const MESSAGE = /^nginx: \[(emerg|alert|crit|error|warn)\] (.*)$/;
const AT_LINE = / in (\S+):(\d+)$/;

export function parseMessages(
  output: string,
  sandbox: Sandbox,
  wrapperFile: string,
  root: RootFacts,
): NginxTestMessage[] {
  const messages: NginxTestMessage[] = [];
  for (const line of output.split('\n')) {
    const match = MESSAGE.exec(line.trim());
    if (!match) continue;
    let text = match[2]!;
    const at = AT_LINE.exec(text);
    let file: string | undefined;
    let lineNumber: number | undefined;
    if (at) {
      text = text.slice(0, at.index);
      file = at[1] === wrapperFile ? undefined : projectPath(at[1]!, sandbox);
      lineNumber = file === undefined ? undefined : Number(at[2]);
    }
    text = cut(projectText(text, sandbox), 300);
    messages.push({
      level: match[1]!,
      text,
      ...(file !== undefined ? { file, line: lineNumber } : {}),
      cause: causeOf(text, root),
    });
  }
  return messages;
}

function projectPath(path: string, sandbox: Sandbox): string | undefined {
  return path.startsWith(`${sandbox.mirror}/`) ? path.slice(sandbox.mirror.length + 1) : undefined;
}

/** Sandbox paths in a message, shown as the project's paths. */
function projectText(text: string, sandbox: Sandbox): string {
  return text.split(`${sandbox.mirror}/`).join('').split(sandbox.writable).join('(sandbox)');
}

/** Directives of modules that Debian's nginx-light (or any build) may lack but a server has. */
const MODULE_DIRECTIVE =
  /^(stream|mail|more_\w+|brotli\w*|geoip\w*|geoip2\w*|image_filter\w*|perl\w*|xslt\w*|js_\w+|\w*_by_lua\w*|lua_\w+|modsecurity\w*|vhost_traffic_status\w*|zstd\w*|pagespeed|passenger\w*|headers_more\w*|njs\w*|sub_filter\w*|dav_ext\w*|upload_progress\w*|echo\w*|set_misc\w*|subs_filter\w*|auth_pam\w*|fancyindex\w*|uploadprogress\w*|nchan\w*|rtmp)$/;

/** What nginx -t knows of the root besides its output. */
export interface RootFacts {
  loadedAs: NginxContext;
  /** Some include named a file outside the project, or one it lacks: blanked or left failing. */
  unread: boolean;
}

/** Messages about the machine rather than the configuration: files, hosts, users, modules. */
const ENVIRONMENT =
  /cannot load certificate|BIO_new_file|PEM_read_bio|SSL_CTX_use|open\(\) ".*" failed|host not found|getpwnam|getgrnam|dlopen\(\)|Permission denied/;

function causeOf(text: string, root: RootFacts): NginxTestCause {
  if (ENVIRONMENT.test(text)) return 'environment';
  const unknown = /^unknown directive "([^"]+)"/.exec(text);
  if (unknown && MODULE_DIRECTIVE.test(unknown[1]!)) return 'environment';
  // The certificate may be set in an include that lives on the server only.
  if (/^no "ssl_certificate" is defined/.test(text) && root.unread) return 'environment';
  if (/^unknown "[^"]+" variable/.test(text) && root.loadedAs !== 'main') return 'context';
  return 'config';
}
