import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineGatherer } from '../core/registry.js';
import type { GatherContext } from '../core/types.js';
import { parseDatabaseUrl } from './database-url.js';
import type { EnvFileSet } from './env.js';
import type { DatabaseClient, Place, SourceFacts, TimeoutSetting } from './source.js';

/** A Postgres URL of the application, without its password. */
export interface DatabaseUrlSetting {
  origin: 'env' | 'code' | 'prisma';
  file: string;
  line?: number;
  /** The env key it is set under, for URLs from env files. */
  key?: string;
  user: string;
  host: string;
  sslMode?: string;
  /** Parameters that are settings (sslmode, connect_timeout, options ...), lower-case keys. */
  params: Record<string, string>;
}

/** A client made in code, with the parameters of the URL it connects with, where known. */
export interface DatabaseClientSetting extends DatabaseClient {
  urlParams: Record<string, string>;
  urlSslMode?: string;
}

/** An env setting libpq or a driver reads by itself: `PGSSLMODE`, `PGOPTIONS` ... */
export interface DatabaseEnvSetting {
  key: string;
  value: string;
  file: string;
  line?: number;
}

/** The role a connection logs in as. Only well-known administrator names are kept verbatim. */
export interface DatabaseRole {
  /** The name when it is a well-known superuser name, else ''. */
  superuser: string;
  /** The name is also a secret (its own password, say): it is described, never named. */
  nameIsSecret: boolean;
  length: number;
  source: string;
  file: string;
  line?: number;
}

export interface DatabaseSettings {
  urls: DatabaseUrlSetting[];
  /** Clients of the application; Alembic's own one-off connections are left out. */
  clients: DatabaseClientSetting[];
  timeouts: TimeoutSetting[];
  env: DatabaseEnvSetting[];
  roles: DatabaseRole[];
  /** Deployment env files were found and read. */
  envRead: boolean;
  sourceFilesScanned: number;
}

declare module '../core/types.js' {
  interface Artifacts {
    databaseSettings: DatabaseSettings;
  }
}

/** Role names that are administrators on Postgres, MySQL, SQL Server and managed services. */
export const SUPERUSER_NAMES = new Set([
  'postgres',
  'root',
  'admin',
  'sa',
  'superuser',
  'administrator',
  'rdsadmin',
  'azure_superuser',
  'cloudsqlsuperuser',
]);

/** Env keys whose values are settings the driver reads itself (never secrets). */
const DRIVER_ENV_KEY =
  /^(?:PGSSLMODE|PGOPTIONS|PGCONNECT_TIMEOUT|(?:DB|DATABASE|POSTGRES|PG)_(?:SSL|SSLMODE|SSL_MODE|STATEMENT_TIMEOUT|CONNECT_TIMEOUT|POOL_SIZE|MAX_OVERFLOW|POOL_MAX))$/i;
