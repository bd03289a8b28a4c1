import { isIP } from 'node:net';
import { connect, type SecureVersion, type TLSSocket } from 'node:tls';
import { defineGatherer } from '../core/registry.js';
import type { GatherContext } from '../core/types.js';
import { resolveTargetHost } from './target-host.js';
import { type CertificateFacts, readCertificateFacts } from './x509.js';

declare module '../core/types.js' {
  interface Artifacts {
    tlsHandshakes: TlsHandshakes;
  }
}

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * `refused`: the server declined (an alert, a closed connection, another version chosen);
 * `client-refused`: our own TLS library declined before the server had its say.
 */
export type HandshakeOutcome = 'accepted' | 'refused' | 'client-refused' | 'unreachable' | 'error';

export interface VersionProbe {
  version: TlsVersion;
  outcome: HandshakeOutcome;
  /** As negotiated, on acceptance. */
  protocol?: string;
  cipher?: string;
  /** The error that ended a handshake that was not accepted. */
  reason?: string;
}

export interface TlsHandshakes {
  host: string;
  address: string;
  port: number;
  /** When the handshakes ran, ISO 8601: checks count a certificate's days left from here. */
  observedAt: string;
  versions: VersionProbe[];
  /** From the newest version the server accepted. */
  certificate?: CertificateFacts;
  certificateFrom?: TlsVersion;
}

/** OpenSSL 3 will not speak TLS 1.0 or 1.1 at its default level (SHA-1 signatures). */
const LEGACY_CIPHERS = 'ALL:@SECLEVEL=0';
const LEGACY_VERSIONS = new Set<TlsVersion>(['TLSv1', 'TLSv1.1']);

/** Errors raised by our own side's policy, before the server's answer decides anything. */
const CLIENT_SIDE_CODES = new Set([
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED',
  'ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM',
  'ERR_SSL_DH_KEY_TOO_SMALL',
  'ERR_SSL_EE_KEY_TOO_SMALL',
  'ERR_SSL_CA_MD_TOO_WEAK',
  'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED',
  'ERR_SSL_INSUFFICIENT_SECURITY',
]);

/** The server answered, but not with the version asked for. */
const SERVER_VERSION_CODES = new Set([
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export interface HandshakeRequest {
  address: string;
  port: number;
  /** The name the certificate must carry: the URL's host name or address. */
  hostname: string;
  version: TlsVersion;
  ca?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface HandshakeResult extends VersionProbe {
  certificate?: CertificateFacts;
}

export default defineGatherer({
  artifact: 'tlsHandshakes',
  kind: 'live',
  async gather(context) {
    const target = await resolveTargetHost(context);
    // A plain-HTTP target is still expected to serve HTTPS on the standard port.
    const port = target.scheme === 'https' ? target.urlPort : 443;
    const ca = context.http.trustedCa;
    const request = {
      address: target.address,
      port,
      hostname: target.hostname,
      timeoutMs: context.config.limits.requestTimeout * 1000,
      signal: context.signal,
      ...(ca ? { ca } : {}),
    };

    const observedAt = new Date().toISOString();
    const results = await Promise.all(
      TLS_VERSIONS.map((version) => handshakeCounted(context, { ...request, version })),
    );
    const newest = results.findLast((result) => result.certificate !== undefined);
    return {
      host: target.hostname,
      address: target.address,
      port,
      observedAt,
      versions: results.map(({ certificate: _certificate, ...probe }) => probe),
      ...(newest ? { certificate: newest.certificate, certificateFrom: newest.version } : {}),
    };
  },
});

function handshakeCounted(
  context: GatherContext,
  request: HandshakeRequest,
): Promise<HandshakeResult> {
  context.http.reserve('tls');
  return handshake(request);
}

/** One handshake pinned to one version; it never rejects: failures are outcomes. */
export function handshake(request: HandshakeRequest): Promise<HandshakeResult> {
  const { version } = request;
  return new Promise((resolve) => {
    const socket = connect({
      host: request.address,
      port: request.port,
      // SNI carries names only, never addresses.
      ...(isIP(request.hostname) ? {} : { servername: request.hostname }),
      minVersion: version as SecureVersion,
      maxVersion: version as SecureVersion,
      ...(LEGACY_VERSIONS.has(version) ? { ciphers: LEGACY_CIPHERS } : {}),
      ...(request.ca ? { ca: request.ca } : {}),
      rejectUnauthorized: false,
    });
    const timer = setTimeout(
      () =>
        finish({
          version,
          outcome: 'error',
          reason: `no handshake within ${request.timeoutMs / 1000} s`,
        }),
      request.timeoutMs,
    );
    const onAbort = () =>
      finish({ version, outcome: 'error', reason: 'the scan time budget ran out' });
    request.signal.addEventListener('abort', onAbort, { once: true });

    function finish(result: HandshakeResult): void {
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    }

    socket.once('secureConnect', () => finish(acceptedResult(socket, request)));
    socket.once('error', (error) => finish({ version, ...classifyHandshakeError(error) }));
    socket.once('close', () =>
      finish({ version, outcome: 'refused', reason: 'the server closed the connection' }),
    );
  });
}

function acceptedResult(socket: TLSSocket, request: HandshakeRequest): HandshakeResult {
  const cipher = socket.getCipher();
  const trustStore = request.ca ? 'ca-file' : 'system';
  let certificate: CertificateFacts | undefined;
  try {
    certificate = readCertificateFacts(socket, request.hostname, trustStore);
  } catch {
    // A certificate Node cannot parse is as good as none: the certificate check says so.
    certificate = undefined;
  }
  return {
    version: request.version,
    outcome: 'accepted',
    protocol: socket.getProtocol() ?? request.version,
    cipher: cipher.standardName ?? cipher.name,
    ...(certificate ? { certificate } : {}),
  };
}

/** Tells a server's refusal from our own side's, from OpenSSL's error code. */
export function classifyHandshakeError(error: Error): Pick<VersionProbe, 'outcome' | 'reason'> {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = describeTlsError(error, code);
  if (UNREACHABLE_CODES.has(code)) return { outcome: 'unreachable', reason };
  if (/^ERR_SSL_(?:TLSV1|SSLV3|TLSV13)_ALERT_/.test(code)) return { outcome: 'refused', reason };
  if (SERVER_VERSION_CODES.has(code) || code === 'ECONNRESET')
    return { outcome: 'refused', reason };
  if (CLIENT_SIDE_CODES.has(code)) return { outcome: 'client-refused', reason };
  return { outcome: 'error', reason };
}

function describeTlsError(error: Error, code: string): string {
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ECONNRESET') return 'the server closed the connection during the handshake';
  // OpenSSL's message is `...:routine:reason:file:line:`: the reason is what a person can read.
  const reason = (error as { reason?: string }).reason;
  return reason ? `${reason} (${code})` : error.message.split('\n')[0]!;
}
