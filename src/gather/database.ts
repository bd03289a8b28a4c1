import pg from 'pg';
import { NotGivenError } from '../core/errors.js';
import { defineGatherer } from '../core/registry.js';
import type { GatherContext } from '../core/types.js';
import {
  type DatabaseUrl,
  describeSource,
  findDatabaseTarget,
  isReachableTarget,
} from './database-url.js';
import { resolveTargetHost } from './target-host.js';

declare module '../core/types.js' {
  interface Artifacts {
    databaseSession: DatabaseSession;
  }
}

export interface OwnedObjects {
  /** table, view, sequence, schema, function ... */
  kind: string;
  count: number;
  /** A few qualified names. */
  examples: string[];
}

/** What the application's role may do, read from the catalogue as that role. */
export interface RoleFacts {
  name: string;
  superuser: boolean;
  createRole: boolean;
  createDatabase: boolean;
  replication: boolean;
  bypassRls: boolean;
  /** Roles it is a member of, directly or through others. */
  memberOf: string[];
  ownsDatabase: boolean;
  /** CREATE on the database: it may add schemas. */
  createInDatabase: boolean;
  /** Schemas where it may create objects. */
  createInSchemas: string[];
  owned: OwnedObjects[];
  /** Table privileges it holds, with the number of tables each covers. */
  tablePrivileges: { privilege: string; tables: number }[];
}

export interface AlembicState {
  /** The alembic_version table exists in the role's search path. */
  table: boolean;
  revisions: string[];
  error?: string;
}

export interface DatabaseSession {
  display: string;
  source: string;
  /** The session ran over TLS. */
  tls: boolean;
  serverVersion: string;
  role: RoleFacts;
  alembic: AlembicState;
}

const STATEMENT_TIMEOUT_MS = 5000;
const SSL_OFF_MESSAGE = /does not support SSL/i;

