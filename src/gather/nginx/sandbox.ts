import { isAbsolute, join, posix } from 'node:path';
import type { NginxDirective, NginxFile, NginxInclude, NginxRoot, TextSpan } from './types.js';

/**
 * A copy of the project's nginx files where `nginx -t` can run without touching the machine:
 * every path nginx would write (pid, lock, logs, temp and cache folders) points into the
 * sandbox, includes point at the copies, and includes of files outside the project are
 * blanked. Every edit stays on its line, so nginx's line numbers are the project's.
 */
export interface Sandbox {
  /** Where the project's files are mirrored. */
  mirror: string;
  /** Where nginx may write. */
  writable: string;
}

/** New text for a span; `null` blanks it: spaces in place of everything but line breaks. */
export interface Edit extends TextSpan {
  text: string | null;
}

/** Directives whose first argument is a file nginx opens for writing, even with -t. */
const WRITTEN_FILES = new Set(['pid', 'lock_file', 'error_log', 'access_log']);
/** Directives whose first argument is a folder nginx creates, even with -t. */
const WRITTEN_FOLDERS = /^(client_body|proxy|fastcgi|uwsgi|scgi)_temp_path$|_cache_path$/;
/** Directives that name a file nginx reads; a relative path is relative to the prefix. */
const READ_FILES = new Set([
  'ssl_certificate',
  'ssl_certificate_key',
  'ssl_trusted_certificate',
  'ssl_client_certificate',
  'ssl_dhparam',
  'ssl_crl',
  'ssl_password_file',
  'ssl_session_ticket_key',
  'ssl_stapling_file',
]);
/** Values that are not paths. */
const NOT_A_PATH = /^(off|stderr|syslog:|memory:|\/dev\/null$)/;

const HTTP_TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
  (name) => `${name}_temp_path`,
);

/** A path as one nginx argument. Paths with `$` or a quote cannot be written safely. */
export function quotePath(path: string): string | undefined {
  return /["'$\\\n]/.test(path) ? undefined : `"${path}"`;
}

export class SandboxWriter {
  readonly #sandbox: Sandbox;
  readonly #projectRoot: string;
  readonly #includeOf: Map<NginxDirective, NginxInclude>;
  #written = 0;

  constructor(sandbox: Sandbox, projectRoot: string, includeOf: Map<NginxDirective, NginxInclude>) {
    this.#sandbox = sandbox;
    this.#projectRoot = projectRoot;
    this.#includeOf = includeOf;
  }

  /** A fresh path in the writable folder. */
  writablePath(name: string): string {
    this.#written += 1;
    return join(this.#sandbox.writable, `${this.#written}-${name}`);
  }

  mirrorPath(projectPath: string): string {
    return join(this.#sandbox.mirror, projectPath);
  }

  /** The file's text as the sandbox holds it. */
  editedText(file: NginxFile, text: string, prefix: string, extra: readonly Edit[] = []): string {
    return applyEdits(text, [...this.#editsFor(file.directives, prefix), ...extra]);
  }

  /** Temp folders and an access log inside the sandbox, for those the http level lacks. */
  httpDefaults(http: readonly NginxDirective[]): string {
    const present = new Set(http.map((directive) => directive.name));
    const lines = HTTP_TEMP_PATHS.filter((name) => !present.has(name)).map(
      (name) => `${name} ${quotePath(this.writablePath(name))};`,
    );
    lines.push(`access_log ${quotePath(this.writablePath('access.log'))};`);
    return lines.join(' ');
  }

  /** `pid` and `lock_file` for `-g`, for those the main level lacks. */
  mainDefaults(main: readonly NginxDirective[]): string {
    const present = new Set(main.map((directive) => directive.name));
    return ['pid', 'lock_file']
      .filter((name) => !present.has(name))
      .map((name) => `${name} ${quotePath(this.writablePath(name))};`)
      .join(' ');
  }

  /** The edit that puts the sandbox's http defaults right after a main root's `http {`. */
  httpInsertion(root: NginxRoot): { file: string; edit: Edit } | undefined {
    const http = root.directives.find((directive) => directive.name === 'http' && directive.block);
    if (!http) return undefined;
    const text = ` ${this.httpDefaults(http.block ?? [])}`;
    return { file: http.file, edit: { start: http.span.end, end: http.span.end, text } };
  }

  #editsFor(directives: readonly NginxDirective[], prefix: string): Edit[] {
    const edits: Edit[] = [];
    for (const directive of directives) {
      const edit = this.#editFor(directive, prefix);
      if (edit) edits.push(edit);
      if (directive.block && directive.raw === undefined) {
        edits.push(...this.#editsFor(directive.block, prefix));
      }
    }
    return edits;
  }

  #editFor(directive: NginxDirective, prefix: string): Edit | undefined {
    const [first] = directive.args;
    const span = directive.argSpans[0];
    if (first === undefined || span === undefined) return undefined;
    const replace = (path: string | undefined) =>
      path === undefined ? undefined : { ...span, text: quotePath(path) ?? first };

    if (directive.name === 'include') return this.#includeEdit(directive);
    if (WRITTEN_FILES.has(directive.name) && !NOT_A_PATH.test(first)) {
      return replace(this.writablePath(directive.name));
    }
    if (WRITTEN_FOLDERS.test(directive.name)) return replace(this.writablePath(directive.name));
    if (READ_FILES.has(directive.name) && !isAbsolute(first) && !first.includes('$')) {
      return replace(join(this.#projectRoot, posix.join(prefix, first)));
    }
    return undefined;
  }

  #includeEdit(directive: NginxDirective): Edit | undefined {
    const include = this.#includeOf.get(directive);
    if (!include || include.status === 'outside' || include.status === 'cycle') {
      return { ...directive.span, text: null };
    }
    const path = quotePath(this.mirrorPath(include.resolved ?? include.pattern));
    return path === undefined ? undefined : { ...directive.argSpans[0]!, text: path };
  }
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    const replaced = result.slice(edit.start, edit.end);
    const text = edit.text ?? replaced.replace(/[^\n]/g, ' ');
    result = result.slice(0, edit.start) + text + result.slice(edit.end);
  }
  return result;
}
