import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeDatabaseTls } from '../../../src/checks/db/database-tls.js';
import type { DatabaseLogin, SslProbe } from '../../../src/gather/postgres.js';

const offered: SslProbe = { host: '203.0.113.7', port: 5432, origin: 'database-url', answer: 'S' };
const login = (overrides: Partial<DatabaseLogin> = {}): DatabaseLogin => ({
  display: 'app@203.0.113.7:5432/appdb',
  source: 'the given database URL',
  outOfScope: false,
  plainStartup: { outcome: 'refused', sqlState: '28000' },
  ...overrides,
});

describe("'database-tls'", () => {
  test('is the check of db.tls', () => {
    assert.equal(check.id, 'database-tls');
  });

  test('passes TLS offered and a plain startup refused', () => {
    assert.equal(judgeDatabaseTls({ endpoints: [offered], login: login() }).status, 'pass');
  });

  test('fails sslmode=disable in the URL even when the server offers TLS', () => {
    assert.equal(
      judgeDatabaseTls({ endpoints: [offered], login: login({ sslMode: 'disable' }) }).status,
      'fail',
    );
  });

  test('fails a server with SSL off', () => {
    assert.equal(judgeDatabaseTls({ endpoints: [{ ...offered, answer: 'N' }] }).status, 'fail');
  });

  test('a plain startup accepted fails, or warns when the URL requires TLS', () => {
    const accepted = { outcome: 'accepted' as const, authMethod: 'md5' };
    assert.equal(
      judgeDatabaseTls({ endpoints: [offered], login: login({ plainStartup: accepted }) }).status,
      'fail',
    );
    assert.equal(
      judgeDatabaseTls({
        endpoints: [offered],
        login: login({ plainStartup: accepted, sslMode: 'verify-full' }),
      }).status,
      'warn',
    );
  });

  test('could not see: an error with a URL, manual or skip without one', () => {
    const silent = login({ plainStartupError: 'no answer within 3000 ms' });
    delete silent.plainStartup;
    assert.equal(
      judgeDatabaseTls({
        endpoints: [{ ...offered, answer: undefined, reason: 'timeout' }],
        login: silent,
      }).status,
      'error',
    );
    const undecided = login({ plainStartup: { outcome: 'other', sqlState: '53300' } });
    assert.equal(judgeDatabaseTls({ endpoints: [offered], login: undecided }).status, 'error');
    assert.equal(
      judgeDatabaseTls({ endpoints: [{ ...offered, origin: 'port-list' }] }).status,
      'manual',
    );
    assert.equal(
      judgeDatabaseTls({ endpoints: [{ ...offered, answer: undefined, closed: true }] }).status,
      'skip',
    );
    assert.equal(judgeDatabaseTls({ endpoints: [] }).status, 'skip');
  });
});
