import type { Policy } from '../../core/config-schema.js';
import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import { TLS_VERSIONS, type TlsHandshakes, type TlsVersion } from '../../gather/tls.js';
import { describeProbe, endpointOf, noHandshakeEvidence, versionLabel } from './handshake-facts.js';

const POLICY_VERSION: Record<Policy['minTlsVersion'], TlsVersion> = {
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

/** Versions older than the policy's minimum, which the server must refuse. */
function isBelow(version: TlsVersion, minimum: TlsVersion): boolean {
  return TLS_VERSIONS.indexOf(version) < TLS_VERSIONS.indexOf(minimum);
}

export function judgeVersions(handshakes: TlsHandshakes, policy: Policy): Finding {
  const minimum = POLICY_VERSION[policy.minTlsVersion];
  const where = endpointOf(handshakes);
  const evidence = handshakes.versions.map((probe) => ({ message: describeProbe(probe) }));
  const accepted = handshakes.versions.filter((probe) => probe.outcome === 'accepted');
  if (accepted.length === 0) {
    return {
      status: 'error',
      message: `No TLS handshake succeeded with ${where}, at any version: the versions it refuses cannot be told apart from a server that is down.`,
      evidence: noHandshakeEvidence(handshakes),
    };
  }

  const old = handshakes.versions.filter((probe) => isBelow(probe.version, minimum));
  const oldAccepted = old.filter((probe) => probe.outcome === 'accepted');
  if (oldAccepted.length > 0) {
    const names = oldAccepted.map((probe) => versionLabel(probe.version)).join(' and ');
    return {
      status: 'fail',
      message: `${where} accepts ${names}; expected only ${versionLabel(minimum)} or newer.`,
      evidence,
    };
  }

  // A refusal our own library made, or no answer, says nothing about the server.
  const unknown = old.filter((probe) => probe.outcome !== 'refused');
  if (unknown.length > 0) {
    const names = unknown.map((probe) => versionLabel(probe.version)).join(' and ');
    return {
      status: 'error',
      message: `Could not tell whether ${where} refuses ${names}: the handshake did not reach the server's decision.`,
      evidence,
      remediation:
        'Re-run the scan; if it repeats, test by hand with `openssl s_client -tls1 -connect host:port`.',
    };
  }

  const newest = accepted.map((probe) => versionLabel(probe.version)).join(', ');
  return {
    status: 'pass',
    message: `${where} refuses every version older than ${versionLabel(minimum)} and accepts ${newest}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'tls-protocol-versions',
  title: 'Only TLS 1.2 or newer is accepted',
  severity: 'high',
  needs: ['tlsHandshakes'],
  remediation:
    'In the nginx server block (or the http block) set `ssl_protocols TLSv1.2 TLSv1.3;` and ' +
    "reload nginx. Debian's default nginx.conf still lists TLSv1 and TLSv1.1 in the http block: " +
    'change it there too. Clients older than Android 4.4 or IE 10 will no longer connect.',
  run: ({ tlsHandshakes }, { policy }) => judgeVersions(tlsHandshakes, policy),
});
