import { Socket } from 'node:net';
import { cut } from '../core/redact.js';

/** The protocol's magic numbers: SSLRequest's code and protocol version 3.0. */
const SSL_REQUEST_CODE = 80877103;
const PROTOCOL_3 = 196608;
/** A first answer is a few hundred bytes; anything longer is not Postgres. */
const MAX_MESSAGE_BYTES = 64 * 1024;

export interface Endpoint {
  host: string;
  port: number;
}

/** `S`: TLS may follow; `N`: the server has SSL off; `other`: the port is not Postgres. */
export type SslAnswer = 'S' | 'N' | 'other';

/** `refused`: nothing listens on the port. */
export type WireResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; refused?: boolean };

/** Sends the 8-byte SSLRequest and reads the one-byte answer; nothing else is sent. */
export function requestSsl(
  endpoint: Endpoint,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<WireResult<SslAnswer>> {
  const request = Buffer.alloc(8);
  request.writeInt32BE(8, 0);
  request.writeInt32BE(SSL_REQUEST_CODE, 4);
  return exchange(endpoint, request, { timeoutMs, signal }, (received) => {
    const answer = String.fromCharCode(received[0]!);
    return answer === 'S' || answer === 'N' ? answer : 'other';
  });
}

/**
 * What the server says to a plain (unencrypted) startup: `accepted` when it asks for a
 * password or lets the role in, `refused` when pg_hba.conf has no line for it. The probe ends
 * there: no password is ever sent on a plain connection.
 */
export interface PlainStartup {
  outcome: 'accepted' | 'refused' | 'other';
  /** How the server wants the role to prove itself, when it accepted: trust, md5, scram ... */
  authMethod?: string;
  sqlState?: string;
  /** The server's own words, which name the client address, role and database, no secret. */
  serverMessage?: string;
}

const AUTH_METHODS: Record<number, string> = {
  0: 'trust (no password asked)',
  2: 'kerberos',
  3: 'cleartext password',
  5: 'md5',
  7: 'gssapi',
  9: 'sspi',
  10: 'scram-sha-256',
};

export function startWithoutTls(
  endpoint: Endpoint,
  login: { user: string; database: string },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<WireResult<PlainStartup>> {
  return exchange(endpoint, startupMessage(login), { timeoutMs, signal }, readStartupAnswer);
}

function startupMessage(login: { user: string; database: string }): Buffer {
  const fields = ['user', login.user, 'database', login.database, 'application_name', 'shipshape'];
  const body = Buffer.from(`${fields.join('\0')}\0\0`, 'utf8');
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(PROTOCOL_3, 4);
  return Buffer.concat([header, body]);
}

/** Undefined while the first message is incomplete. */
function readStartupAnswer(received: Buffer): PlainStartup | undefined {
  if (received.length < 5) return undefined;
  const type = String.fromCharCode(received[0]!);
  const length = received.readInt32BE(1);
  if (length < 4 || length > MAX_MESSAGE_BYTES) return { outcome: 'other' };
  if (received.length < 1 + length) return undefined;
  const body = received.subarray(5, 1 + length);

  if (type === 'R' && body.length >= 4) {
    const code = body.readInt32BE(0);
    return { outcome: 'accepted', authMethod: AUTH_METHODS[code] ?? `method ${code}` };
  }
  if (type !== 'E') return { outcome: 'other' };
  const fields = readErrorFields(body);
  const sqlState = fields.get('C');
  // 28000 (invalid authorization) is what a pg_hba.conf rejection carries.
  return {
    outcome: sqlState === '28000' ? 'refused' : 'other',
    ...(sqlState ? { sqlState } : {}),
    ...(fields.has('M') ? { serverMessage: cut(fields.get('M')!, 300) } : {}),
  };
}

function readErrorFields(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  let position = 0;
  while (position < body.length && body[position] !== 0) {
    const code = String.fromCharCode(body[position]!);
    const end = body.indexOf(0, position + 1);
    if (end === -1) break;
    fields.set(code, body.subarray(position + 1, end).toString('utf8'));
    position = end + 1;
  }
  return fields;
}

interface Deadline {
  timeoutMs: number;
  /** The scan's budget: its end closes the socket at once. */
  signal?: AbortSignal | undefined;
}

/**
 * Connects, writes `request`, and reads until `parse` returns an answer, then closes. The
 * timeout is a deadline for the whole exchange, not an idle timer: a server that drips one
 * byte at a time must not hold the socket open past it.
 */
function exchange<T>(
  endpoint: Endpoint,
  request: Buffer,
  deadline: Deadline,
  parse: (received: Buffer) => T | undefined,
): Promise<WireResult<T>> {
  const { timeoutMs, signal } = deadline;
  return new Promise((resolve) => {
    const socket = new Socket();
    let received = Buffer.alloc(0);
    const onAbort = () => finish({ ok: false, reason: 'the scan time budget ran out' });
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    const finish = (result: WireResult<T>) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]).subarray(0, MAX_MESSAGE_BYTES + 8);
      const value = parse(received);
      if (value !== undefined) finish({ ok: true, value });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      finish({
        ok: false,
        reason:
          error.code === 'ECONNREFUSED'
            ? 'the connection was refused'
            : (error.code ?? error.message),
      });
    });
    socket.once('close', () =>
      finish({ ok: false, reason: 'the server closed the connection without answering' }),
    );
    socket.connect({ host: endpoint.host, port: endpoint.port });
  });
}
