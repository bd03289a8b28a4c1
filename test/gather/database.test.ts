import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { makeTestPki } from '../support/certificates.js';
import {
  postgresBin,
  type RunningCluster,
  type RunningClusters,
  startClusters,
} from '../support/postgres.js';
import { checkOf, scanTransport } from '../support/transport.js';

const DB_CHECKS = [
  'database-tls',
  'database-role-attributes',
  'database-role-ownership',
  'migration-revision',
];

const PASSWORDS = {
  postgres: 'super-secret-pw',
  owner: 'owner-secret-pw',
  app: 'app-secret-pw',
  lax: 'lax-secret-pw',
};
type Role = keyof typeof PASSWORDS;

const SETUP = `
  alter role postgres password '${PASSWORDS.postgres}';
  create role owner login password '${PASSWORDS.owner}';
  create role app login password '${PASSWORDS.app}';
  create role lax login password '${PASSWORDS.lax}';`;

// The owner creates the schema, as a migration would; the application role gets row rights.
const SCHEMA = `
  set role owner;
  create table items (id int primary key, name text);
  create table alembic_version (version_num varchar(32) primary key);
  insert into alembic_version values ('bbbb2222');
  grant select, insert, update, delete on items to app, lax;
  grant select on alembic_version to app, lax;`;

const REVISIONS: Record<string, string> = {
  'migrations/env.py': 'from alembic import context\n',
  'migrations/versions/aaaa1111_init.py': "revision = 'aaaa1111'\ndown_revision = None\n",
  'migrations/versions/bbbb2222_items.py':
    "from typing import Union\n\nrevision: str = 'bbbb2222'\ndown_revision: Union[str, None] = 'aaaa1111'\n",
};

