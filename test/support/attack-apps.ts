import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { runQuery } from './mimic-sql.js';

/**
 * Two small APIs behind the test nginx, on 127.0.0.1: `guarded` refuses every attack the
 * probes send and writes each refusal to a security log; `careless` refuses nothing, builds
 * SQL from input and answers errors with their stack.
 */

export const PRICES: Record<string, number> = { starter: 900, pro: 2900 };
const ITEMS = [
  { id: 1, name: 'crane' },
  { id: 2, name: 'hoist' },
  { id: 3, name: 'winch' },
];

const BOT_AGENTS =
  /python-requests|python-urllib|httpx|axios|node-fetch|curl|wget|go-http-client|scrapy|sqlmap|nikto|bot|crawl|spider/i;
const INJECTION = /'|--|\/\*|;|\b(union|select|sleep|or\s+\d)\b/i;
const MAX_BODY_BYTES = 16 * 1024;

export interface TestApp {
  port: number;
  close(): Promise<void>;
}

interface Request {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: IncomingMessage['headers'];
}

type Answer = [status: number, body: unknown, headers?: Record<string, string>];

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, [status, body, headers = {}]: Answer): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function listen(server: Server): Promise<TestApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function priceOf(query: URLSearchParams): Answer {
  const plan = query.get('plan') ?? '';
  const price = PRICES[plan];
  return price === undefined
    ? [404, { detail: 'Unknown plan' }]
    : [200, { plan, price, currency: 'usd' }];
}

// ---------------------------------------------------------------- guarded

/** Writes one JSON line per security event, with the request's agent and id. */
function securityLogger(file: string) {
  return (event: string, request: Request) => {
    const line = {
      time: new Date().toISOString(),
      event,
      path: request.path,
      user_agent: request.headers['user-agent'] ?? '',
      request_id:
        request.headers['x-request-id'] ?? request.headers['x-shipshape-request-id'] ?? '',
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
}

function scalarValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null)
    return Object.values(value).flatMap(scalarValues);
  return [];
}

function validPayment(body: Record<string, unknown>): boolean {
  const price = PRICES[String(body.plan)];
  const quantity = body.quantity ?? 1;
  if (price === undefined || !Number.isInteger(quantity) || (quantity as number) < 1) return false;
  if (body.currency !== 'usd') return false;
  return body.amount === price * (quantity as number);
}

function guardedRoute(
  request: Request,
  json: unknown,
  log: ReturnType<typeof securityLogger>,
): Answer {
  const route = `${request.method} ${request.path}`;
  switch (route) {
    case 'GET /api/v1/health':
      return [200, { status: 'ok' }];
    case 'GET /api/v1/price':
      return priceOf(request.query);
    case 'GET /api/v1/items': {
      const search = request.query.get('search') ?? '';
      return [200, { items: ITEMS.filter((item) => item.name === search) }];
    }
    case 'POST /api/v1/payments': {
      if (typeof json !== 'object' || json === null) return [422, { detail: 'Invalid request' }];
      if (!validPayment(json as Record<string, unknown>)) {
        log('payment_manipulation', request);
        return [400, { detail: 'Invalid payment amount' }];
      }
      return [201, { status: 'created' }];
    }
  }
  const known = ['/api/v1/health', '/api/v1/price', '/api/v1/items', '/api/v1/payments'];
  if (known.includes(request.path)) return [405, { detail: 'Method Not Allowed' }];
  return [404, { detail: 'Not Found' }];
}

function guardedScreen(
  request: Request,
  json: unknown,
  log: ReturnType<typeof securityLogger>,
): Answer | undefined {
  const agent = request.headers['user-agent'] ?? '';
  if (agent === '' || BOT_AGENTS.test(agent)) {
    log('bot_blocked', request);
    return [403, { detail: 'Forbidden' }];
  }
  const values = [...request.query.values(), ...scalarValues(json)];
  if (values.some((value) => INJECTION.test(value))) {
    log('sql_injection_attempt', request);
    return [400, { detail: 'Invalid input' }];
  }
  return undefined;
}

async function guardedAnswer(
  incoming: IncomingMessage,
  log: ReturnType<typeof securityLogger>,
): Promise<Answer> {
  const url = new URL(incoming.url ?? '/', 'http://app');
  try {
    url.pathname = decodeURIComponent(url.pathname);
  } catch {
    return [400, { detail: 'Bad request' }];
  }
  const body = await readBody(incoming);
  if (body === undefined) return [413, { detail: 'Request too large' }];
  const request = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    body,
    headers: incoming.headers,
  };

  let json: unknown;
  if (body !== '') {
    try {
      json = JSON.parse(body);
    } catch {
      return [400, { detail: 'Invalid JSON' }];
    }
  }
  return guardedScreen(request, json, log) ?? guardedRoute(request, json, log);
}

export async function startGuardedApp(securityLogFile: string): Promise<TestApp> {
  const log = securityLogger(securityLogFile);
  const server = createServer((incoming, response) => {
    guardedAnswer(incoming, log).then(
      (answer) => send(response, answer),
      () => send(response, [500, { detail: 'Internal server error' }]),
    );
  });
  return listen(server);
}

// ---------------------------------------------------------------- careless

async function carelessRoute(request: Request): Promise<Answer> {
  const route = `${request.method} ${request.path}`;
  switch (route) {
    case 'GET /api/v1/health':
      return [200, { status: 'ok' }];
    case 'GET /api/v1/price':
      return priceOf(request.query);
    case 'GET /api/v1/items': {
      const sql = `SELECT id, name FROM items WHERE name = '${request.query.get('search') ?? ''}'`;
      const result = runQuery(sql, ITEMS);
      if (result.sleepSeconds > 0) await sleep(result.sleepSeconds * 1000);
      return [200, { items: result.rows }];
    }
    case 'POST /api/v1/payments': {
      const order = JSON.parse(request.body) as Record<string, unknown>;
      return [200, { status: 'created', amount: Number(order.amount).toFixed(2) }];
    }
  }
  return [404, { detail: 'Not Found' }];
}

async function carelessAnswer(incoming: IncomingMessage): Promise<Answer> {
  const url = new URL(incoming.url ?? '/', 'http://app');
  url.pathname = decodeURIComponent(url.pathname);
  const body = (await readBody(incoming)) ?? '';
  const request = {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    body,
    headers: incoming.headers,
  };
  return carelessRoute(request);
}

/** What a debug-mode error handler shows: the error's class, message and stack. */
function debugError(error: unknown): Answer {
  const failure = error instanceof Error ? error : new Error(String(error));
  return [500, { error: failure.name, message: failure.message, stack: failure.stack }];
}

export async function startCarelessApp(): Promise<TestApp> {
  const server = createServer((incoming, response) => {
    carelessAnswer(incoming).then(
      (answer) => send(response, [answer[0], answer[1], { 'x-powered-by': 'Express' }]),
      (error) => send(response, debugError(error)),
    );
  });
  return listen(server);
}