export default defineGatherer({
  artifact: 'databaseSession',
  kind: 'live',
  async gather(context) {
    const database = await findDatabaseTarget(context);
    const target = await resolveTargetHost(context);
    if (!(await isReachableTarget(database, target))) {
      throw new NotGivenError(
        `${describeSource(database.source)} points at ${database.url.host}, not the target ` +
          'host; give --database-url to connect to it',
      );
    }

    const { client, tls } = await connectAsApplication(context, database.url);
    try {
      const role = await readRoleFacts(client);
      const alembic = await readAlembicState(client);
      const serverVersion = await readServerVersion(client);
      return {
        display: database.url.display,
        source: describeSource(database.source),
        tls,
        serverVersion,
        role,
        alembic,
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  },
});

/**
 * Connects the way libpq would with the URL's sslmode: `disable` plain, `require` and the
 * `verify-*` modes over TLS only, anything else TLS first and plain if the server has SSL off.
 * The server's certificate is not verified: this session reads privileges, it judges no trust.
 */
async function connectAsApplication(
  context: GatherContext,
  url: DatabaseUrl,
): Promise<{ client: pg.Client; tls: boolean }> {
  const mode = url.sslMode ?? 'prefer';
  if (mode === 'disable' || mode === 'false')
    return { client: await connect(context, url, false), tls: false };
  try {
    return { client: await connect(context, url, true), tls: true };
  } catch (error) {
    const tlsRequired = mode === 'require' || mode.startsWith('verify') || mode === 'true';
    if (tlsRequired || !SSL_OFF_MESSAGE.test(String((error as Error).message))) throw error;
    return { client: await connect(context, url, false), tls: false };
  }
}

async function connect(context: GatherContext, url: DatabaseUrl, tls: boolean): Promise<pg.Client> {
  context.http.reserve('postgres');
  const timeoutMs = context.config.limits.requestTimeout * 1000;
  const client = new pg.Client({
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    ssl: tls ? { rejectUnauthorized: false } : false,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS + 1000,
    application_name: 'shipshape',
  });
  // A connection dropped after the session is read must not crash the scan.
  client.on('error', () => undefined);
  const onAbort = () => void client.end().catch(() => undefined);
  context.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot connect as ${url.display}: ${(error as Error).message}`);
  } finally {
    context.signal.removeEventListener('abort', onAbort);
  }
}

const ATTRIBUTES_SQL = `
  select r.rolname as name, r.rolsuper as superuser, r.rolcreaterole as create_role,
    r.rolcreatedb as create_database, r.rolreplication as replication, r.rolbypassrls as bypass_rls,
    d.datdba = r.oid as owns_database,
    has_database_privilege(current_database(), 'CREATE') as create_in_database
  from pg_roles r, pg_database d
  where r.rolname = current_user and d.datname = current_database()`;

// From pg_auth_members, not pg_has_role: to a superuser, pg_has_role says yes for every role.
const MEMBER_OF_SQL = `
  with recursive member_of(oid) as (
    select m.roleid from pg_auth_members m join pg_roles r on r.oid = m.member
    where r.rolname = current_user
    union
    select m.roleid from pg_auth_members m join member_of on m.member = member_of.oid
  )
  select r.rolname from pg_roles r join member_of on r.oid = member_of.oid order by r.rolname`;

const USER_SCHEMA =
  "n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'";

const CREATE_IN_SCHEMAS_SQL = `
  select n.nspname from pg_namespace n
  where ${USER_SCHEMA} and has_schema_privilege(n.oid, 'CREATE')
  order by n.nspname`;

const OWNED_SQL = `
  with me as (select oid from pg_roles where rolname = current_user),
  owned as (
    select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'
      when 'm' then 'materialized view' when 'S' then 'sequence' else 'foreign table' end as kind,
      n.nspname || '.' || c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace, me
    where c.relowner = me.oid and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and ${USER_SCHEMA}
    union all
    select 'schema', n.nspname from pg_namespace n, me where n.nspowner = me.oid and ${USER_SCHEMA}
    union all
    select 'function', n.nspname || '.' || p.proname
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace, me
    where p.proowner = me.oid and ${USER_SCHEMA}
  )
  select kind, count(*)::int as count, (array_agg(name order by name))[1:5] as examples
  from owned group by kind order by kind`;

const TABLE_PRIVILEGES_SQL = `
  select p.privilege, count(*)::int as tables
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  cross join unnest(array[
    'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'
  ]) as p(privilege)
  where c.relkind in ('r', 'p') and ${USER_SCHEMA} and has_table_privilege(c.oid, p.privilege)
  group by p.privilege order by p.privilege`;

interface AttributeRow {
  name: string;
  superuser: boolean;
  create_role: boolean;
  create_database: boolean;
  replication: boolean;
  bypass_rls: boolean;
  owns_database: boolean;
  create_in_database: boolean;
}

export async function readRoleFacts(client: pg.Client): Promise<RoleFacts> {
  const attributes = (await client.query<AttributeRow>(ATTRIBUTES_SQL)).rows[0];
  if (!attributes) throw new Error('the role could not read its own entry in pg_roles');
  const memberOf = await client.query<{ rolname: string }>(MEMBER_OF_SQL);
  const schemas = await client.query<{ nspname: string }>(CREATE_IN_SCHEMAS_SQL);
  const owned = await client.query<OwnedObjects>(OWNED_SQL);
  const privileges = await client.query<{ privilege: string; tables: number }>(
    TABLE_PRIVILEGES_SQL,
  );

  return {
    name: attributes.name,
    superuser: attributes.superuser,
    createRole: attributes.create_role,
    createDatabase: attributes.create_database,
    replication: attributes.replication,
    bypassRls: attributes.bypass_rls,
    memberOf: memberOf.rows.map((row) => row.rolname),
    ownsDatabase: attributes.owns_database,
    createInDatabase: attributes.create_in_database,
    createInSchemas: schemas.rows.map((row) => row.nspname),
    owned: owned.rows,
    tablePrivileges: privileges.rows,
  };
}

async function readAlembicState(client: pg.Client): Promise<AlembicState> {
  try {
    const found = await client.query<{ present: boolean }>(
      "select to_regclass('alembic_version') is not null as present",
    );
    if (!found.rows[0]?.present) return { table: false, revisions: [] };
    const rows = await client.query<{ version_num: string }>(
      'select version_num from alembic_version',
    );
    return { table: true, revisions: rows.rows.map((row) => row.version_num).sort() };
  } catch (error) {
    return { table: false, revisions: [], error: (error as Error).message };
  }
}

async function readServerVersion(client: pg.Client): Promise<string> {
  const result = await client.query<{ version: string }>(
    "select current_setting('server_version') as version",
  );
  return result.rows[0]?.version ?? 'unknown';
}
