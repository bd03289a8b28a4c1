import { NotGivenError } from '../core/errors.js';
import { defineGatherer } from '../core/registry.js';
import type { GatherContext } from '../core/types.js';
import {
  type DatabaseTarget,
  describeSource,
  findDatabaseTarget,
  isOnTargetHost,
  isReachableTarget,
} from './database-url.js';
import { describePort, WELL_KNOWN_PORTS } from './port-catalogue.js';
import {
  type Endpoint,
  type PlainStartup,
  requestSsl,
  type SslAnswer,
  startWithoutTls,
} from './postgres-wire.js';
import { resolveTargetHost, type TargetHost } from './target-host.js';

declare module '../core/types.js' {
  interface Artifacts {
    postgresTransport: PostgresTransport;
  }
}

/** Services that answer the Postgres SSLRequest. */
const POSTGRES_SERVICES = new Set(['postgres', 'pgbouncer']);
/** More would be a scan of its own: the port probe already found the candidates. */
const MAX_ENDPOINTS = 4;

export interface SslProbe extends Endpoint {
  /** A Postgres port of the port list, or the one the database URL names. */
  origin: 'port-list' | 'database-url';
  answer?: SslAnswer;
  /** Nothing listens: the connection was refused. */
  closed?: boolean;
  /** Why there is no answer. */
  reason?: string;
}

export interface DatabaseLogin {
  /** user@host:port/dbname: no password. */
  display: string;
  /** Where the URL came from, as a phrase: `DATABASE_URL in .env:3`. */
  source: string;
  sslMode?: string;
  /** What a plain startup as this role got; absent when the URL's host was out of reach. */
  plainStartup?: PlainStartup;
  plainStartupError?: string;
  /** The URL's host is neither given nor the target's, so it was not contacted. */
  outOfScope: boolean;
}

export interface PostgresTransport {
  endpoints: SslProbe[];
  login?: DatabaseLogin;
}

export default defineGatherer({
  artifact: 'postgresTransport',
  kind: 'live',
  async gather(context) {
    const target = await resolveTargetHost(context);
    const database = await databaseOrNone(context);
    const reachable = database !== undefined && (await isReachableTarget(database, target));
    const endpoints = await plannedEndpoints(context, target, reachable ? database : undefined);
    const timeoutMs = context.config.limits.requestTimeout * 1000;

    await Promise.all(endpoints.map((endpoint) => askForSsl(context, endpoint, timeoutMs)));
    if (database === undefined) return { endpoints };
    return { endpoints, login: await probeLogin(context, database, reachable, endpoints) };
  },
});

async function askForSsl(
  context: GatherContext,
  endpoint: SslProbe,
  timeoutMs: number,
): Promise<void> {
  context.http.reserve('postgres');
  const answer = await requestSsl(endpoint, timeoutMs, context.signal);
  if (answer.ok) endpoint.answer = answer.value;
  else if (answer.refused) endpoint.closed = true;
  else endpoint.reason = answer.reason;
}

async function databaseOrNone(context: GatherContext): Promise<DatabaseTarget | undefined> {
  try {
    return await findDatabaseTarget(context);
  } catch (error) {
    if (error instanceof NotGivenError) return undefined;
    throw error;
  }
}

async function plannedEndpoints(
  context: GatherContext,
  target: TargetHost,
  database: DatabaseTarget | undefined,
): Promise<SslProbe[]> {
  const endpoints: SslProbe[] = postgresPorts(context).map((port) => ({
    host: target.address,
    port,
    origin: 'port-list',
  }));

  if (database !== undefined) {
    const onTarget = await isOnTargetHost(database.url, target);
    const listed = onTarget
      ? endpoints.find((endpoint) => endpoint.port === database.url.port)
      : undefined;
    if (listed) listed.origin = 'database-url';
    else
      endpoints.unshift({
        host: database.url.host,
        port: database.url.port,
        origin: 'database-url',
      });
  }
  return endpoints.slice(0, MAX_ENDPOINTS);
}

/**
 * The Postgres ports of the port list. They are asked again here rather than read from the
 * port probe: live gatherers take turns, so one cannot wait for another's artifact.
 */
function postgresPorts(context: GatherContext): number[] {
  const configured = context.config.probes.ports;
  const entries = configured
    ? configured.map((entry) =>
        typeof entry === 'number' ? describePort(entry) : describePort(entry.port, entry.service),
      )
    : WELL_KNOWN_PORTS;
  return entries.filter((entry) => POSTGRES_SERVICES.has(entry.service)).map((entry) => entry.port);
}

async function probeLogin(
  context: GatherContext,
  database: DatabaseTarget,
  reachable: boolean,
  endpoints: SslProbe[],
): Promise<DatabaseLogin> {
  const { url } = database;
  const login: DatabaseLogin = {
    display: url.display,
    source: describeSource(database.source),
    ...(url.sslMode ? { sslMode: url.sslMode } : {}),
    outOfScope: !reachable,
  };
  if (!reachable) return login;

  // Only a server that answered the SSLRequest as Postgres is sent a startup message.
  const endpoint = endpoints.find((candidate) => candidate.origin === 'database-url');
  if (endpoint?.answer !== 'S' && endpoint?.answer !== 'N') {
    login.plainStartupError = endpoint?.closed
      ? 'the connection was refused'
      : (endpoint?.reason ?? 'the database port did not answer as Postgres');
    return login;
  }
  context.http.reserve('postgres');
  const timeoutMs = context.config.limits.requestTimeout * 1000;
  const result = await startWithoutTls(
    endpoint,
    { user: url.user, database: url.database },
    timeoutMs,
    context.signal,
  );
  if (result.ok) login.plainStartup = result.value;
  else login.plainStartupError = result.reason;
  return login;
}
