import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { DatabaseSettings } from '../../gather/database-settings.js';
import { statementTimeoutIn } from '../../gather/source/db-url.js';
import { evidenceAt, where } from '../source-places.js';
import { type FoundSetting, findSettings, judgeTimeoutSettings } from './settings-facts.js';

/** Settings that end a long query: Postgres's own, and the drivers' client-side ones. */
const QUERY_TIMEOUT_NAMES = /^(?:statement_timeout|command_timeout|query_timeout|socket_timeout)$/;
const QUERY_TIMEOUT_ENV = /STATEMENT_TIMEOUT$/i;

export function judgeStatementTimeout(settings: DatabaseSettings): Finding {
  const found: FoundSetting[] = [
    ...findSettings(settings, QUERY_TIMEOUT_NAMES, QUERY_TIMEOUT_ENV),
    ...optionStrings(settings),
    ...settings.timeouts.map((timeout) => ({
      evidence: evidenceAt(
        `${where(timeout)}: ${timeout.setting}${timeout.value === undefined ? '' : ` = ${timeout.value}`} in code`,
        timeout,
      ),
      ...(timeout.value === undefined ? {} : { value: timeout.value }),
    })),
  ];
  return judgeTimeoutSettings(settings, found, {
    zero: { status: 'fail', message: 'A statement timeout is set to 0, which turns it off.' },
    set: { status: 'pass', message: 'A query timeout is configured for the database connection.' },
    absent: {
      status: 'fail',
      message:
        'No statement_timeout or driver query timeout is set: a slow query can hold a connection for ever.',
    },
  });
}

/** `options=-c statement_timeout=5000` in URLs and option strings, and PGOPTIONS. */
function optionStrings(settings: DatabaseSettings): FoundSetting[] {
  const texts = [
    ...settings.urls.map((url) => ({ place: url, text: url.params.options ?? '' })),
    ...settings.env
      .filter((entry) => entry.key === 'PGOPTIONS')
      .map((entry) => ({ place: entry, text: entry.value })),
  ];
  return texts.flatMap(({ place, text }) => {
    const found = statementTimeoutIn(decodeURIComponent(text));
    if (!found) return [];
    const shown = found.value === undefined ? '' : ` = ${found.value}`;
    return [
      {
        evidence: evidenceAt(`${where(place)}: options -c statement_timeout${shown}`, place),
        ...found,
      },
    ];
  });
}

export default defineCheck({
  id: 'statement-timeout-settings',
  title: 'Queries have a timeout',
  severity: 'medium',
  needs: ['databaseSettings'],
  remediation:
    'Set statement_timeout for the application role or connection: `connect_args={"options": ' +
    '"-c statement_timeout=5000"}` (psycopg), `server_settings={"statement_timeout": "5000"}` or ' +
    '`command_timeout=5` (asyncpg), `statement_timeout: 5000` in the node-pg Pool options, or ' +
    "`ALTER ROLE app SET statement_timeout = '5s'`.",
  run: ({ databaseSettings }) => judgeStatementTimeout(databaseSettings),
});
