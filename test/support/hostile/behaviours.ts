import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { gzipBomb } from './gzip-bomb.js';
import type { ReceivedRequest } from './recorder.js';

/** What a hostile server does; TLS ones are served over TLS (or pretend to be). */
export const HTTP_BEHAVIOURS = [
  'slow-headers',
  'endless-body',
  'huge-body',
  'gzip-bomb',
  'redirect-loop',
  'redirect-other-host',
  'many-headers',
  'huge-header',
  'broken-chunked',
  'not-http',
  'reset',
  'silent',
  'header-invalid-utf8',
  'header-control-chars',
] as const;

export const TLS_BEHAVIOURS = ['tls-garbage', 'tls-huge-chain'] as const;

export type HostileBehaviour =
  | (typeof HTTP_BEHAVIOURS)[number]
  | (typeof TLS_BEHAVIOURS)[number]
  | 'well-behaved';

export interface ResponderContext {
  /** Where the other-host redirect points: the stand-in's origin. */
  otherOrigin: string;
  /** Calls `tick` every `ms` until the socket closes. */
  every(socket: Socket, ms: number, tick: () => void): void;
}

type Responder = (socket: Socket, request: ReceivedRequest, context: ResponderContext) => void;

const GOOD_HEADERS = [
  'Strict-Transport-Security: max-age=31536000; includeSubDomains',
  'X-Frame-Options: DENY',
  "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options: nosniff',
];

export const ONE_GIB = 2 ** 30;
const PUMP_CHUNK = Buffer.alloc(64 * 1024, 'a');
let bomb: Buffer | undefined;

function head(status: string, headers: readonly string[]): string {
  return `HTTP/1.1 ${status}\r\n${headers.join('\r\n')}\r\n\r\n`;
}

/** An ordinary small site: 200 for the page and health, 404 for the rest. */
function wellBehaved(socket: Socket, request: ReceivedRequest): void {
  const found = request.path === '/' || request.path === '/api/v1/health';
  const body = found ? '{"status":"ok"}' : 'not found';
  const status = found ? '200 OK' : '404 Not Found';
  const headers = [
    ...GOOD_HEADERS,
    'Content-Type: application/json',
    `Content-Length: ${body.length}`,
  ];
  socket.write(head(status, headers) + body);
}

/** Writes `total` bytes as fast as the reader takes them, then stops. */
function pump(socket: Socket, total: number): void {
  let sent = 0;
  const more = () => {
    while (sent < total && !socket.destroyed) {
      sent += PUMP_CHUNK.length;
      if (!socket.write(PUMP_CHUNK)) return;
    }
  };
  socket.on('drain', more);
  more();
}

function headerValues(values: Buffer): Buffer {
  const lines = [
    'X-Frame-Options',
    'Content-Security-Policy',
    'Strict-Transport-Security',
    'X-Content-Type-Options',
  ];
  const parts = lines.flatMap((name) => [Buffer.from(`${name}: `), values, Buffer.from('\r\n')]);
  return Buffer.concat([
    Buffer.from('HTTP/1.1 200 OK\r\n'),
    ...parts,
    Buffer.from('Content-Length: 2\r\nConnection: close\r\n\r\nok'),
  ]);
}

const RESPONDERS: Record<Exclude<HostileBehaviour, 'reset' | 'tls-garbage'>, Responder> = {
  'well-behaved': wellBehaved,
  'tls-huge-chain': wellBehaved,
  'slow-headers': (socket, _request, context) => {
    const text = `${head('200 OK', ['Content-Type: text/plain']).slice(0, -2)}X-Slow: `;
    let at = 0;
    context.every(socket, 1000, () => socket.write(text[at++] ?? 'a'));
  },
  'endless-body': (socket, _request, context) => {
    socket.write(head('200 OK', ['Content-Type: text/html', 'Transfer-Encoding: chunked']));
    const chunk = `400\r\n${'<p>'.repeat(341)}x\r\n`;
    context.every(socket, 20, () => socket.write(chunk));
  },
  'huge-body': (socket) => {
    socket.write(head('200 OK', ['Content-Type: text/html', `Content-Length: ${ONE_GIB}`]));
    pump(socket, ONE_GIB);
  },
  'gzip-bomb': (socket) => {
    bomb ??= gzipBomb(1024);
    const headers = ['Content-Type: application/json', 'Content-Encoding: gzip'];
    socket.write(head('200 OK', [...headers, `Content-Length: ${bomb.length}`]));
    socket.write(bomb);
  },
  'redirect-loop': (socket, request) => {
    socket.write(head('302 Found', [`Location: ${request.path}`, 'Content-Length: 0']));
  },
  'redirect-other-host': (socket, request, context) => {
    const location = `Location: ${context.otherOrigin}${request.path}`;
    socket.write(head('301 Moved Permanently', [location, 'Content-Length: 0']));
  },
  'many-headers': (socket) => {
    const many = Array.from({ length: 10_000 }, (_, index) => `X-Many-${index}: ${index}`);
    socket.end(`${head('200 OK', [...many, 'Content-Length: 2'])}ok`);
  },
  'huge-header': (socket) => {
    socket.end(`${head('200 OK', [`X-Huge: ${'h'.repeat(4 * 2 ** 20)}`, 'Content-Length: 2'])}ok`);
  },
  'broken-chunked': (socket) => {
    socket.end(`${head('200 OK', ['Transfer-Encoding: chunked'])}5\r\nhello\r\nZZZZ\r\nbroken`);
  },
  'not-http': (socket) => {
    socket.end(Buffer.concat([Buffer.from('SSH-2.0-NotHttp\r\n\0\xff'), randomBytes(4096)]));
  },
  silent: () => undefined,
  'header-invalid-utf8': (socket) => {
    // Lone continuation bytes, a truncated sequence, and C1 controls (0x9b is CSI).
    socket.end(
      headerValues(Buffer.from([0x44, 0xff, 0xfe, 0xc3, 0x9b, 0x33, 0x31, 0x6d, 0x85, 0x80])),
    );
  },
  'header-control-chars': (socket) => {
    socket.end(headerValues(Buffer.from('DENY\x1b[31m\x07\x00\x01nosniff\x7f', 'latin1')));
  },
};

export function responderFor(behaviour: HostileBehaviour): Responder | undefined {
  return behaviour in RESPONDERS ? RESPONDERS[behaviour as keyof typeof RESPONDERS] : undefined;
}
