import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeCertificate } from '../../../src/checks/tls/certificate-validity.js';
import { signatureAlgorithmOf } from '../../../src/gather/x509.js';
import { certificate, daysFromObservation, handshakes, policy } from './transport-fixtures.js';

const judge = (overrides: Parameters<typeof certificate>[0]) =>
  judgeCertificate(handshakes({}, certificate(overrides)), policy);

describe("'certificate-validity'", () => {
  test('is the check of tls.certificate', () => {
    assert.equal(check.id, 'certificate-validity');
  });

  test('passes a verified, matching certificate with 60 days left', () => {
    const result = judge({});
    assert.equal(result.status, 'pass');
    assert.match(result.message, /60 days left/);
  });

  test('warns under 30 days and fails under 7', () => {
    assert.equal(judge({ validTo: daysFromObservation(20) }).status, 'warn');
    assert.equal(judge({ validTo: daysFromObservation(6) }).status, 'fail');
    assert.equal(
      judge({
        validTo: daysFromObservation(-1),
        chainVerified: false,
        chainError: 'CERT_HAS_EXPIRED',
      }).status,
      'fail',
    );
  });

  test('fails a certificate not valid yet', () => {
    assert.equal(judge({ validFrom: daysFromObservation(2) }).status, 'fail');
  });

  test('fails short RSA keys, DSA and SHA-1 signatures; warns on an unusual curve', () => {
    assert.equal(judge({ keyType: 'rsa', keyBits: 1024, curve: undefined }).status, 'fail');
    assert.equal(judge({ keyType: 'rsa', keyBits: 2048, curve: undefined }).status, 'pass');
    assert.equal(judge({ keyType: 'dsa', curve: undefined }).status, 'fail');
    assert.equal(judge({ signatureAlgorithm: 'sha1WithRSAEncryption' }).status, 'fail');
    assert.equal(judge({ curve: 'secp256k1' }).status, 'warn');
  });

  test('fails a chain that does not verify, naming the trust store', () => {
    const result = judge({ chainVerified: false, chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    assert.equal(result.status, 'fail');
    assert.match(result.message, /system trust store \(UNABLE_TO_GET_ISSUER_CERT_LOCALLY\)/);
  });

  test('no certificate seen is an error', () => {
    assert.equal(judgeCertificate(handshakes({}, null), policy).status, 'error');
  });

  test('reads the signature algorithm of a DER certificate, and survives garbage', () => {
    assert.equal(signatureAlgorithmOf(Buffer.from([0x30, 0x03, 0x02, 0x01])), 'unknown');
    assert.equal(signatureAlgorithmOf(Buffer.alloc(0)), 'unknown');
  });
});
