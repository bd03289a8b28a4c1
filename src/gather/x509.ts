import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';

/** One certificate of the chain the server sent, leaf first. */
export interface ChainEntry {
  subject: string;
  issuer: string;
}

/** What a client learns of the server's certificate in a handshake. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** subjectAltName entries, as `DNS:name` and `IP Address:addr`. */
  altNames: string[];
  /** ISO 8601. */
  validFrom: string;
  validTo: string;
  /** rsa, rsa-pss, ec, ed25519, ed448, dsa ... */
  keyType: string;
  keyBits?: number;
  curve?: string;
  /** Name of the signature algorithm, or its OID when the name is not known here. */
  signatureAlgorithm: string;
  selfSigned: boolean;
  chain: ChainEntry[];
  /** The chain verifies against the trust store (the system's, or the CA file given). */
  chainVerified: boolean;
  /** OpenSSL's reason when it does not, such as CERT_HAS_EXPIRED. */
  chainError?: string;
  trustStore: 'system' | 'ca-file';
  hostnameMatches: boolean;
  hostnameError?: string;
}

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

const MAX_CHAIN = 10;

/** Reads the certificate facts of a finished handshake, checking the name against `hostname`. */
export function readCertificateFacts(
  socket: TLSSocket,
  hostname: string,
  trustStore: CertificateFacts['trustStore'],
): CertificateFacts | undefined {
  const peer = socket.getPeerCertificate(true);
  if (!peer?.raw) return undefined;
  const leaf = new X509Certificate(peer.raw);
  const details = leaf.publicKey.asymmetricKeyDetails ?? {};
  const hostnameError = checkServerIdentity(hostname, peer);

  return {
    subject: oneLine(leaf.subject),
    issuer: oneLine(leaf.issuer),
    altNames: leaf.subjectAltName?.split(', ') ?? [],
    validFrom: toIso(leaf.validFrom),
    validTo: toIso(leaf.validTo),
    keyType: leaf.publicKey.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve ? { curve: details.namedCurve } : {}),
    signatureAlgorithm: signatureAlgorithmOf(peer.raw),
    selfSigned: leaf.checkIssued(leaf) && leaf.verify(leaf.publicKey),
    chain: chainOf(peer),
    chainVerified: socket.authorized,
    ...(socket.authorizationError ? { chainError: String(socket.authorizationError) } : {}),
    trustStore,
    hostnameMatches: hostnameError === undefined,
    ...(hostnameError ? { hostnameError: hostnameError.message } : {}),
  };
}

function chainOf(leaf: DetailedPeerCertificate): ChainEntry[] {
  const chain: ChainEntry[] = [];
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current?.raw && chain.length < MAX_CHAIN) {
    const certificate = new X509Certificate(current.raw);
    chain.push({ subject: oneLine(certificate.subject), issuer: oneLine(certificate.issuer) });
    // A self-signed root is its own issuer: Node links it to itself.
    if (current.issuerCertificate === current) break;
    current = current.issuerCertificate;
  }
  return chain;
}

/** Node 20's X509Certificate names no signature algorithm: it is read from the DER. */
export function signatureAlgorithmOf(der: Buffer): string {
  try {
    const certificate = readElement(der, 0);
    const tbs = readElement(der, certificate.contentStart);
    const algorithm = readElement(der, tbs.end);
    const oid = readElement(der, algorithm.contentStart);
    if (oid.tag !== 0x06) return 'unknown';
    const text = decodeOid(der.subarray(oid.contentStart, oid.end));
    return SIGNATURE_ALGORITHMS[text] ?? text;
  } catch {
    return 'unknown';
  }
}

interface DerElement {
  tag: number;
  contentStart: number;
  end: number;
}

function readElement(der: Buffer, offset: number): DerElement {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new Error('truncated DER');
  let position = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count > 4) throw new Error('DER length too long');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (der[position + i] ?? 0);
    position += count;
  }
  if (position + length > der.length) throw new Error('truncated DER');
  return { tag, contentStart: position, end: position + length };
}

function decodeOid(bytes: Buffer): string {
  const first = bytes[0] ?? 0;
  const arcs = [
    Math.min(2, Math.floor(first / 40)),
    first - Math.min(2, Math.floor(first / 40)) * 40,
  ];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** Node gives dates as `Mar  1 12:00:00 2026 GMT`. */
function toIso(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** X509Certificate separates a name's parts with new lines. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