function writeProject(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('database checks against Postgres clusters on loopback', {
  skip: postgresBin() === null && 'Postgres is not installed',
}, () => {
  let dir: string;
  let running: RunningClusters;
  let tlsCluster: RunningCluster;
  let plainCluster: RunningCluster;
  let project: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-db-'));
    const pki = makeTestPki(join(dir, 'pki'));
    const pair = pki.leaf('db', {
      names: ['localhost', '127.0.0.1'],
      notBeforeDays: -1,
      notAfterDays: 89,
    });
    running = await startClusters([
      // TLS on; remote clients only over TLS, except the role `lax`, which may come in plain.
      {
        name: 'tls',
        tls: pair,
        hba: [
          'host all lax 127.0.0.1/32 scram-sha-256',
          'hostssl all all 127.0.0.1/32 scram-sha-256',
        ],
      },
      { name: 'plain', hba: ['host all all 127.0.0.1/32 scram-sha-256'] },
    ]);
    [tlsCluster, plainCluster] = running.clusters as [RunningCluster, RunningCluster];
    for (const cluster of running.clusters) {
      await cluster.sql(SETUP);
      // Not in the batch above: CREATE DATABASE refuses to run inside a transaction.
      await cluster.sql('create database appdb owner owner');
      await cluster.sql(SCHEMA, 'appdb');
    }
    project = writeProject(join(dir, 'project'), REVISIONS);
  });

  after(() => {
    running?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function databaseUrl(cluster: RunningCluster, role: Role, query = ''): string {
    return `postgresql://${role}:${PASSWORDS[role]}@127.0.0.1:${cluster.port}/appdb${query}`;
  }

  function scan(
    cluster: RunningCluster,
    config: Record<string, unknown> = {},
    projectDir = project,
  ): Promise<Report> {
    return scanTransport({
      checks: DB_CHECKS,
      config: {
        project: projectDir,
        target: { url: 'https://127.0.0.1/' },
        probes: { ports: [{ port: cluster.port, service: 'postgres' }] },
        ...config,
      },
    });
  }

  function assertNoPassword(report: Report): void {
    const text = JSON.stringify(report);
    for (const password of Object.values(PASSWORDS))
      assert.ok(!text.includes(password), 'a password is in the report');
  }

  test("'database-tls' without a URL: TLS offered is manual, SSL off fails", async () => {
    const offered = checkOf(await scan(tlsCluster), 'database-tls');
    assert.equal(offered.status, 'manual');
    assert.match(offered.evidence[0]!.message, /answered S/);
    const off = checkOf(await scan(plainCluster), 'database-tls');
    assert.equal(off.status, 'fail');
    assert.match(off.evidence[0]!.message, /answered N/);
  });

  test('a least-privilege role over TLS passes every database check', async () => {
    const report = await scan(tlsCluster, { database: { url: databaseUrl(tlsCluster, 'app') } });
    const transport = checkOf(report, 'database-tls');
    assert.equal(transport.status, 'pass', transport.message);
    assert.equal(checkOf(report, 'database-role-attributes').status, 'pass');
    assert.equal(checkOf(report, 'database-role-ownership').status, 'pass');
    assert.equal(checkOf(report, 'migration-revision').status, 'pass');
    assert.match(
      checkOf(report, 'database-role-attributes').evidence[0]!.message,
      /app@127\.0\.0\.1:\d+\/appdb.*over TLS/,
    );
    // One SSLRequest, one plain startup, one session.
    assert.equal(report.stats.requestsByKind.postgres, 3);
    assertNoPassword(report);
  });

  test('a superuser fails both privilege checks', async () => {
    const report = await scan(tlsCluster, {
      database: { url: databaseUrl(tlsCluster, 'postgres') },
    });
    assert.equal(checkOf(report, 'database-role-attributes').status, 'fail');
    assert.equal(checkOf(report, 'database-role-ownership').status, 'fail');
    assertNoPassword(report);
  });

  test('a role that owns the tables has no bad attribute but warns on ownership', async () => {
    const report = await scan(tlsCluster, { database: { url: databaseUrl(tlsCluster, 'owner') } });
    assert.equal(checkOf(report, 'database-role-attributes').status, 'pass');
    const ownership = checkOf(report, 'database-role-ownership');
    assert.equal(ownership.status, 'warn');
    assert.match(ownership.message, /owns the database/);
    assert.match(ownership.message, /owns 2 tables \(public\.alembic_version, public\.items\)/);
  });

  test("'database-tls' fails a plain connection the server accepts, warns when the URL needs TLS", async () => {
    const lax = checkOf(
      await scan(tlsCluster, { database: { url: databaseUrl(tlsCluster, 'lax') } }),
      'database-tls',
    );
    assert.equal(lax.status, 'fail');
    assert.match(
      lax.evidence.map((line) => line.message).join('\n'),
      /accepted, the server asked for scram-sha-256/,
    );
    const required = await scan(tlsCluster, {
      database: { url: databaseUrl(tlsCluster, 'lax', '?sslmode=require') },
    });
    assert.equal(checkOf(required, 'database-tls').status, 'warn');
  });

  test('a server with SSL off: the session falls back to plain, unless the URL requires TLS', async () => {
    const report = await scan(plainCluster, {
      database: { url: databaseUrl(plainCluster, 'app') },
    });
    assert.equal(checkOf(report, 'database-tls').status, 'fail');
    assert.equal(checkOf(report, 'database-role-attributes').status, 'pass');
    assert.match(checkOf(report, 'database-role-attributes').evidence[0]!.message, /without TLS/);

    const required = await scan(plainCluster, {
      database: { url: databaseUrl(plainCluster, 'app', '?sslmode=require') },
    });
    const attributes = checkOf(required, 'database-role-attributes');
    assert.equal(attributes.status, 'error');
    assert.match(attributes.message, /does not support SSL/);
    assertNoPassword(required);
  });

  test('a wrong password is an error naming the role, not the password', async () => {
    const url = `postgresql://app:wrong-password-123@127.0.0.1:${tlsCluster.port}/appdb`;
    const report = await scan(tlsCluster, { database: { url } });
    const attributes = checkOf(report, 'database-role-attributes');
    assert.equal(attributes.status, 'error');
    assert.match(attributes.message, /app@127\.0\.0\.1/);
    assert.ok(!JSON.stringify(report).includes('wrong-password-123'));
  });

  test("'migration-revision' fails when the project has a newer revision than the database", async () => {
    const ahead = writeProject(join(dir, 'ahead'), {
      ...REVISIONS,
      'migrations/versions/cccc3333_more.py': "revision = 'cccc3333'\ndown_revision = 'bbbb2222'\n",
    });
    const report = await scan(
      tlsCluster,
      { database: { url: databaseUrl(tlsCluster, 'app') } },
      ahead,
    );
    const result = checkOf(report, 'migration-revision');
    assert.equal(result.status, 'fail');
    assert.match(result.message, /head is cccc3333/);
  });

  test("an env file's DATABASE_URL on the target host is used, and its password never shown", async () => {
    const envProject = writeProject(join(dir, 'env-project'), {
      ...REVISIONS,
      '.env': `ENVIRONMENT=production\nDATABASE_URL=${databaseUrl(tlsCluster, 'app')}\n`,
    });
    const report = await scan(tlsCluster, {}, envProject);
    const attributes = checkOf(report, 'database-role-attributes');
    assert.equal(attributes.status, 'pass');
    assert.match(attributes.evidence[0]!.message, /DATABASE_URL in \.env:2/);
    assertNoPassword(report);
  });

  describe("an env file's DATABASE_URL on another host", () => {
    let elsewhere: Server;
    let connections = 0;

    before(async () => {
      elsewhere = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => elsewhere.listen(tlsCluster.port, '127.0.0.2', resolve));
    });

    after(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));

    test('is never contacted', async () => {
      const url = `postgresql://app:${PASSWORDS.app}@127.0.0.2:${tlsCluster.port}/appdb`;
      const envProject = writeProject(join(dir, 'elsewhere'), { '.env': `DATABASE_URL=${url}\n` });
      const report = await scan(tlsCluster, {}, envProject);
      assert.equal(connections, 0);
      const attributes = checkOf(report, 'database-role-attributes');
      assert.equal(attributes.status, 'skip');
      assert.match(attributes.message, /points at 127\.0\.0\.2, not the target host/);
      // The target's own Postgres port is still asked for TLS.
      assert.equal(checkOf(report, 'database-tls').status, 'manual');
      assertNoPassword(report);
    });
  });
});
