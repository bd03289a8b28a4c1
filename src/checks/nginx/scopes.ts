import type { Evidence, Location } from '../../core/types.js';
import type {
  NginxConfig,
  NginxDirective,
  NginxRoot,
  NginxScope,
  NginxServer,
  NginxSource,
} from '../../gather/nginx/types.js';

/** A level where requests are answered, with the levels above it (http first). */
export interface ScopeInContext {
  root: NginxRoot;
  server: NginxServer;
  scope: NginxScope;
  /** The levels above `scope`, outermost first: http (when present), server, locations. */
  ancestors: NginxScope[];
}

/** Evidence lists stop here; the count says how many more there were. */
export const EVIDENCE_LIMIT = 12;

export const locationOf = (source: NginxSource): Location => ({
  file: source.file,
  line: source.line,
});

export const where = (source: NginxSource): string => `${source.file}:${source.line}`;

export function serversOf(config: NginxConfig): { root: NginxRoot; server: NginxServer }[] {
  return config.roots.flatMap((root) => root.servers.map((server) => ({ root, server })));
}

export function describeServer(server: NginxServer): string {
  const name = server.names.find((candidate) => candidate !== '') ?? '_';
  const ports = [...new Set(server.listens.map((listen) => listen.port))].join(', ');
  return `server ${name} (port ${ports})`;
}

export function describeScope(scope: NginxScope, server: NginxServer): string {
  if (scope.kind === 'server') return describeServer(server);
  if (scope.kind === 'http') return 'http';
  return `${scope.kind} ${scope.args.join(' ')} in ${describeServer(server)}`;
}

/** The last directive of a name in force at a level. */
export function settingOf(scope: NginxScope, name: string): NginxDirective | undefined {
  return Object.hasOwn(scope.effective, name) ? scope.effective[name]!.at(-1) : undefined;
}

/** A server-level `return` runs before any location: the server answers nothing else. */
export function serverReturn(server: NginxServer): NginxDirective | undefined {
  return Object.hasOwn(server.scope.effective, 'return')
    ? server.scope.effective.return![0]
    : undefined;
}

function isRedirectReturn(directive: NginxDirective | undefined): boolean {
  const code = Number(directive?.args[0]);
  return (
    directive !== undefined &&
    ((code >= 301 && code <= 308) || /^https?:\/\//.test(directive.args[0] ?? ''))
  );
}

function catchesEverything(scope: NginxScope): boolean {
  return scope.children.some(
    (child) => child.kind === 'location' && child.args.length === 1 && child.args[0] === '/',
  );
}

/**
 * The levels of a server that answer requests with content: the server itself (unless a
 * `location /` takes every request) and every location, nested ones included. Locations that
 * only redirect are left out, and so is a server that answers everything with `return`.
 */
export function contentScopes(root: NginxRoot, server: NginxServer): ScopeInContext[] {
  if (serverReturn(server)) return [];
  const top = root.http ? [root.http] : [];
  const found: ScopeInContext[] = [];
  if (!catchesEverything(server.scope)) {
    found.push({ root, server, scope: server.scope, ancestors: top });
  }

  const visit = (scope: NginxScope, ancestors: NginxScope[]) => {
    for (const child of scope.children) {
      if (child.kind !== 'location') continue;
      const returned = Object.hasOwn(child.effective, 'return')
        ? child.effective.return![0]
        : undefined;
      if (!isRedirectReturn(returned)) found.push({ root, server, scope: child, ancestors });
      visit(child, [...ancestors, child]);
    }
  };
  visit(server.scope, [...top, server.scope]);
  return found;
}

/**
 * The levels a check about the API judges: the locations that serve the API, when the
 * configuration has any; otherwise every level that serves content.
 */
export function judgedScopes(
  config: NginxConfig,
  include: (server: NginxServer) => boolean = () => true,
): ScopeInContext[] {
  const all = serversOf(config)
    .filter(({ server }) => include(server))
    .flatMap(({ root, server }) => contentScopes(root, server));
  const api = all.filter(({ scope }) => scope.servesApi);
  return api.length > 0 ? api : all;
}

/** Evidence for a list of findings, cut at EVIDENCE_LIMIT with the rest counted. */
export function limitEvidence(evidence: Evidence[]): Evidence[] {
  if (evidence.length <= EVIDENCE_LIMIT) return evidence;
  const rest = evidence.length - EVIDENCE_LIMIT;
  return [...evidence.slice(0, EVIDENCE_LIMIT), { message: `... and ${rest} more` }];
}

/** No nginx server in any root: the checks that judge servers have nothing to judge. */
export function noServersMessage(config: NginxConfig): string {
  const files = config.roots.map((root) => root.file).join(', ');
  return `No nginx server block was found (files read: ${files || 'none'}).`;
}

/** Words that start a message as nginx's own names (`zone api counts by ...`), not as prose. */
const NGINX_WORDS = new Set(['zone', 'location', 'server', 'http', 'burst', 'listen', 'include']);

/**
 * The message with a capital first letter, unless it starts with a directive, a parameter, a
 * header or a value (`limit_req`, `zone`, `max-age=0`, `$host`): those keep nginx's spelling.
 */
export function sentenceStart(text: string): string {
  const word = /^\S*/.exec(text)![0];
  if (!/^[a-z]+$/.test(word) || NGINX_WORDS.has(word)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
