import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { type HostileBehaviour, type ResponderContext, responderFor } from './behaviours.js';
import {
  emptyRecord,
  type ReceivedRequest,
  recordRequests,
  type ServerRecord,
} from './recorder.js';

/** Every hostile server listens here; the stand-in for any other host listens on OTHER_HOST. */
export const TARGET_HOST = '127.0.0.1';
export const OTHER_HOST = '127.0.0.2';

export interface RecordingServer {
  origin: string;
  port: number;
  record: ServerRecord;
  close(): Promise<void>;
}

export interface HostileServer extends RecordingServer {
  behaviour: HostileBehaviour;
}

export interface HostileOptions {
  /** The stand-in's origin, where `redirect-other-host` points. */
  otherOrigin?: string;
  /** Holds every answer back this long. */
  delayMs?: number;
  /** Serves over TLS with an ordinary self-signed certificate. */
  tls?: boolean;
}

/** Certificates in the enormous chain: several hundred kilobytes, past any client's limit. */
const CHAIN_LENGTH = 600;

/** Starts a server with one hostile behaviour on 127.0.0.1 and a free port. */
export async function startHostileServer(
  behaviour: HostileBehaviour,
  options: HostileOptions = {},
): Promise<HostileServer> {
  const record = emptyRecord();
  const sockets = new Set<Socket>();
  const context = responderContext(options.otherOrigin ?? `http://${OTHER_HOST}:9`);
  const serve = (socket: Socket, counted = false) =>
    serveSocket(socket, behaviour, record, context, { ...options, counted });

  const hugeChainWanted = behaviour === 'tls-huge-chain';
  const tls = hugeChainWanted || options.tls === true;
  const server = tls ? createTlsServer(await certificateFor(hugeChainWanted)) : createServer();
  // TLS: every TCP connection counts, and HTTP is read from the decrypted socket.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    if (tls) countRawConnection(socket, record);
    else serve(socket);
  });
  if (tls) server.on('secureConnection', (socket: TLSSocket) => serve(socket, true));
  server.on('tlsClientError', () => undefined);

  const port = await listen(server, TARGET_HOST);
  const scheme = tls || behaviour === 'tls-garbage' ? 'https' : 'http';
  return {
    behaviour,
    origin: `${scheme}://${TARGET_HOST}:${port}`,
    port,
    record,
    close: () => closeServer(server, sockets),
  };
}

function serveSocket(
  socket: Socket,
  behaviour: HostileBehaviour,
  record: ServerRecord,
  context: ResponderContext,
  options: HostileOptions & { counted: boolean },
): void {
  if (behaviour === 'reset') {
    record.connections += 1;
    socket.on('error', () => undefined);
    socket.resetAndDestroy();
    return;
  }
  if (behaviour === 'tls-garbage') {
    countRawConnection(socket, record);
    socket.once('data', () => socket.end(randomBytes(2048)));
    return;
  }
  if (behaviour === 'well-behaved') answerSslRequest(socket);
  const respond = responderFor(behaviour)!;
  const onRequest = (request: ReceivedRequest) => {
    if (!options.delayMs) return respond(socket, request, context);
    const timer = setTimeout(() => respond(socket, request, context), options.delayMs);
    socket.once('close', () => clearTimeout(timer));
  };
  recordRequests(socket, record, onRequest, options.counted);
}

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Answers Postgres's SSLRequest the way a server with SSL off does, so its probe ends at once. */
function answerSslRequest(socket: Socket): void {
  socket.once('data', (chunk: Buffer) => {
    if (chunk.subarray(0, 8).equals(SSL_REQUEST)) socket.end('N');
  });
}

/** Counts a connection and its bytes, with no HTTP reading (TLS, or garbage answered). */
function countRawConnection(socket: Socket, record: ServerRecord): void {
  record.connections += 1;
  socket.on('data', (chunk: Buffer) => {
    record.bytes += chunk.length;
  });
  socket.on('error', () => undefined);
}

function responderContext(otherOrigin: string): ResponderContext {
  return {
    otherOrigin,
    every(socket, ms, tick) {
      const timer = setInterval(() => {
        if (socket.destroyed || socket.writableEnded) clearInterval(timer);
        else tick();
      }, ms);
      socket.once('close', () => clearInterval(timer));
    },
  };
}

/** A certificate for 127.0.0.1, followed in the huge chain by hundreds of another one. */
async function certificateFor(hugeChain: boolean): Promise<{ key: string; cert: string }> {
  const leaf = await generate([{ name: 'commonName', value: TARGET_HOST }], { keyType: 'ec' });
  if (!hugeChain) return { key: leaf.private, cert: leaf.cert };
  const other = await generate([{ name: 'commonName', value: 'filler CA' }], { keyType: 'ec' });
  const filler = `${other.cert.trim()}\n`.repeat(CHAIN_LENGTH);
  return { key: leaf.private, cert: `${leaf.cert.trim()}\n${filler}` };
}

/** The stand-in for every host but the target, on 127.0.0.2: it answers nothing and records. */
export async function startOtherHost(): Promise<RecordingServer> {
  const record = emptyRecord();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    recordRequests(socket, record, () => socket.destroy());
  });
  const port = await listen(server, OTHER_HOST);
  return {
    origin: `http://${OTHER_HOST}:${port}`,
    port,
    record,
    close: () => closeServer(server, sockets),
  };
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
