import type { LoadedRoot } from './load.js';
import type {
  NginxDirective,
  NginxHeader,
  NginxLimitReq,
  NginxListen,
  NginxMap,
  NginxRateZone,
  NginxRoot,
  NginxScope,
  NginxServer,
  NginxSource,
} from './types.js';

export interface ResolveOptions {
  /** Locations under this path serve the API, whatever handles them. */
  apiPrefix: string;
}

type Settings = Record<string, NginxDirective[]>;

/**
 * Directives that act only at the level they are written: handlers, rewrites and the blocks
 * themselves. Every other directive is inherited by a level that has none of the same name.
 */
const NOT_INHERITED = new Set([
  'location',
  'if',
  'limit_except',
  'server',
  'listen',
  'server_name',
  'return',
  'rewrite',
  'set',
  'break',
  'try_files',
  'include',
  'upstream',
  'map',
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'memcached_pass',
]);

/** Handlers that hand the request to an application. */
export const PASS_DIRECTIVES = [
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'memcached_pass',
];

const sourceOf = (directive: NginxDirective): NginxSource => ({
  file: directive.file,
  line: directive.line,
});

/**
 * Servers, rate-limit zones and maps of one root, each level with the settings in force there.
 * A file of server blocks under a main nginx.conf runs inside that file's http block.
 */
export function resolveRoot(
  root: LoadedRoot,
  options: ResolveOptions,
  parent?: LoadedRoot,
): NginxRoot {
  const own = httpLevel(root);
  const above = parent && root.context === 'http' ? httpLevel(parent) : undefined;
  const http =
    above && own ? { ...own, block: [...withoutServers(above.block), ...(own.block ?? [])] } : own;
  const httpScope = http ? resolveHttp(http, options) : undefined;
  const inherited = httpScope?.effective ?? emptySettings();
  const directives = http?.block ?? [];
  const servers = (own?.block ?? [])
    .filter((directive) => directive.name === 'server' && directive.block)
    .map((directive) => resolveServer(directive, inherited, httpScope, root.file, options));

  return {
    ...root,
    ...(httpScope ? { http: httpScope } : {}),
    servers,
    zones: directives.flatMap((directive) => readZone(directive) ?? []),
    maps: readMaps(directives),
  };
}

/** The http block as one directive: a main file's own, or a whole file of server blocks. */
function httpLevel(root: LoadedRoot): NginxDirective | undefined {
  if (root.context === 'server') return undefined;
  if (root.context === 'main') return root.directives.find((d) => d.name === 'http' && d.block);
  const first = root.directives[0];
  return {
    name: 'http',
    args: [],
    file: root.file,
    line: first?.line ?? 1,
    block: root.directives,
    span: { start: 0, end: 0 },
    argSpans: [],
  };
}

function resolveHttp(http: NginxDirective, options: ResolveOptions): NginxScope {
  const scope = resolveScope(
    'http',
    { ...http, block: withoutServers(http.block) },
    emptySettings(),
    undefined,
    options,
  );
  return { ...scope, children: [] };
}

function withoutServers(block: readonly NginxDirective[] = []): NginxDirective[] {
  return block.filter((directive) => directive.name !== 'server');
}

function emptySettings(): Settings {
  return Object.create(null) as Settings;
}

/** This level's directives by name, over what it inherits. */
function settingsOf(own: readonly NginxDirective[], inherited: Settings): Settings {
  const settings = emptySettings();
  for (const name of Object.keys(inherited)) {
    if (!NOT_INHERITED.has(name)) settings[name] = inherited[name]!;
  }
  const mine = emptySettings();
  for (const directive of own) {
    mine[directive.name] = [...(mine[directive.name] ?? []), directive];
  }
  return Object.assign(settings, mine);
}

function resolveServer(
  directive: NginxDirective,
  inherited: Settings,
  http: NginxScope | undefined,
  root: string,
  options: ResolveOptions,
): NginxServer {
  const scope = resolveScope('server', directive, inherited, http?.headersFrom, options);
  const sslOn = scope.effective.ssl?.at(-1)?.args[0] === 'on';
  const listens = readListens(directive, sslOn);
  return {
    ...sourceOf(directive),
    root,
    names: (scope.effective.server_name ?? []).flatMap((name) => name.args),
    listens,
    tls: listens.some((listen) => listen.ssl),
    scope,
  };
}

