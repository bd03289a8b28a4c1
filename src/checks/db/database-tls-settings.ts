import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type {
  DatabaseClientSetting,
  DatabaseSettings,
  DatabaseUrlSetting,
} from '../../gather/database-settings.js';
import { isLoopbackHost } from '../../gather/source/syntax.js';
import { capped, evidenceAt, where } from '../source-places.js';

type Tls = 'tls' | 'unverified' | 'plain' | 'unset';

/** libpq's sslmode values: prefer and allow fall back to plain text when TLS fails. */
const TLS_MODES = new Set(['require', 'verify-ca', 'verify-full', 'true', '1']);
const PLAIN_MODES = new Set(['disable', 'allow', 'prefer', 'false', '0']);

export function modeTls(mode: string | undefined): Tls {
  if (mode === undefined) return 'unset';
  const lower = mode.toLowerCase();
  if (TLS_MODES.has(lower)) return 'tls';
  return PLAIN_MODES.has(lower) ? 'plain' : 'unset';
}

/** A client's own TLS options: `sslmode`, `ssl=True`, `ssl: {...}`, `rejectUnauthorized: false`. */
export function clientTls(client: DatabaseClientSetting): Tls {
  const { options } = client;
  const mode = modeTls(options.sslmode?.value ?? client.urlSslMode);
  if (mode !== 'unset') return mode;
  const ssl = options.ssl ?? options.ssl_context;
  if (ssl === undefined) return 'unset';
  if (ssl.kind === 'false' || ssl.kind === 'none') return 'plain';
  if (options.rejectunauthorized?.kind === 'false') return 'unverified';
  return ssl.kind === 'string' ? modeTls(ssl.value) : 'tls';
}

function globalTls(settings: DatabaseSettings): { tls: Tls; evidence: Evidence[] } {
  const setting = settings.env.find((entry) => /SSL/i.test(entry.key));
  if (!setting) return { tls: 'unset', evidence: [] };
  const tls = /^(?:true|1|yes|on)$/i.test(setting.value) ? 'tls' : modeTls(setting.value);
  return {
    tls,
    evidence: [
      evidenceAt(
        `${where(setting)}: ${setting.key} is ${tls === 'tls' ? 'set to use TLS' : tls === 'plain' ? 'set to allow plain text' : 'set'}`,
        setting,
      ),
    ],
  };
}

/** The host is part of a secret URL: evidence says only whether it is local. */
function describeUrl(url: DatabaseUrlSetting): string {
  const key = url.key ? `${url.key} ` : 'database URL ';
  const host = isLoopbackHost(url.host) ? 'a local host' : 'a remote host';
  return `${where(url)}: ${key}(${url.origin}) to ${host} sets sslmode ${url.sslMode ?? 'nowhere'}`;
}

export function judgeDatabaseTls(settings: DatabaseSettings): Finding {
  if (settings.urls.length === 0 && settings.clients.length === 0) {
    return {
      status: 'manual',
      message: 'No database URL or client settings were found in the env files or the code.',
    };
  }
  const global = globalTls(settings);
  const clients = settings.clients.map((client) => ({ client, tls: clientTls(client) }));
  const clientMakesTls = clients.some(({ tls }) => tls === 'tls' || tls === 'unverified');
  const urls = settings.urls.map((url) => {
    const own = modeTls(url.sslMode);
    // Knowingly lenient: a client that sets TLS is taken to be the one using a URL without it.
    const covered = own === 'unset' && (global.tls === 'tls' || clientMakesTls);
    return { url, tls: covered ? 'tls' : own };
  });

  const evidence = [
    ...global.evidence,
    ...urls.map(({ url }) => evidenceAt(describeUrl(url), url)),
    ...clients.map(({ client, tls }) =>
      evidenceAt(
        `${where(client)}: ${client.library} \`${client.call}\` ${TLS_WORDS[tls]}`,
        client,
      ),
    ),
  ];
  const plain = [...urls, ...clients].filter(({ tls }) => tls === 'plain');
  const unset = [
    ...urls.filter(({ tls }) => tls === 'unset').map(({ url }) => url.host),
    ...clients
      .filter(({ tls }) => tls === 'unset' && global.tls !== 'tls')
      .map(({ client }) => (client.url?.kind === 'literal' ? client.url.url.host : 'unknown')),
  ];
  if (plain.length > 0 || global.tls === 'plain') {
    return {
      status: 'fail',
      message:
        'A database connection allows plain text (sslmode disable, allow or prefer, or ssl off).',
      evidence: capped(evidence),
    };
  }
  if (unset.length > 0) {
    const local = unset.every((host) => isLoopbackHost(host));
    return local
      ? {
          status: 'warn',
          message: 'The database connection sets no TLS, but goes to a local host.',
          evidence: capped(evidence),
        }
      : {
          status: 'fail',
          message:
            'A database connection sets no TLS: libpq then tries TLS and falls back to plain text.',
          evidence: capped(evidence),
        };
  }
  if (clients.some(({ tls }) => tls === 'unverified')) {
    return {
      status: 'warn',
      message: "The database connection uses TLS without checking the server's certificate.",
      evidence: capped(evidence),
      remediation:
        'Remove `rejectUnauthorized: false` and give the CA with `ssl: { ca }` (or sslmode=verify-full).',
    };
  }
  return {
    status: 'pass',
    message: 'Every database connection found requires TLS.',
    evidence: capped(evidence),
  };
}

const TLS_WORDS: Record<Tls, string> = {
  tls: 'requires TLS',
  unverified: 'uses TLS without certificate checks',
  plain: 'allows plain text',
  unset: 'sets no TLS option',
};

export default defineCheck({
  id: 'database-tls-settings',
  title: 'Database connection settings require TLS',
  severity: 'high',
  needs: ['databaseSettings'],
  remediation:
    'Add `?sslmode=verify-full` (or at least `sslmode=require`) to the database URL, or set it ' +
    'in code: `connect_args={"sslmode": "require"}` for SQLAlchemy with psycopg, ' +
    '`ssl=ssl_context` for asyncpg, `ssl: { ca }` for node-pg. Never prefer, allow or disable.',
  run: ({ databaseSettings }) => judgeDatabaseTls(databaseSettings),
});
