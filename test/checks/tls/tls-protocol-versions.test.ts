import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeVersions } from '../../../src/checks/tls/tls-protocol-versions.js';
import { handshakes, policy } from './transport-fixtures.js';

describe("'tls-protocol-versions'", () => {
  test('is the check of tls.min-version', () => {
    assert.equal(check.id, 'tls-protocol-versions');
  });

  test('passes when 1.0 and 1.1 are refused by the server', () => {
    assert.equal(judgeVersions(handshakes(), policy).status, 'pass');
  });

  test('fails when an old version is accepted', () => {
    const result = judgeVersions(
      handshakes({ 'TLSv1.1': { outcome: 'accepted', cipher: 'ECDHE-RSA-AES128-SHA' } }),
      policy,
    );
    assert.equal(result.status, 'fail');
    assert.match(result.message, /accepts TLS 1\.1/);
  });

  test('a refusal by our own TLS library is an error, never a pass', () => {
    const declined = {
      outcome: 'client-refused' as const,
      reason: 'legacy sigalg disallowed or unsupported',
    };
    assert.equal(judgeVersions(handshakes({ TLSv1: declined }), policy).status, 'error');
    assert.equal(
      judgeVersions(handshakes({ 'TLSv1.1': { outcome: 'error', reason: 'timeout' } }), policy)
        .status,
      'error',
    );
  });

  test('no version accepted at all is an error', () => {
    const down = { outcome: 'unreachable' as const, reason: 'the connection was refused' };
    const result = judgeVersions(
      handshakes({ TLSv1: down, 'TLSv1.1': down, 'TLSv1.2': down, 'TLSv1.3': down }, null),
      policy,
    );
    assert.equal(result.status, 'error');
  });

  test('with a 1.3 policy, an accepted TLS 1.2 fails', () => {
    assert.equal(judgeVersions(handshakes(), { ...policy, minTlsVersion: '1.3' }).status, 'fail');
  });
});
