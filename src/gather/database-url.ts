import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { NotGivenError } from '../core/errors.js';
import type { GatherContext } from '../core/types.js';
import type { EnvFileSet } from './env.js';
import type { TargetHost } from './target-host.js';

/** The keys an application's env file names its database URL with, most usual first. */
const URL_KEYS = ['DATABASE_URL', 'SQLALCHEMY_DATABASE_URI', 'POSTGRES_URL', 'DB_URL'];

const POSTGRES_SCHEME = /^postgres(?:ql)?(?:\+\w+)?:$/i;
const DEFAULT_PORT = 5432;

/** A Postgres URL taken apart. The password is never shown: `display` leaves it out. */
export interface DatabaseUrl {
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
  /** libpq's sslmode (or asyncpg's ssl) parameter, lower case; undefined when not set. */
  sslMode?: string;
  /** user@host:port/dbname */
  display: string;
}

/** Where the URL came from: the configuration (or --database-url), or a deployment env file. */
export type DatabaseUrlSource =
  | { kind: 'given' }
  | { kind: 'env'; file: string; line?: number; key: string };

export interface DatabaseTarget {
  url: DatabaseUrl;
  source: DatabaseUrlSource;
}

/** Parses a postgres:// URL; null when it is not one. Errors never echo the text. */
export function parseDatabaseUrl(text: string): DatabaseUrl | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (!POSTGRES_SCHEME.test(url.protocol) || url.hostname === '') return null;

  const user = decodeURIComponent(url.username);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user;
  const sslMode = (url.searchParams.get('sslmode') ?? url.searchParams.get('ssl'))?.toLowerCase();
  return {
    user,
    password: decodeURIComponent(url.password),
    host,
    port,
    database,
    ...(sslMode ? { sslMode } : {}),
    display: `${user || '(no user)'}@${host}:${port}/${database}`,
  };
}

/**
 * The database URL of the scan: the configured one, else one from a deployment env file.
 * Its password and the whole URL are registered as secrets. Throws NotGivenError without one.
 */
export async function findDatabaseTarget(context: GatherContext): Promise<DatabaseTarget> {
  const given = context.config.database.url;
  if (given !== undefined) {
    context.secrets.add(given);
    const url = parseDatabaseUrl(given);
    if (url === null) throw new Error('database.url is not a postgresql:// URL with a host');
    context.secrets.add(url.password);
    return { url, source: { kind: 'given' } };
  }

  const found = findInEnvFiles(await envFilesOrNone(context));
  if (found === null) {
    throw new NotGivenError('no database URL was given (--database-url or database.url)');
  }
  context.secrets.add(found.text);
  context.secrets.add(found.target.url.password);
  return found.target;
}

async function envFilesOrNone(context: GatherContext): Promise<EnvFileSet | null> {
  try {
    return await context.get('envFiles');
  } catch {
    return null;
  }
}

function findInEnvFiles(
  envFiles: EnvFileSet | null,
): { text: string; target: DatabaseTarget } | null {
  for (const key of URL_KEYS) {
    for (const file of envFiles?.deployment ?? []) {
      const entry = file.entries.find((candidate) => candidate.key === key);
      const url = entry ? parseDatabaseUrl(entry.value) : null;
      if (!entry || url === null) continue;
      const line = entry.line === undefined ? {} : { line: entry.line };
      return {
        text: entry.value,
        target: { url, source: { kind: 'env', file: file.path, key, ...line } },
      };
    }
  }
  return null;
}

/** Where the URL came from, for evidence: never the value. */
export function describeSource(source: DatabaseUrlSource): string {
  if (source.kind === 'given') return 'the given database URL';
  const line = source.line === undefined ? '' : `:${source.line}`;
  return `${source.key} in ${source.file}${line}`;
}

/**
 * A URL given by the user names a database to scan, wherever it is. One read from an env file
 * is only followed to the target's own host, so that a scan never reaches a host nobody named.
 */
export async function isReachableTarget(
  database: DatabaseTarget,
  target: TargetHost,
): Promise<boolean> {
  return database.source.kind === 'given' || (await isOnTargetHost(database.url, target));
}

/** The database's host resolves to the address the target's probes go to. */
export async function isOnTargetHost(url: DatabaseUrl, target: TargetHost): Promise<boolean> {
  return (await addressOf(url.host)) === target.address;
}

async function addressOf(host: string): Promise<string | null> {
  if (isIP(host)) return host;
  try {
    return (await lookup(host)).address;
  } catch {
    return null;
  }
}
