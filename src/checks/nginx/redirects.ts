import type {
  NginxDirective,
  NginxScope,
  NginxServer,
  NginxSource,
} from '../../gather/nginx/types.js';
import { where } from './scopes.js';

/**
 * What a plain-HTTP server does with a request. `https`: a permanent redirect to the same path
 * on https://. `temporary` and `loses-path`: a redirect to https:// that is not permanent, or
 * that drops the path. `plain`: a redirect that stays on http://. `refuses`: an error answer
 * (such as 444). `serves`: content over plain HTTP.
 */
export type RedirectKind = 'https' | 'temporary' | 'loses-path' | 'plain' | 'refuses' | 'serves';

export interface RedirectVerdict {
  kind: RedirectKind;
  message: string;
  at: NginxSource;
}

const PERMANENT = new Set([301, 308]);
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
/** Variables that carry the request's path into the redirect. */
const KEEPS_PATH = /\$(request_uri|uri|document_uri|1)\b|\$\{(request_uri|uri)\}/;
/** rewrite patterns that match every request. */
const MATCHES_ALL = new Set([
  '^',
  '^/',
  '^(.*)$',
  '^/(.*)$',
  '^(.*)',
  '^/(.*)',
  '(.*)',
  '.*',
  '^.*$',
  '/',
]);
const ACME = '/.well-known/acme-challenge';
/** `if` conditions that tell the redirect's hosts or scheme apart; certbot writes `$host = name`. */
const REDIRECT_CONDITION = /\$(host|server_name|scheme|https|server_port|http_host)\b/;

function redirectTo(code: number, target: string, at: NginxDirective): RedirectVerdict {
  const observed = `${code} to ${target} at ${where(at)}`;
  if (!target.startsWith('https://')) {
    return { kind: 'plain', message: `${observed}, which stays on plain HTTP`, at };
  }
  if (!PERMANENT.has(code)) {
    return {
      kind: 'temporary',
      message: `${observed}: a temporary redirect, not a permanent one`,
      at,
    };
  }
  if (!KEEPS_PATH.test(target)) {
    return { kind: 'loses-path', message: `${observed}, which drops the path ($request_uri)`, at };
  }
  return { kind: 'https', message: `${observed}`, at };
}

/** `return 301 URL`, `return URL` (302) or `return 444`: what the return answers. */
export function classifyReturn(directive: NginxDirective): RedirectVerdict {
  const [first = '', second = ''] = directive.args;
  if (/^(https?:\/\/|\$scheme:\/\/)/.test(first)) return redirectTo(302, first, directive);
  const code = Number(first);
  if (REDIRECT_CODES.has(code)) return redirectTo(code, second, directive);
  if (code >= 400) {
    return { kind: 'refuses', message: `return ${code} at ${where(directive)}`, at: directive };
  }
  return {
    kind: 'serves',
    message: `return ${first} at ${where(directive)} answers over plain HTTP`,
    at: directive,
  };
}

/** `rewrite ^ https://... permanent`: a redirect when it matches every request. */
function classifyRewrite(directive: NginxDirective): RedirectVerdict | undefined {
  const [pattern = '', replacement = '', flag] = directive.args;
  if (!MATCHES_ALL.has(pattern) || !/^(https?:\/\/|\$scheme:\/\/)/.test(replacement))
    return undefined;
  return redirectTo(flag === 'permanent' ? 301 : 302, replacement.replace(/\?$/, ''), directive);
}

function ownRedirect(scope: NginxScope): RedirectVerdict | undefined {
  const returned = Object.hasOwn(scope.effective, 'return')
    ? scope.effective.return![0]
    : undefined;
  if (returned) return classifyReturn(returned);
  const rewrites = Object.hasOwn(scope.effective, 'rewrite') ? scope.effective.rewrite! : [];
  return rewrites.map(classifyRewrite).find((verdict) => verdict !== undefined);
}

/** certbot's `if ($host = example.com) { return 301 https://$host$request_uri; }`. */
function conditionalRedirect(server: NginxServer): RedirectVerdict | undefined {
  return server.scope.children
    .filter((child) => child.kind === 'if' && REDIRECT_CONDITION.test(child.args.join(' ')))
    .map(ownRedirect)
    .find(
      (verdict) => verdict !== undefined && verdict.kind !== 'refuses' && verdict.kind !== 'serves',
    );
}

/** A location that only refuses (`deny all`, `return 403`) serves nothing. */
function refuses(location: NginxScope, verdict: RedirectVerdict | undefined): boolean {
  if (verdict?.kind === 'refuses') return true;
  const deny = Object.hasOwn(location.effective, 'deny') ? location.effective.deny! : [];
  return deny.some((directive) => directive.args[0] === 'all');
}

function locationRedirects(server: NginxServer): RedirectVerdict {
  const locations = server.scope.children.filter(
    (child) => child.kind === 'location' && !child.args.at(-1)?.startsWith(ACME),
  );
  const verdicts = locations.map((location) => ({ location, verdict: ownRedirect(location) }));
  const catchAll = verdicts.find(({ location }) => location.args.join(' ') === '/')?.verdict;
  if (!catchAll || catchAll.kind === 'serves' || catchAll.kind === 'refuses') {
    const message = `answers with content over plain HTTP: no server-level return or location / redirects (${where(server)})`;
    return { kind: 'serves', message, at: server };
  }
  const serving = verdicts.find(
    ({ location, verdict }) =>
      (!verdict || verdict.kind === 'serves') && !refuses(location, verdict),
  );
  if (!serving) return catchAll;
  const at = serving.location;
  const message = `location ${at.args.join(' ')} answers with content over plain HTTP (${where(at)}), beside the redirect`;
  return { kind: 'serves', message, at };
}

/** What a server that listens for plain HTTP does with a request that arrives there. */
export function classifyPlainServer(server: NginxServer): RedirectVerdict {
  const conditional = conditionalRedirect(server);
  if (conditional) return conditional;

  const redirect = ownRedirect(server.scope);
  if (redirect) return redirect;
  if (server.tls) {
    return {
      kind: 'serves',
      message: `listens for plain HTTP and HTTPS alike, and serves both (no redirect on $scheme) at ${where(server)}`,
      at: server,
    };
  }
  return locationRedirects(server);
}
