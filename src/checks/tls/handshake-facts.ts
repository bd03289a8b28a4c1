import type { Evidence } from '../../core/types.js';
import type { TlsHandshakes, TlsVersion, VersionProbe } from '../../gather/tls.js';

const MS_PER_DAY = 86_400_000;

/** `TLSv1` reads as `TLS 1.0` in a report. */
export function versionLabel(version: TlsVersion | string): string {
  if (version === 'TLSv1') return 'TLS 1.0';
  return version.replace(/^TLSv/, 'TLS ');
}

/** Whole days from `from` to `to`, rounded down; negative once `to` has passed. */
export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / MS_PER_DAY);
}

export function endpointOf(handshakes: TlsHandshakes): string {
  const address = handshakes.address === handshakes.host ? '' : ` (${handshakes.address})`;
  return `${handshakes.host}:${handshakes.port}${address}`;
}

/** One line per version: what the server did with a handshake pinned to it. */
export function describeProbe(probe: VersionProbe): string {
  const label = versionLabel(probe.version);
  if (probe.outcome === 'accepted') {
    return `${label}: accepted, ${versionLabel(probe.protocol ?? probe.version)} with ${probe.cipher ?? 'an unnamed cipher'}`;
  }
  const reason = probe.reason ? ` (${probe.reason})` : '';
  const outcomes: Record<Exclude<VersionProbe['outcome'], 'accepted'>, string> = {
    refused: 'refused by the server',
    'client-refused': "declined by shipshape's own TLS library, so the server's answer is unknown",
    unreachable: 'no connection',
    error: 'no answer',
  };
  return `${label}: ${outcomes[probe.outcome]}${reason}`;
}

/** Why no certificate was seen: every version's outcome, for a check that could not look. */
export function noHandshakeEvidence(handshakes: TlsHandshakes): Evidence[] {
  return handshakes.versions.map((probe) => ({ message: describeProbe(probe) }));
}
