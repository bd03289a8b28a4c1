import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A stand-in for the demo project deployed: its FastAPI app behind its nginx.conf, with the
 * same slips as those files: docs left on, a one-day HSTS, no CSP, a bot filter that lets an
 * empty user agent through, and a plain-HTTP listener that redirects with a temporary 302.
 */
export interface DemoDeployment {
  /** The HTTPS API, such as https://127.0.0.1:40123/ */
  url: string;
  /** The plain-HTTP listener, which only redirects to the HTTPS one. */
  httpUrl: string;
  /** PEM of the CA that signed the HTTPS certificate, for the scan to trust. */
  caPem: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const API_VERSION = '1.4.0';
const NGINX_SERVER = 'nginx/1.24.0';
const PLAN_PRICES_CENTS: Record<string, number> = { starter: 900, pro: 2900, team: 9900 };

// The project's middleware refuses these tools and crawlers, but lets an empty or absent user
// agent through: a slip on purpose.
const BOT_USER_AGENT_WORDS = [
  'python-requests',
  'python-urllib',
  'httpx',
  'aiohttp',
  'curl',
  'wget',
  'go-http-client',
  'axios',
  'node-fetch',
  'okhttp',
  'scrapy',
  'sqlmap',
  'nikto',
  'nmap',
  'bot',
  'crawler',
  'spider',
];
const BOT_USER_AGENTS = new RegExp(BOT_USER_AGENT_WORDS.join('|'), 'i');

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // One day, where a year is expected: a slip on purpose.
  'strict-transport-security': 'max-age=86400',
  // The project's nginx.conf leaves server_tokens on, so the version shows.
  server: NGINX_SERVER,
};

export async function startDemoDeployment(): Promise<DemoDeployment> {
  const certificate = await createCertificate();
  const https = createHttpsServer({ key: certificate.key, cert: certificate.cert }, answerApi);
  const httpsSockets = trackSockets(https);
  const httpsPort = await listen(https);

  const http = createHttpServer((request, response) => redirect(request, response, httpsPort));
  const httpSockets = trackSockets(http);
  let httpPort: number;
  try {
    httpPort = await listen(http);
  } catch (error) {
    await stop(https, httpsSockets);
    throw error;
  }

  return {
    url: `https://${HOST}:${httpsPort}/`,
    httpUrl: `http://${HOST}:${httpPort}/`,
    caPem: certificate.caPem,
    close: async () => {
      await Promise.all([stop(https, httpsSockets), stop(http, httpSockets)]);
    },
  };
}

interface DemoCertificate {
  caPem: string;
  key: string;
  cert: string;
}

/** A throwaway CA and a 90-day server certificate for 127.0.0.1, made fresh on each start. */
async function createCertificate(): Promise<DemoCertificate> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'shipshape demo CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });

  const server = await generate([{ name: 'commonName', value: HOST }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 90 * 24 * 60 * 60 * 1000),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: HOST },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, key: server.private, cert: server.cert };
}

function answerApi(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);

  const userAgent = request.headers['user-agent'] ?? '';
  if (userAgent !== '' && BOT_USER_AGENTS.test(userAgent)) {
    sendJson(response, 403, { detail: 'Forbidden' });
    return;
  }

  const path = new URL(request.url ?? '/', `https://${HOST}`).pathname;
  const route = findRoute(path);
  if (!route) {
    sendJson(response, 404, { detail: 'Not Found' });
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET');
    sendJson(response, 405, { detail: 'Method Not Allowed' });
    return;
  }
  route(response);
}

type Route = (response: ServerResponse) => void;

function findRoute(path: string): Route | undefined {
  if (path === '/api/v1/health') {
    return (response) => sendJson(response, 200, { status: 'ok', version: API_VERSION });
  }
  if (path === '/docs') return (response) => sendHtml(response, SWAGGER_UI_PAGE);
  if (path === '/redoc') return (response) => sendHtml(response, REDOC_PAGE);
  if (path === '/openapi.json') return (response) => sendJson(response, 200, OPENAPI_SCHEMA);

  const plan = /^\/api\/v1\/orders\/prices\/([a-z]+)$/.exec(path)?.[1];
  if (plan === undefined) {
    if (!/^\/api\/v1\/orders\/[^/]+$/.test(path)) return undefined;
    return (response) => sendJson(response, 404, { detail: 'Order not found' });
  }
  const amount = PLAN_PRICES_CENTS[plan];
  if (amount === undefined)
    return (response) => sendJson(response, 404, { detail: 'Unknown plan' });
  return (response) => sendJson(response, 200, { plan, amount, currency: 'usd' });
}

/** Temporary where a permanent redirect is expected: a slip on purpose. */
function redirect(request: IncomingMessage, response: ServerResponse, httpsPort: number): void {
  request.resume();
  const path = request.url?.startsWith('/') ? request.url : '/';
  response.writeHead(302, {
    location: `https://${HOST}:${httpsPort}${path}`,
    server: NGINX_SERVER,
    'content-length': 0,
  });
  response.end();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendHtml(response: ServerResponse, page: string): void {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(page),
  });
  response.end(page);
}

/** Every open socket, so that closing does not wait on keep-alive or half-done handshakes. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}

const SWAGGER_UI_PAGE = `<!DOCTYPE html>
<html>
<head>
<link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
<title>Demo Shop API - Swagger UI</title>
</head>
<body>
<div id="swagger-ui">
</div>
<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>
const ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  layout: 'BaseLayout',
  deepLinking: true,
})
</script>
</body>
</html>
`;

const REDOC_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Demo Shop API - ReDoc</title>
<meta charset="utf-8"/>
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"></script>
</body>
</html>
`;

const OPENAPI_SCHEMA = {
  openapi: '3.1.0',
  info: { title: 'Demo Shop API', version: API_VERSION },
  paths: {
    '/api/v1/health': {
      get: { summary: 'Health', operationId: 'health', responses: { 200: { description: 'OK' } } },
    },
    '/api/v1/orders/prices/{plan}': {
      get: {
        tags: ['orders'],
        summary: 'Get Price',
        operationId: 'get_price',
        parameters: [{ name: 'plan', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'Successful Response' } },
      },
    },
    '/api/v1/orders/{order_id}': {
      get: {
        tags: ['orders'],
        summary: 'Get Order',
        operationId: 'get_order',
        parameters: [{ name: 'order_id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'Successful Response' } },
      },
    },
  },
};
