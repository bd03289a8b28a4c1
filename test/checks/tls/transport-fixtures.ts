import { configSchema, type Policy } from '../../../src/core/config-schema.js';
import type { TlsHandshakes, VersionProbe } from '../../../src/gather/tls.js';
import type { CertificateFacts } from '../../../src/gather/x509.js';

export const policy: Policy = configSchema.parse({}).policy;

export const OBSERVED_AT = '2026-06-01T12:00:00.000Z';

/** A date `days` from OBSERVED_AT. */
export function daysFromObservation(days: number): string {
  return new Date(Date.parse(OBSERVED_AT) + days * 86_400_000).toISOString();
}

export function certificate(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: 'CN=api.example.com',
    issuer: "C=US, O=Let's Encrypt, CN=R11",
    altNames: ['DNS:api.example.com'],
    validFrom: daysFromObservation(-30),
    validTo: daysFromObservation(60),
    keyType: 'ec',
    curve: 'prime256v1',
    signatureAlgorithm: 'sha256WithRSAEncryption',
    selfSigned: false,
    chain: [{ subject: 'CN=api.example.com', issuer: "C=US, O=Let's Encrypt, CN=R11" }],
    chainVerified: true,
    trustStore: 'system',
    hostnameMatches: true,
    ...overrides,
  };
}

const REFUSED: Omit<VersionProbe, 'version'> = {
  outcome: 'refused',
  reason: 'tlsv1 alert protocol version',
};
const ACCEPTED: Omit<VersionProbe, 'version'> = {
  outcome: 'accepted',
  cipher: 'TLS_AES_128_GCM_SHA256',
};

export function handshakes(
  outcomes: Partial<Record<VersionProbe['version'], Omit<VersionProbe, 'version'>>> = {},
  facts: CertificateFacts | null = certificate(),
): TlsHandshakes {
  const defaults = {
    TLSv1: REFUSED,
    'TLSv1.1': REFUSED,
    'TLSv1.2': ACCEPTED,
    'TLSv1.3': ACCEPTED,
    ...outcomes,
  };
  return {
    host: 'api.example.com',
    address: '203.0.113.7',
    port: 443,
    observedAt: OBSERVED_AT,
    versions: Object.entries(defaults).map(
      ([version, probe]) => ({ version, ...probe }) as VersionProbe,
    ),
    ...(facts ? { certificate: facts, certificateFrom: 'TLSv1.3' } : {}),
  };
}