function resolveScope(
  kind: NginxScope['kind'],
  directive: NginxDirective,
  inherited: Settings,
  inheritedHeadersFrom: NginxSource | undefined,
  options: ResolveOptions,
): NginxScope {
  const own = directive.block ?? [];
  const effective = settingsOf(own, inherited);
  const ownsHeaders = own.some((child) => child.name === 'add_header');
  const headersFrom = ownsHeaders ? sourceOf(directive) : inheritedHeadersFrom;

  const children = own
    .filter((child) => (child.name === 'location' || child.name === 'if') && child.block)
    .map((child) =>
      resolveScope(child.name as 'location' | 'if', child, effective, headersFrom, options),
    );

  return {
    ...sourceOf(directive),
    kind,
    args: kind === 'server' || kind === 'http' ? [] : directive.args,
    effective,
    headers: readHeaders(effective.add_header ?? []),
    limitReq: readLimitReq(effective.limit_req ?? []),
    ...(headersFrom ? { headersFrom } : {}),
    servesApi: kind === 'location' && servesApi(own, directive.args, options.apiPrefix),
    children,
  };
}

function servesApi(own: readonly NginxDirective[], args: readonly string[], apiPrefix: string) {
  if (own.some((directive) => PASS_DIRECTIVES.includes(directive.name))) return true;
  const path = (args.at(-1) ?? '').replace(/^\^/, '').replace(/\\\//g, '/');
  const prefix = apiPrefix.replace(/\/+$/, '');
  if (prefix === '') return false;
  return path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}(`);
}

function readHeaders(directives: readonly NginxDirective[]): NginxHeader[] {
  return directives
    .filter((directive) => directive.args.length >= 2)
    .map((directive) => ({
      ...sourceOf(directive),
      name: directive.args[0]!,
      value: directive.args[1]!,
      always: directive.args[2] === 'always',
    }));
}

function parameters(args: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (equals > 0) found.set(arg.slice(0, equals), arg.slice(equals + 1));
    else found.set(arg, '');
  }
  return found;
}

function readNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

function readLimitReq(directives: readonly NginxDirective[]): NginxLimitReq[] {
  return directives.map((directive) => {
    const params = parameters(directive.args);
    const burst = readNumber(params.get('burst'));
    const delay = readNumber(params.get('delay'));
    return {
      ...sourceOf(directive),
      zone: params.get('zone') ?? '',
      ...(burst !== undefined ? { burst } : {}),
      nodelay: params.has('nodelay'),
      ...(delay !== undefined ? { delay } : {}),
    };
  });
}

/** `rate=10r/s` or `rate=600r/m`, in requests per second. */
export function ratePerSecond(rate: string): number | undefined {
  const match = /^(\d+)r\/([sm])$/.exec(rate);
  if (!match) return undefined;
  return match[2] === 's' ? Number(match[1]) : Number(match[1]) / 60;
}

function readZone(directive: NginxDirective): NginxRateZone | undefined {
  if (directive.name !== 'limit_req_zone' || directive.args.length < 2) return undefined;
  const params = parameters(directive.args.slice(1));
  const rate = params.get('rate') ?? '';
  const perSecond = ratePerSecond(rate);
  return {
    ...sourceOf(directive),
    name: (params.get('zone') ?? '').split(':')[0]!,
    key: directive.args[0]!,
    rate,
    ...(perSecond !== undefined ? { perSecond } : {}),
  };
}

function readMaps(http: readonly NginxDirective[]): Record<string, NginxMap> {
  const maps = Object.create(null) as Record<string, NginxMap>;
  for (const directive of http) {
    if (directive.name !== 'map' || !directive.block || directive.args.length !== 2) continue;
    const entries = directive.block.filter((entry) => entry.args.length === 1);
    const fallback = entries.findLast((entry) => entry.name === 'default');
    const variable = directive.args[1]!.replace(/^\$/, '');
    maps[variable] = {
      ...sourceOf(directive),
      variable,
      source: directive.args[0]!,
      ...(fallback ? { defaultValue: fallback.args[0]! } : {}),
      values: entries.filter((entry) => entry.name !== 'default').map((entry) => entry.args[0]!),
    };
  }
  return maps;
}

function readListens(server: NginxDirective, sslOn: boolean): NginxListen[] {
  const own = (server.block ?? []).filter((d) => d.name === 'listen' && d.args.length > 0);
  // Without a listen directive nginx listens on *:80 (as root; *:8000 otherwise).
  if (own.length === 0) {
    return [{ ...sourceOf(server), address: '*:80', port: 80, ssl: sslOn, defaultServer: false }];
  }
  return own
    .filter((directive) => !directive.args[0]!.startsWith('unix:'))
    .map((directive) => ({
      ...sourceOf(directive),
      address: directive.args[0]!,
      port: portOf(directive.args[0]!),
      ssl: sslOn || directive.args.includes('ssl'),
      defaultServer:
        directive.args.includes('default_server') || directive.args.includes('default'),
    }));
}

/** `80`, `127.0.0.1:8080`, `[::]:443`, `localhost`: the port, 80 when only a host is given. */
export function portOf(address: string): number {
  if (/^\d+$/.test(address)) return Number(address);
  const match = /:(\d+)$/.exec(address);
  if (match && !(address.startsWith('[') && address.endsWith(']'))) return Number(match[1]);
  return 80;
}
