import type { Evidence, Finding, Status } from '../../core/types.js';
import type { HttpResponse } from '../../gather/http.js';
import type { NginxConfig, NginxHeader, NginxMap, NginxScope } from '../../gather/nginx/types.js';
import type { PageJudgement } from '../headers/page-findings.js';
import {
  describeScope,
  judgedScopes,
  limitEvidence,
  locationOf,
  noServersMessage,
  type ScopeInContext,
  sentenceStart,
  serversOf,
  where,
} from './scopes.js';

type Judge = (response: HttpResponse, url: string) => PageJudgement;

/** One security header as nginx sets it, judged the way the live check judges a response. */
export interface HeaderRule {
  /** The header the check is about, as people write it. */
  label: string;
  /** The header the check is about, then any other it reads (lower case). */
  headers: string[];
  /** The live check's judgement of one response. */
  judge: Judge;
  /** Judge only servers that terminate TLS (HSTS means nothing over plain HTTP). */
  tlsOnly?: boolean;
  /** The add_header line that fixes a missing header. */
  directive: string;
}

interface Verdict {
  status: Exclude<Status, 'skip' | 'error'>;
  message: string;
  /**
   * The add_header line that decides, when one is in force (it may be inherited from the
   * level above): the line to fix. Absent when the header is missing at the level.
   */
  at?: NginxHeader;
}

const PASS_HANDLERS = ['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass'];
const VARIABLE = /\$\{?([A-Za-z0-9_]+)\}?/g;
/** Worst first: a failing level decides, then a warning, then one nginx cannot decide. */
const ORDER: Verdict['status'][] = ['fail', 'warn', 'manual', 'pass'];

/**
 * Judges the add_header lines in force at every level that serves the API (or content): what
 * nginx would send there, with `map` variables expanded, `always` checked, and a header that a
 * level's own add_header drops named as such.
 */
export function judgeHeaderScopes(config: NginxConfig, rule: HeaderRule): Finding {
  const servers = serversOf(config);
  if (servers.length === 0) return { status: 'skip', message: noServersMessage(config) };
  if (rule.tlsOnly && !servers.some(({ server }) => server.tls)) {
    return {
      status: 'manual',
      message:
        'No nginx server listens with ssl, so TLS ends elsewhere (a load balancer or CDN): that ' +
        `layer must send ${rule.label}.`,
    };
  }
  const scopes = judgedScopes(config, (server) => !rule.tlsOnly || server.tls);
  if (scopes.length === 0) {
    return {
      status: 'skip',
      message: 'Every nginx server only redirects or refuses: none serves content to judge.',
    };
  }

  const judged = scopes.map((context) => ({ context, ...judgeScope(context, rule) }));
  const status = ORDER.find((candidate) => judged.some((entry) => entry.status === candidate))!;
  const deciding = judged.find((entry) => entry.status === status)!;
  const evidence: Evidence[] = [...judged]
    .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status))
    .map(({ context, message }) => ({
      message: `${describeScope(context.scope, context.server)}: ${message}`,
      location: locationOf(context.scope),
    }));
  const scope = describeScope(deciding.context.scope, deciding.context.server);
  const count = judged.length > 1 ? ` (${judged.length} levels judged)` : '';
  const { at } = deciding;
  // The level's place stays in the message; the add_header that decides is what to change.
  const directive =
    at === undefined || status === 'pass' || deciding.message.includes(where(at))
      ? ''
      : ` (add_header ${at.name} at ${where(at)})`;
  return {
    status,
    message: `${sentenceStart(deciding.message)}${directive}: ${scope} at ${where(deciding.context.scope)}${count}.`,
    location: locationOf(at ?? deciding.context.scope),
    evidence: limitEvidence(evidence),
  };
}

