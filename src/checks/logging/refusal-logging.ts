import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import { type Exchange, probeMarker, REQUEST_ID_HEADER } from '../../gather/http.js';

type SecurityLog = Artifacts['securityLog'];
type LogMatch = Extract<SecurityLog, { matches: unknown }>['matches'][number];

/** A probe request whose refusal should be in the log, named for the report. */
export interface LoggedRequest {
  name: string;
  exchange: Exchange;
}

/** How many request ids a manual instruction lists before it says "and N more". */
const LISTED_IDS = 5;

/** A 4xx that refuses the request itself: not a missing route or method, nor a rate limit. */
export function isRefusalStatus(status: number): boolean {
  return status >= 400 && status < 500 && ![404, 405, 429].includes(status);
}

/** Whether the agent carried the marker; an empty or absent agent carries only the header. */
function carriesMarker({ exchange }: LoggedRequest): boolean {
  return exchange.request.userAgent?.includes(probeMarker(exchange.request.id ?? '')) ?? false;
}

function idList(requests: LoggedRequest[]): string {
  const ids = requests.map((request) => request.exchange.request.id!);
  const more = ids.length > LISTED_IDS ? ` and ${ids.length - LISTED_IDS} more` : '';
  return `${ids.slice(0, LISTED_IDS).join(', ')}${more}`;
}

function manualWithoutSource(refused: LoggedRequest[], what: string): Finding {
  return {
    status: 'manual',
    message:
      `No log source is configured (probes.securityLog: {file: ...} or {command: ...}), so the log was not read. ` +
      `Search the security log for the ${refused.length} refused ${what}: each request carried the ${REQUEST_ID_HEADER} header ` +
      `(${idList(refused)}) and, unless its user agent was empty, the user agent suffix shipshape-probe/<id>.`,
  };
}

function evidenceOf(
  refused: LoggedRequest[],
  found: Map<string, LogMatch>,
  log: Extract<SecurityLog, { matches: unknown }>,
): Evidence[] {
  return refused.map((request) => {
    const id = request.exchange.request.id!;
    const match = found.get(id);
    const answer = `${request.name} (${request.exchange.response!.status}, request id ${id})`;
    if (!match) return { message: `${answer}: not found in the log` };
    if (log.source.kind === 'command')
      return {
        message: `${answer}: logged, line ${match.line ?? '?'} of the log command's output`,
      };
    return {
      message: `${answer}: logged`,
      location: { file: log.source.file, ...(match.line ? { line: match.line } : {}) },
    };
  });
}

/**
 * Every refused probe request must appear in the log, found by its request id (from the
 * header or the agent's marker). A request whose agent was empty could only be found by the
 * header: missing only those warns rather than fails.
 */
export function judgeLogging(
  requests: LoggedRequest[],
  log: SecurityLog,
  what: string,
  isRefusal: (status: number) => boolean = isRefusalStatus,
): Finding {
  const refused = requests.filter(
    ({ exchange }) =>
      exchange.request.id !== undefined &&
      exchange.response !== undefined &&
      isRefusal(exchange.response.status),
  );
  if (refused.length === 0) {
    return {
      status: 'skip',
      message: `None of the ${what} was refused, so there is no refusal to find in the log.`,
    };
  }
  if (!log.configured) return manualWithoutSource(refused, what);
  if ('error' in log)
    return { status: 'error', message: `The security log could not be read: ${log.error}.` };

  const found = new Map(log.matches.map((match) => [match.requestId, match]));
  const evidence = evidenceOf(refused, found, log);
  const missing = refused.filter((request) => !found.has(request.exchange.request.id!));
  const where = log.source.kind === 'file' ? log.source.file : "the log command's output";
  if (missing.length === 0) {
    return {
      status: 'pass',
      message: `All ${refused.length} refused ${what} are recorded in ${where}.`,
      evidence,
    };
  }
  const names = missing.map((request) => request.name).join(', ');
  const message = `${missing.length} of ${refused.length} refused ${what} are not recorded in ${where} (${names}), searched by request id in ${log.linesRead} lines.`;
  if (missing.every((request) => !carriesMarker(request))) {
    return {
      status: 'warn',
      message: `${message} They had no user agent, so only the ${REQUEST_ID_HEADER} header named them: log it, or the request's X-Request-ID.`,
      evidence,
    };
  }
  return { status: 'fail', message, evidence };
}