const USER_ENV_KEY = /^(?:POSTGRES|PG|DB|DATABASE|SQL|TYPEORM|MYSQL)_?USER(?:NAME)?$/i;
const PRISMA_URL = /^\s*(url|directUrl)\s*=\s*(?:env\(\s*"([^"]+)"\s*\)|"([^"]*)")/;

export default defineGatherer({
  artifact: 'databaseSettings',
  kind: 'static',
  async gather(context) {
    const source = await context.get('sourceFacts');
    const envFiles = await optionalEnvFiles(context);
    const prisma = await readPrismaSchemas(context);
    return assembleSettings(source, envFiles, prisma, context);
  },
});

export async function optionalEnvFiles(context: GatherContext): Promise<EnvFileSet | null> {
  try {
    return await context.get('envFiles');
  } catch {
    return null;
  }
}

interface PrismaDatasource {
  file: string;
  line: number;
  key?: string;
  literal?: string;
}

async function readPrismaSchemas(context: GatherContext): Promise<PrismaDatasource[]> {
  const index = await context.get('files');
  const found: PrismaDatasource[] = [];
  for (const file of index.files.filter((candidate) => candidate.path.endsWith('.prisma'))) {
    const text = await readFile(join(index.root, file.path), 'utf8').catch(() => '');
    text.split('\n').forEach((line, i) => {
      const match = PRISMA_URL.exec(line);
      if (match?.[1] !== 'url') return;
      const place = { file: file.path, line: i + 1 };
      if (match[2] !== undefined) found.push({ ...place, key: match[2] });
      else if (match[3] !== undefined) found.push({ ...place, literal: match[3] });
    });
  }
  return found;
}

export function assembleSettings(
  source: SourceFacts,
  envFiles: EnvFileSet | null,
  prisma: PrismaDatasource[],
  context: Pick<GatherContext, 'secrets'>,
): DatabaseSettings {
  const urls = [...envUrls(envFiles, context), ...codeUrls(source), ...prismaUrls(prisma, context)];
  const clients = [...source.databaseClients, ...prisma.map(prismaClient)]
    .filter((client) => !client.migrations)
    .map((client) => withUrl(client, urls));
  return {
    urls,
    clients,
    timeouts: source.timeoutSettings,
    env: driverEnv(envFiles),
    roles: findRoles(urls, envFiles).map(({ name, ...found }) => ({
      ...found,
      nameIsSecret: context.secrets.hides(name),
    })),
    envRead: (envFiles?.deployment.length ?? 0) > 0,
    sourceFilesScanned: source.filesScanned,
  };
}

function envUrls(envFiles: EnvFileSet | null, context: Pick<GatherContext, 'secrets'>) {
  const found: DatabaseUrlSetting[] = [];
  for (const file of envFiles?.deployment ?? []) {
    for (const entry of file.entries) {
      const url = settingOf(entry.value, context);
      if (url === null) continue;
      const line = entry.line === undefined ? {} : { line: entry.line };
      found.push({ origin: 'env', file: file.path, ...line, key: entry.key, ...url });
    }
  }
  return found;
}

function codeUrls(source: SourceFacts): DatabaseUrlSetting[] {
  return source.databaseUrls.map((url) => ({ origin: 'code', ...url }));
}

function prismaUrls(prisma: PrismaDatasource[], context: Pick<GatherContext, 'secrets'>) {
  const found: DatabaseUrlSetting[] = [];
  for (const datasource of prisma) {
    const url = datasource.literal === undefined ? null : settingOf(datasource.literal, context);
    if (url) found.push({ origin: 'prisma', file: datasource.file, line: datasource.line, ...url });
  }
  return found;
}

/** A URL's settings; its password and the whole text are registered as secrets. */
function settingOf(text: string, context: Pick<GatherContext, 'secrets'>) {
  const url = parseDatabaseUrl(text);
  if (url === null) return null;
  context.secrets.add(text);
  context.secrets.add(url.password);
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(text.trim()).searchParams) {
    if (!/pass|secret|token|key/i.test(key)) params[key.toLowerCase()] = value;
  }
  return {
    user: url.user,
    host: url.host,
    params,
    ...(url.sslMode ? { sslMode: url.sslMode } : {}),
  };
}

function prismaClient(datasource: PrismaDatasource): DatabaseClient {
  const url = datasource.key
    ? { kind: 'env' as const, key: datasource.key }
    : { kind: 'expression' as const };
  return {
    file: datasource.file,
    line: datasource.line,
    library: 'prisma',
    call: 'datasource (schema.prisma)',
    pooling: 'pool',
    options: {},
    url,
    migrations: false,
  };
}

/** Joins a client with the parameters of its URL: a literal one, or the env key it reads. */
function withUrl(client: DatabaseClient, urls: DatabaseUrlSetting[]): DatabaseClientSetting {
  const origin = client.url;
  let url: { params: Record<string, string>; sslMode?: string } | undefined;
  if (origin?.kind === 'literal') url = origin.url;
  if (origin?.kind === 'env') url = urls.find((candidate) => candidate.key === origin.key);
  return {
    ...client,
    urlParams: url?.params ?? {},
    ...(url?.sslMode ? { urlSslMode: url.sslMode } : {}),
  };
}

function driverEnv(envFiles: EnvFileSet | null): DatabaseEnvSetting[] {
  const found: DatabaseEnvSetting[] = [];
  for (const file of envFiles?.deployment ?? []) {
    for (const entry of file.entries) {
      if (!DRIVER_ENV_KEY.test(entry.key) || entry.secret) continue;
      const line = entry.line === undefined ? {} : { line: entry.line };
      found.push({ key: entry.key, value: entry.value, file: file.path, ...line });
    }
  }
  return found;
}

/** The roles of the URLs; separate user keys only when no URL names one. */
function findRoles(urls: DatabaseUrlSetting[], envFiles: EnvFileSet | null) {
  const fromUrls = urls
    .filter((url) => url.user !== '')
    .map((url) => role(url.user, url.key ? `${url.key}` : 'database URL', url));
  if (fromUrls.length > 0) return fromUrls;

  const fromKeys: Array<ReturnType<typeof role>> = [];
  for (const file of envFiles?.deployment ?? []) {
    for (const entry of file.entries) {
      if (!USER_ENV_KEY.test(entry.key) || entry.value === '' || entry.value.includes('$'))
        continue;
      const line = entry.line === undefined ? {} : { line: entry.line };
      fromKeys.push(role(entry.value, entry.key, { file: file.path, ...line }));
    }
  }
  return fromKeys;
}

function role(name: string, source: string, place: Omit<Place, 'line'> & { line?: number }) {
  const superuser = SUPERUSER_NAMES.has(name.toLowerCase()) ? name.toLowerCase() : '';
  const line = place.line === undefined ? {} : { line: place.line };
  return { name, superuser, length: name.length, source, file: place.file, ...line };
}
