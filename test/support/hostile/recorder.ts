import type { Socket } from 'node:net';

/** One HTTP request head as a server received it. */
export interface ReceivedRequest {
  /** Milliseconds since the epoch, when the head was complete. */
  at: number;
  method: string;
  path: string;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Record<string, string>;
}

/** Everything a server saw: it decides budgets and scope, not the scanner's own counts. */
export interface ServerRecord {
  connections: number;
  /** Connections that carried at least one HTTP request head. */
  connectionsWithRequest: number;
  requests: ReceivedRequest[];
  /** Every byte received, in all. */
  bytes: number;
}

export function emptyRecord(): ServerRecord {
  return { connections: 0, connectionsWithRequest: 0, requests: [], bytes: 0 };
}

/**
 * What the scanner should have counted: each HTTP request, and each connection that carried
 * none (a TLS handshake, a port probe, a Postgres SSLRequest).
 */
export function contactsOf(record: ServerRecord): number {
  return record.requests.length + record.connections - record.connectionsWithRequest;
}

/** A head longer than this is not a scanner's request: stop reading it as one. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * Reads HTTP request heads off a socket, records them, and calls `onRequest` for each (one
 * connection may carry several). `counted`: the TCP connection was already counted (TLS).
 */
export function recordRequests(
  socket: Socket,
  record: ServerRecord,
  onRequest: (request: ReceivedRequest) => void,
  counted = false,
): void {
  if (!counted) record.connections += 1;
  let buffered = Buffer.alloc(0);
  let bodyLeft = 0;
  let heads = 0;
  socket.on('data', (chunk: Buffer) => {
    record.bytes += chunk.length;
    const skipped = Math.min(bodyLeft, chunk.length);
    bodyLeft -= skipped;
    buffered = Buffer.concat([buffered, chunk.subarray(skipped)]);
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) break;
      const request = parseHead(buffered.subarray(0, end).toString('latin1'));
      const rest = buffered.subarray(end + 4);
      const length = bodyLength(request);
      buffered = rest.subarray(Math.min(length, rest.length));
      bodyLeft = length - Math.min(length, rest.length);
      if (!request) continue;
      heads += 1;
      if (heads === 1) record.connectionsWithRequest += 1;
      record.requests.push(request);
      onRequest(request);
    }
    if (buffered.length > MAX_HEAD_BYTES) buffered = Buffer.alloc(0);
  });
  socket.on('error', () => undefined);
}

function parseHead(text: string): ReceivedRequest | null {
  const [requestLine = '', ...lines] = text.split('\r\n');
  const match = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!match) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { at: Date.now(), method: match[1]!, path: match[2]!, headers };
}

/** Bodies are skipped by their length; the scanner sends no chunked request bodies. */
function bodyLength(request: ReceivedRequest | null): number {
  const length = Number(request?.headers['content-length'] ?? 0);
  return Number.isFinite(length) ? length : 0;
}
