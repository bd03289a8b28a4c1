import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { parseDatabaseUrl } from '../../src/gather/database-url.js';
import { resolveConfig } from '../../src/scan.js';

describe('database URLs', () => {
  const project = mkdtempSync(join(tmpdir(), 'shipshape-dburl-'));
  after(() => rmSync(project, { recursive: true, force: true }));

  test('are taken apart, with the password kept out of the display', () => {
    const url = parseDatabaseUrl(
      'postgresql+asyncpg://app:p%40ss-word-1@db.internal:6543/shop?sslmode=require',
    );
    assert.deepEqual(url, {
      user: 'app',
      password: 'p@ss-word-1',
      host: 'db.internal',
      port: 6543,
      database: 'shop',
      sslMode: 'require',
      display: 'app@db.internal:6543/shop',
    });
    assert.equal(parseDatabaseUrl('postgres://app@[::1]/app')?.host, '::1');
    assert.equal(parseDatabaseUrl('postgres://app@db/app')?.port, 5432);
  });

  test('other schemes and garbage are not database URLs', () => {
    assert.equal(parseDatabaseUrl('mysql://app:pw@db/app'), null);
    assert.equal(parseDatabaseUrl('not a url'), null);
    assert.equal(parseDatabaseUrl('postgresql:///socket-only'), null);
  });

  test('--database-url goes into the configuration', () => {
    const config = resolveConfig({ project, databaseUrl: 'postgresql://app:pw-123456@db/app' });
    assert.equal(config.database.url, 'postgresql://app:pw-123456@db/app');
  });

  test('a bad --database-url is a usage error that does not echo the value', async () => {
    let stderr = '';
    const code = await main(
      ['scan', '--project', project, '--database-url', 'mysql://app:hunter2-secret@db/app'],
      {
        stdout: () => undefined,
        stderr: (text) => {
          stderr += text;
        },
        color: false,
      },
    );
    assert.equal(code, 2);
    assert.match(stderr, /--database-url/);
    assert.ok(!stderr.includes('hunter2-secret'));
  });
});
