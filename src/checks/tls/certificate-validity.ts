import type { Policy } from '../../core/config-schema.js';
import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { TlsHandshakes } from '../../gather/tls.js';
import type { CertificateFacts } from '../../gather/x509.js';
import { daysBetween, endpointOf, noHandshakeEvidence, versionLabel } from './handshake-facts.js';

interface Problem {
  status: 'fail' | 'warn';
  message: string;
}

/** NIST and the CA/Browser Forum's floor for RSA keys. */
const MIN_RSA_BITS = 2048;
const STRONG_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const WEAK_DIGEST = /md5|sha1(?!\d)|sha-1(?!\d)/i;
/** Date problems are judged from the dates themselves: OpenSSL's word would repeat them. */
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function chainProblem(certificate: CertificateFacts): Problem | undefined {
  if (certificate.chainVerified || DATE_ERRORS.has(certificate.chainError ?? '')) return undefined;
  const store =
    certificate.trustStore === 'ca-file' ? 'the CA file given with --ca' : 'the system trust store';
  const kind = certificate.selfSigned ? 'is self-signed and ' : '';
  return {
    status: 'fail',
    message: `the certificate ${kind}does not verify against ${store} (${certificate.chainError ?? 'unknown reason'})`,
  };
}

function dateProblem(
  certificate: CertificateFacts,
  observedAt: string,
  policy: Policy,
): Problem | undefined {
  if (Date.parse(observedAt) < Date.parse(certificate.validFrom)) {
    return {
      status: 'fail',
      message: `the certificate is not valid before ${certificate.validFrom}`,
    };
  }
  const daysLeft = daysBetween(observedAt, certificate.validTo);
  if (daysLeft < 0)
    return { status: 'fail', message: `the certificate expired on ${certificate.validTo}` };
  if (daysLeft < policy.certificateFailDays) {
    return {
      status: 'fail',
      message: `the certificate expires in ${daysLeft} days (under ${policy.certificateFailDays})`,
    };
  }
  if (daysLeft < policy.certificateWarnDays) {
    return {
      status: 'warn',
      message: `the certificate expires in ${daysLeft} days (under ${policy.certificateWarnDays})`,
    };
  }
  return undefined;
}

function keyProblem(certificate: CertificateFacts): Problem | undefined {
  const { keyType, keyBits, curve } = certificate;
  if ((keyType === 'rsa' || keyType === 'rsa-pss') && (keyBits ?? 0) < MIN_RSA_BITS) {
    return {
      status: 'fail',
      message: `the RSA key has ${keyBits ?? 'an unknown number of'} bits (under ${MIN_RSA_BITS})`,
    };
  }
  if (keyType === 'dsa')
    return { status: 'fail', message: 'the key is DSA, which browsers no longer accept' };
  if (keyType === 'ec' && curve !== undefined && !STRONG_CURVES.has(curve)) {
    return { status: 'warn', message: `the EC key uses curve ${curve}, not P-256, P-384 or P-521` };
  }
  return undefined;
}

function signatureProblem(certificate: CertificateFacts): Problem | undefined {
  if (!WEAK_DIGEST.test(certificate.signatureAlgorithm)) return undefined;
  return {
    status: 'fail',
    message: `the certificate is signed with ${certificate.signatureAlgorithm}, a broken digest`,
  };
}

export function certificateEvidence(certificate: CertificateFacts, observedAt: string): Evidence[] {
  const key = certificate.keyBits
    ? `${certificate.keyType} ${certificate.keyBits} bits`
    : certificate.keyType;
  return [
    {
      message: `Subject: ${certificate.subject}; names: ${certificate.altNames.join(', ') || '(no subjectAltName)'}`,
    },
    { message: `Issuer: ${certificate.issuer}` },
    {
      message: `Valid from ${certificate.validFrom} to ${certificate.validTo}: ${daysBetween(observedAt, certificate.validTo)} days left at ${observedAt}`,
    },
    {
      message: `Key: ${key}${certificate.curve ? ` (${certificate.curve})` : ''}; signature: ${certificate.signatureAlgorithm}`,
    },
    { message: `Chain sent: ${certificate.chain.map((entry) => entry.subject).join(' <- ')}` },
    {
      message: certificate.hostnameMatches
        ? 'The host name matches the certificate'
        : `The host name does not match: ${certificate.hostnameError ?? 'no matching name'}`,
    },
  ];
}

export function judgeCertificate(handshakes: TlsHandshakes, policy: Policy): Finding {
  const where = endpointOf(handshakes);
  const { certificate } = handshakes;
  if (!certificate) {
    return {
      status: 'error',
      message: `No certificate was seen: no TLS handshake with ${where} completed.`,
      evidence: noHandshakeEvidence(handshakes),
    };
  }

  const problems = [
    chainProblem(certificate),
    certificate.hostnameMatches
      ? undefined
      : ({ status: 'fail', message: `it is not valid for ${handshakes.host}` } as Problem),
    dateProblem(certificate, handshakes.observedAt, policy),
    keyProblem(certificate),
    signatureProblem(certificate),
  ].filter((problem) => problem !== undefined);
  const evidence = certificateEvidence(certificate, handshakes.observedAt);
  const seenOver = handshakes.certificateFrom
    ? ` (seen over ${versionLabel(handshakes.certificateFrom)})`
    : '';

  if (problems.length === 0) {
    const daysLeft = daysBetween(handshakes.observedAt, certificate.validTo);
    return {
      status: 'pass',
      message: `The certificate of ${where} verifies, names ${handshakes.host} and has ${daysLeft} days left${seenOver}.`,
      evidence,
    };
  }
  return {
    status: rollUp(problems.map((problem) => problem.status)),
    message: `The certificate of ${where}${seenOver}: ${problems.map((problem) => problem.message).join('; ')}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'certificate-validity',
  title: 'TLS certificate verifies, matches the host and is in date',
  severity: 'critical',
  needs: ['tlsHandshakes'],
  remediation:
    "Serve a certificate from a public CA (for example Let's Encrypt with certbot) that names " +
    'the host, with the full chain: in nginx, `ssl_certificate` must point at fullchain.pem, not ' +
    'cert.pem. Use an RSA key of 2048+ bits or an ECDSA P-256 key, and renew before 30 days remain.',
  run: ({ tlsHandshakes }, { policy }) => judgeCertificate(tlsHandshakes, policy),
});
