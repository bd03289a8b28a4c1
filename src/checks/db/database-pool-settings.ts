import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { DatabaseClientSetting, DatabaseSettings } from '../../gather/database-settings.js';
import { capped, evidenceAt, where } from '../source-places.js';

/** Options and URL parameters that size a pool, by driver. */
const SIZE_NAMES =
  /^(?:pool_size|max_overflow|max|min|max_size|min_size|maxconn|minconn|poolsize|pool|connectionlimit|connection_limit|pool_max)$/;

type Pooling = 'sized' | 'default' | 'none';

export function clientPooling(client: DatabaseClientSetting): Pooling {
  if (client.pooling !== 'pool') return 'none';
  const names = [...Object.keys(client.options), ...Object.keys(client.urlParams)];
  return names.some((name) => SIZE_NAMES.test(name)) ? 'sized' : 'default';
}

const POOLING_WORDS: Record<Pooling, string> = {
  sized: 'pools connections with a size set',
  default: 'pools connections with the driver default size',
  none: 'opens a connection without a pool',
};

export function judgeDatabasePool(settings: DatabaseSettings): Finding {
  if (settings.clients.length === 0) {
    return {
      status: 'manual',
      message: 'No database engine, pool or client was found in the code.',
    };
  }
  const clients = settings.clients.map((client) => ({ client, pooling: clientPooling(client) }));
  const evidence = capped(
    clients.map(({ client, pooling }) =>
      evidenceAt(
        `${where(client)}: ${client.library} \`${client.call}\` ${POOLING_WORDS[pooling]}`,
        client,
      ),
    ),
  );
  if (clients.some(({ pooling }) => pooling === 'sized')) {
    return {
      status: 'pass',
      message: 'Database connections are pooled with a size set.',
      evidence,
    };
  }
  if (clients.some(({ pooling }) => pooling === 'default')) {
    return {
      status: 'warn',
      message: "Database connections are pooled, with the driver's default size.",
      evidence,
      remediation:
        "Size the pool for the worker count and the server's max_connections: `pool_size=10, max_overflow=5` (SQLAlchemy), `max: 10` (node-pg, knex, Sequelize), `connection_limit=10` (Prisma URL).",
    };
  }
  return { status: 'fail', message: 'Database connections are opened without a pool.', evidence };
}

export default defineCheck({
  id: 'database-pool-settings',
  title: 'Database connections are pooled',
  severity: 'medium',
  needs: ['databaseSettings'],
  remediation:
    'Use a pool sized for the load: SQLAlchemy `create_engine(url, pool_size=10, max_overflow=5, ' +
    'pool_pre_ping=True)` (not NullPool), psycopg_pool `ConnectionPool(min_size=2, max_size=10)`, ' +
    'asyncpg `create_pool(max_size=10)`, node-pg `new Pool({ max: 10 })` rather than `new Client()`.',
  run: ({ databaseSettings }) => judgeDatabasePool(databaseSettings),
});
