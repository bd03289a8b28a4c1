import { parseDatabaseUrl } from '../database-url.js';
import type { FileScan } from './scan.js';
import type { LiteralDatabaseUrl } from './types.js';

/** URL parameters whose values are never secret, and that the database checks read. */
const SETTING_PARAMS =
  /^(?:sslmode|ssl|sslrootcert|connect_timeout|statement_timeout|options|connection_limit|pool_timeout|socket_timeout|pool_max|pool_size|max|pgbouncer|application_name|target_session_attrs)$/i;

/**
 * A Postgres URL written in the code, without its password. The password and the whole URL
 * are kept aside as secrets, so that no report can ever show them.
 */
export function literalDatabaseUrl(
  scan: FileScan,
  text: string,
  line: number,
): LiteralDatabaseUrl | undefined {
  const url = parseDatabaseUrl(text);
  if (url === null) return undefined;
  scan.facts.secrets.push(text);
  if (url.password !== '') scan.facts.secrets.push(url.password);

  const params: Record<string, string> = {};
  for (const [key, value] of new URL(text.trim()).searchParams) {
    if (SETTING_PARAMS.test(key)) params[key.toLowerCase()] = value;
  }
  const found: LiteralDatabaseUrl = {
    file: scan.file,
    line,
    user: url.user,
    host: url.host,
    params,
  };
  if (url.sslMode !== undefined) found.sslMode = url.sslMode;
  scan.facts.databaseUrls.push(found);
  return found;
}

/** `statement_timeout=5000`, `-c statement_timeout=5s`, `SET statement_timeout TO 5000`. */
export function statementTimeoutIn(text: string): { value?: number } | null {
  const match = /statement_timeout\s*(?:=|\bto\b|:)?\s*['"]?(\d+)?/i.exec(text);
  if (!match) return null;
  return match[1] === undefined ? {} : { value: Number(match[1]) };
}
