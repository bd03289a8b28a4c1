import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, {
  acmeIssuerOf,
  judgeLifetime,
} from '../../../src/checks/tls/certificate-lifetime.js';
import { certificate, daysFromObservation, handshakes, policy } from './transport-fixtures.js';

const judge = (overrides: Parameters<typeof certificate>[0]) =>
  judgeLifetime(handshakes({}, certificate(overrides)), policy);

describe("'certificate-lifetime'", () => {
  test('is a check of tls.auto-renewal', () => {
    assert.equal(check.id, 'certificate-lifetime');
  });

  test("passes a 90-day Let's Encrypt certificate with 60 days left", () => {
    assert.equal(judge({}).status, 'pass');
  });

  test('warns when a short-lived ACME certificate is inside the renewal window', () => {
    const result = judge({ validFrom: daysFromObservation(-70), validTo: daysFromObservation(20) });
    assert.equal(result.status, 'warn');
    assert.match(result.message, /renewal appears to be failing/);
  });

  test('asks a person about a long-lived certificate far from expiry, warns near it', () => {
    const issuer = 'C=US, O=DigiCert Inc, CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1';
    assert.equal(
      judge({ issuer, validFrom: daysFromObservation(-100), validTo: daysFromObservation(265) })
        .status,
      'manual',
    );
    assert.equal(
      judge({ issuer, validFrom: daysFromObservation(-340), validTo: daysFromObservation(25) })
        .status,
      'warn',
    );
  });

  test('fails an expired certificate', () => {
    assert.equal(
      judge({ validFrom: daysFromObservation(-95), validTo: daysFromObservation(-5) }).status,
      'fail',
    );
  });

  test('knows the ACME issuers by organisation', () => {
    assert.equal(acmeIssuerOf('C=US, O=Google Trust Services, CN=WR3'), 'Google Trust Services');
    assert.equal(acmeIssuerOf('C=AT, O=ZeroSSL, CN=ZeroSSL ECC Domain Secure Site CA'), 'ZeroSSL');
    assert.equal(acmeIssuerOf('CN=shipshape test CA'), undefined);
  });

  test('no certificate seen is an error', () => {
    assert.equal(judgeLifetime(handshakes({}, null), policy).status, 'error');
  });
});
