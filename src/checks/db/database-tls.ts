import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { DatabaseLogin, PostgresTransport, SslProbe } from '../../gather/postgres.js';

/** sslmode values with which libpq never falls back to a plain connection. */
const TLS_ONLY_MODES = new Set(['require', 'verify-ca', 'verify-full', 'true']);
const PLAIN_MODES = new Set(['disable', 'false']);

function describeEndpoint(probe: SslProbe): string {
  const where = `${probe.host}:${probe.port} (${probe.origin === 'database-url' ? 'database URL' : 'Postgres port'})`;
  if (probe.closed) return `${where}: closed`;
  if (probe.answer === 'S') return `${where}: SSLRequest answered S, TLS offered`;
  if (probe.answer === 'N') return `${where}: SSLRequest answered N, SSL is off`;
  if (probe.answer === 'other') return `${where}: answered, but not as Postgres`;
  return `${where}: no answer (${probe.reason ?? 'unknown'})`;
}

function describeLogin(login: DatabaseLogin): Evidence[] {
  const evidence = [
    {
      message: `Database URL: ${login.display}, from ${login.source}; sslmode ${login.sslMode ?? 'not set'}`,
    },
  ];
  const plain = login.plainStartup;
  if (plain) {
    const answer =
      plain.outcome === 'accepted'
        ? `accepted, the server asked for ${plain.authMethod}`
        : `${plain.outcome}${plain.sqlState ? ` (SQLSTATE ${plain.sqlState})` : ''}: ${plain.serverMessage ?? ''}`;
    evidence.push({
      message: `A startup without TLS as ${login.display.split('@')[0]}: ${answer}`,
    });
  } else if (login.plainStartupError) {
    evidence.push({
      message: `A startup without TLS was not answered: ${login.plainStartupError}`,
    });
  }
  return evidence;
}

export function judgeDatabaseTls(transport: PostgresTransport): Finding {
  const { endpoints, login } = transport;
  const evidence = [
    ...endpoints.map((probe) => ({ message: describeEndpoint(probe) })),
    ...(login ? describeLogin(login) : []),
  ];
  const sslOff = endpoints.filter((probe) => probe.answer === 'N');
  if (sslOff.length > 0) {
    const where = sslOff.map((probe) => `${probe.host}:${probe.port}`).join(', ');
    return {
      status: 'fail',
      message: `Postgres on ${where} has SSL off: every connection to it is in clear text.`,
      evidence,
    };
  }
  if (login && PLAIN_MODES.has(login.sslMode ?? '')) {
    return {
      status: 'fail',
      message: `The database URL (${login.source}) sets sslmode=${login.sslMode}: the application connects without TLS.`,
      evidence,
    };
  }
  if (login?.plainStartup?.outcome === 'accepted') {
    const appUsesTls = TLS_ONLY_MODES.has(login.sslMode ?? '');
    return {
      status: appUsesTls ? 'warn' : 'fail',
      message: appUsesTls
        ? `The application's URL requires TLS, but the server also lets ${login.display} in without it.`
        : `The server lets ${login.display} connect without TLS, and the URL does not require it (sslmode ${login.sslMode ?? 'not set'}).`,
      evidence,
    };
  }
  return judgeWithoutPlainAcceptance(transport, evidence);
}

function judgeWithoutPlainAcceptance(transport: PostgresTransport, evidence: Evidence[]): Finding {
  const { endpoints, login } = transport;
  const offered = endpoints.filter((probe) => probe.answer === 'S');
  if (login?.plainStartup?.outcome === 'refused') {
    return {
      status: 'pass',
      message: `The server refuses ${login.display} without TLS and offers TLS.`,
      evidence,
    };
  }
  // In scope, but neither accepted nor refused: a plain startup that decided nothing.
  if (login && !login.outOfScope) {
    const answer = login.plainStartup
      ? `a plain startup got SQLSTATE ${login.plainStartup.sqlState ?? 'none'}, neither a login nor a refusal`
      : (login.plainStartupError ?? 'no answer');
    return {
      status: 'error',
      message: `Could not tell whether ${login.display} may connect without TLS: ${answer}.`,
      evidence,
    };
  }
  if (offered.length > 0) {
    return {
      status: 'manual',
      message:
        'Postgres offers TLS, but whether it refuses plain connections was not tested: give --database-url to test it.',
      evidence,
    };
  }
  const why = login?.outOfScope
    ? `the database URL points at a host other than the target; give it with --database-url to test it`
    : 'no Postgres port is open on the target and no database URL was given';
  return { status: 'skip', message: `The database's TLS was not tested: ${why}.`, evidence };
}

export default defineCheck({
  id: 'database-tls',
  title: 'Database connections require TLS',
  severity: 'high',
  needs: ['postgresTransport'],
  remediation:
    'Turn SSL on in postgresql.conf (`ssl = on`, `ssl_cert_file`, `ssl_key_file`), make ' +
    'pg_hba.conf accept remote clients only with `hostssl` lines (and `hostnossl all all 0.0.0.0/0 ' +
    "reject`), and add `sslmode=require` (or verify-full with the CA) to the application's " +
    'DATABASE_URL. Reload Postgres; clients without TLS will be refused.',
  run: ({ postgresTransport }) => judgeDatabaseTls(postgresTransport),
});