function judgeScope(context: ScopeInContext, rule: HeaderRule): Verdict {
  const { scope, root } = context;
  const relevant = scope.headers.filter((header) =>
    rule.headers.includes(header.name.toLowerCase()),
  );
  if (relevant.length === 0) return judgeAbsence(context, rule);

  const unresolved = variablesOf(relevant).find((name) => !Object.hasOwn(root.maps, name));
  if (unresolved !== undefined) {
    return {
      status: 'warn',
      message: `the value comes from $${unresolved} at run time, which cannot be read here`,
      at: relevant.find((header) => variablesOf([header]).includes(unresolved))!,
    };
  }
  const verdict = judgeScenarios(relevant, root.maps, rule, context);
  const withoutAlways = relevant.filter((header) => !header.always);
  if (verdict.status !== 'pass' || withoutAlways.length === 0) {
    return { ...verdict, at: relevant[0]! };
  }

  const names = [...new Set(withoutAlways.map((header) => header.name))].join(', ');
  return {
    status: 'warn',
    message: `${verdict.message}; but ${names} lacks \`always\` (${where(withoutAlways[0]!)}), so error responses (4xx, 5xx) go without it`,
    at: withoutAlways[0]!,
  };
}

function judgeAbsence(context: ScopeInContext, rule: HeaderRule): Verdict {
  const { scope, ancestors } = context;
  const parent = ancestors.at(-1);
  const dropped = parent?.headers.find((header) =>
    rule.headers.includes(header.name.toLowerCase()),
  );
  // The level's own first add_header is what replaced the inherited list.
  const replacing = scope.headers[0];
  if (dropped && replacing) {
    return {
      status: 'fail',
      message:
        `${dropped.name} set at ${where(dropped)} does not reach here: the add_header at ` +
        `${where(replacing)} replaces every inherited header`,
    };
  }
  if (handsToApplication(scope)) {
    return {
      status: 'manual',
      message: `no ${rule.label} is set here by nginx; the application behind it may set it (the live check decides)`,
    };
  }
  const verdict = rule.judge(responseWith({}), 'https://nginx.invalid/');
  return {
    status: verdict.status === 'pass' ? 'pass' : 'fail',
    message: `${verdict.message}; expected ${rule.directive}`,
  };
}

function handsToApplication(scope: NginxScope): boolean {
  return PASS_HANDLERS.some((name) => Object.hasOwn(scope.effective, name));
}

function variablesOf(headers: readonly NginxHeader[]): string[] {
  return [
    ...new Set(headers.flatMap((header) => [...header.value.matchAll(VARIABLE)].map((m) => m[1]!))),
  ];
}

/**
 * A header set from a `map` differs by response: judged once with every map at its default,
 * once with every map at its first non-empty value.
 */
function judgeScenarios(
  headers: readonly NginxHeader[],
  maps: Record<string, NginxMap>,
  rule: HeaderRule,
  context: ScopeInContext,
): Verdict {
  const variables = variablesOf(headers);
  const url = context.server.tls ? 'https://nginx.invalid/' : 'http://nginx.invalid/';
  const judge = (pick: (map: NginxMap) => string) => {
    const values = Object.fromEntries(variables.map((name) => [name, pick(maps[name]!)]));
    return toVerdict(rule.judge(responseWith(expand(headers, values)), url));
  };
  const fallback = judge((map) => map.defaultValue ?? '');
  if (variables.length === 0) return fallback;

  const matched = judge(
    (map) => map.values.find((value) => value !== '') ?? map.defaultValue ?? '',
  );
  if (matched.status === fallback.status) return fallback;
  const sources = [...new Set(variables.map((name) => maps[name]!.source))].join(', ');
  const good = matched.status === 'fail' ? fallback : matched;
  const bad = matched.status === 'fail' ? matched : fallback;
  return {
    status: bad.status === 'fail' ? 'warn' : bad.status,
    message: `depends on the response (map on ${sources}): ${good.message} for some, ${bad.message} for others`,
  };
}

function toVerdict(judgement: PageJudgement): Verdict {
  return {
    status: judgement.status === 'error' ? 'fail' : judgement.status,
    message: judgement.message,
  };
}

/** The headers nginx sends: variables replaced, and empty values dropped as nginx drops them. */
function expand(
  headers: readonly NginxHeader[],
  values: Record<string, string>,
): Record<string, string[]> {
  const sent = Object.create(null) as Record<string, string[]>;
  for (const header of headers) {
    const value = header.value.replace(VARIABLE, (_match, name: string) => values[name] ?? '');
    const name = header.name.toLowerCase();
    if (value !== '') sent[name] = [...(sent[name] ?? []), value];
  }
  return sent;
}

function responseWith(headers: Record<string, string[]>): HttpResponse {
  return { status: 200, headers, body: '', truncated: false, elapsedMs: 0 };
}
