import type { Policy } from '../../core/config-schema.js';
import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { TlsHandshakes } from '../../gather/tls.js';
import { daysBetween, endpointOf, noHandshakeEvidence } from './handshake-facts.js';

/** Certificate authorities that issue through ACME, and so through a renewal client. */
const ACME_ISSUERS: readonly [name: string, pattern: RegExp][] = [
  ["Let's Encrypt", /O=Let's Encrypt/i],
  ['ZeroSSL', /ZeroSSL/i],
  ['Buypass', /O=Buypass/i],
  ['Google Trust Services', /O=Google Trust Services/i],
  ['SSL.com', /O=SSL Corp/i],
];

/** ACME certificates live 90 days or less; nobody renews those by hand for long. */
const SHORT_LIFETIME_DAYS = 100;

export function acmeIssuerOf(issuer: string): string | undefined {
  return ACME_ISSUERS.find(([, pattern]) => pattern.test(issuer))?.[0];
}

export function judgeLifetime(handshakes: TlsHandshakes, policy: Policy): Finding {
  const { certificate, observedAt } = handshakes;
  if (!certificate) {
    return {
      status: 'error',
      message: `No certificate was seen: no TLS handshake with ${endpointOf(handshakes)} completed.`,
      evidence: noHandshakeEvidence(handshakes),
    };
  }

  const lifetime = daysBetween(certificate.validFrom, certificate.validTo);
  const daysLeft = daysBetween(observedAt, certificate.validTo);
  const acme = acmeIssuerOf(certificate.issuer);
  const described = `a ${lifetime}-day certificate from ${acme ?? certificate.issuer}, ${daysLeft} days left`;
  const evidence = [
    { message: `Issuer: ${certificate.issuer}` },
    { message: `Valid from ${certificate.validFrom} to ${certificate.validTo}` },
  ];

  if (daysLeft < 0) {
    return {
      status: 'fail',
      message: `The certificate expired on ${certificate.validTo}: renewal did not happen.`,
      evidence,
    };
  }
  if (daysLeft < policy.certificateWarnDays) {
    const why = acme
      ? 'ACME clients renew 30 days ahead, so renewal appears to be failing'
      : 'renewal is due now';
    return { status: 'warn', message: `The target serves ${described}: ${why}.`, evidence };
  }
  if (acme && lifetime <= SHORT_LIFETIME_DAYS) {
    return {
      status: 'pass',
      message: `The target serves ${described}: short-lived ACME certificates are renewed by a client, not by hand.`,
      evidence,
    };
  }
  return {
    status: 'manual',
    message: `The target serves ${described}: nothing in it shows automated renewal.`,
    evidence,
  };
}

export default defineCheck({
  id: 'certificate-lifetime',
  title: 'Served certificate shows automated renewal',
  severity: 'medium',
  needs: ['tlsHandshakes'],
  remediation:
    "Issue the certificate from an ACME CA (Let's Encrypt) and let a client renew it: " +
    '`sudo certbot --nginx -d your-domain` installs certbot.timer, and `sudo certbot renew ' +
    '--dry-run` proves that renewal works.',
  run: ({ tlsHandshakes }, { policy }) => judgeLifetime(tlsHandshakes, policy),
});
