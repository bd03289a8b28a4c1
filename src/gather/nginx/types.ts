/** Where a directive or an error sits: a project-relative path with `/` separators, 1-based line. */
export interface NginxSource {
  file: string;
  line: number;
}

/** A piece of the file's text, by character offsets: [start, end). */
export interface TextSpan {
  start: number;
  end: number;
}

export interface NginxDirective extends NginxSource {
  name: string;
  /** Arguments with quotes removed and nginx's escapes (\" \' \\ \t \r \n) applied. */
  args: string[];
  /** The children of a block directive (`server { ... }`); absent for a simple directive. */
  block?: NginxDirective[];
  /** The text of a block nginx hands to a module's own parser (OpenResty `*_by_lua_block`). */
  raw?: string;
  /** From the first token to the `;` or `{` that ends the directive, in its own file. */
  span: TextSpan;
  /** Each argument as written, quotes included. */
  argSpans: TextSpan[];
}

export interface NginxSyntaxError extends NginxSource {
  message: string;
}

/** One file as read: its own directives, `include` not yet followed. */
export interface NginxFile {
  path: string;
  directives: NginxDirective[];
  errors: NginxSyntaxError[];
}

/**
 * What an `include` led to. `outside`: the pattern names a file outside the project (such as
 * /etc/nginx/mime.types on the server), which the audit cannot read. `missing`: a file in the
 * project that does not exist. `cycle`: the file was already being included.
 */
export interface NginxInclude extends NginxSource {
  pattern: string;
  status: 'ok' | 'outside' | 'missing' | 'cycle';
  /** The project files it pulled in, in nginx's order. */
  files: string[];
  /** The pattern resolved in the project, for `ok` and `missing`. */
  resolved?: string;
}

/** The context a file's top level is written for: a whole nginx.conf, or a part of one. */
export type NginxContext = 'main' | 'http' | 'server';

export interface NginxHeader extends NginxSource {
  name: string;
  value: string;
  /** `always`: also sent with error responses, not only 2xx and 3xx. */
  always: boolean;
}

export interface NginxLimitReq extends NginxSource {
  zone: string;
  /** `burst=`; nginx's default is 0. */
  burst?: number;
  nodelay: boolean;
  delay?: number;
}

export interface NginxRateZone extends NginxSource {
  name: string;
  /** The key requests are counted by, such as `$binary_remote_addr`. */
  key: string;
  /** As written, such as `10r/s`. */
  rate: string;
  /** Requests per second; undefined when the rate could not be read. */
  perSecond?: number;
}

/** A `map` block: the values a variable can take. */
export interface NginxMap extends NginxSource {
  variable: string;
  source: string;
  /** The `default` entry; nginx's own default is the empty string. */
  defaultValue?: string;
  values: string[];
}

export interface NginxListen extends NginxSource {
  /** As written, such as `[::]:443`; `*:80` when the server has no listen directive. */
  address: string;
  port: number;
  ssl: boolean;
  defaultServer: boolean;
}

/**
 * A level of configuration that requests are handled at, with the settings that apply there:
 * its own directives, and those it inherits. nginx inherits a directive only into a level that
 * sets none of the same name, so a location's one `add_header` drops every header of the server.
 */
export interface NginxScope extends NginxSource {
  kind: 'http' | 'server' | 'location' | 'if';
  /** The location's modifier and path, or the `if` condition; empty for a server. */
  args: string[];
  /** Directive name to the directives in force at this level, nearest level first. */
  effective: Record<string, NginxDirective[]>;
  /** `add_header` in force, from `effective`, read. */
  headers: NginxHeader[];
  /** `limit_req` in force. */
  limitReq: NginxLimitReq[];
  /** The level the headers come from (this one or an ancestor), when there are any. */
  headersFrom?: NginxSource;
  /** Handed to an application (`proxy_pass` and the like) or under the API's path prefix. */
  servesApi: boolean;
  children: NginxScope[];
}

export interface NginxServer extends NginxSource {
  /** The root file this server was reached from. */
  root: string;
  names: string[];
  listens: NginxListen[];
  /** A listen has `ssl`, or the server sets the old `ssl on`. */
  tls: boolean;
  scope: NginxScope;
}

/** One configuration as nginx would load it: a file no other file includes, and its includes. */
export interface NginxRoot {
  file: string;
  /** The project folder that plays the part of nginx's configuration prefix (/etc/nginx). */
  prefix: string;
  /**
   * For a file of server blocks: the project's main nginx.conf above it, whose http level
   * (zones, maps, headers, server_tokens) its servers inherit, as they would on the server.
   */
  parent?: string;
  context: NginxContext;
  /** Includes followed: included directives stand where their `include` stood. */
  directives: NginxDirective[];
  includes: NginxInclude[];
  /** Every project file this configuration reads, the root first. */
  files: string[];
  /** The `http` level, which servers inherit from; its `children` are left empty. */
  http?: NginxScope;
  servers: NginxServer[];
  zones: NginxRateZone[];
  maps: Record<string, NginxMap>;
}

/** Why `nginx -t` stopped. `config`: the configuration is wrong. `environment`: a file,
 * host, user or module of the server is not on this machine. `context`: the file relies on
 * something (a variable) that the file including it on the server defines. */
export type NginxTestCause = 'config' | 'environment' | 'context';

export interface NginxTestMessage {
  level: string;
  text: string;
  file?: string;
  line?: number;
  cause: NginxTestCause;
}

export interface NginxTestRun {
  root: string;
  /** How the root was loaded: as nginx.conf itself, or wrapped in `http { }` or `server { }`. */
  loadedAs: NginxContext;
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** nginx's emergencies and warnings, with sandbox paths turned back into project paths. */
  messages: NginxTestMessage[];
}

export type NginxTest =
  | { ran: false; reason: string }
  | { ran: true; binary: string; version?: string; runs: NginxTestRun[] };

/** The nginx configuration of the project, read the way nginx reads it. */
export interface NginxConfig {
  files: NginxFile[];
  roots: NginxRoot[];
  /** Every syntax error of every file read, in reading order. */
  errors: NginxSyntaxError[];
  test: NginxTest;
}
