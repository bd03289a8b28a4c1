import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { DatabaseSettings } from '../../gather/database-settings.js';
import { findSettings, judgeTimeoutSettings } from './settings-facts.js';

const CONNECT_TIMEOUT_NAMES =
  /^(?:connect_timeout|connectiontimeoutmillis|connecttimeout|connecttimeoutms|acquireconnectiontimeout|timeout)$/;
const CONNECT_TIMEOUT_ENV = /CONNECT_TIMEOUT$/i;

export function judgeConnectTimeout(settings: DatabaseSettings): Finding {
  const found = findSettings(settings, CONNECT_TIMEOUT_NAMES, CONNECT_TIMEOUT_ENV);
  return judgeTimeoutSettings(settings, found, {
    zero: { status: 'warn', message: 'A connect timeout is set to 0, which means wait for ever.' },
    set: { status: 'pass', message: 'A connect timeout is set for the database connection.' },
    absent: {
      status: 'warn',
      message:
        'No connect timeout is set: when the database is unreachable, requests wait on the driver default.',
    },
  });
}

export default defineCheck({
  id: 'connect-timeout-settings',
  title: 'Database connections have a connect timeout',
  severity: 'low',
  needs: ['databaseSettings'],
  remediation:
    'Set a connect timeout: `connect_timeout=10` in the URL or connect_args (libpq, psycopg), ' +
    '`timeout=10` (asyncpg), `connectionTimeoutMillis: 10000` (node-pg), `connect_timeout=10` ' +
    'in a Prisma URL.',
  run: ({ databaseSettings }) => judgeConnectTimeout(databaseSettings),
});
