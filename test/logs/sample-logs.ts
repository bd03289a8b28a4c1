// Logs of the kinds a small FastAPI deployment behind nginx writes, with known events planted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6MTk5OTk5OTk5OX0.c2lnbmF0dXJlLXNob3VsZC1uZXZlci1sZWFr';
export const PASSWORD = 'hunter2-Secret!';
export const STRIPE_KEY = 'sk_live_51HqLyjWDarjtT1zdp7dcXYZabcdef0123456789';
export const OPAQUE_BEARER = 'opaque-bearer-9f8e7d6c5b4a39281706';
/** Every secret planted in the samples: none may show in any output. */
export const SECRETS = [JWT, PASSWORD, STRIPE_KEY, OPAQUE_BEARER, 'password=', 'Bearer '];

function json(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}

/** What a FastAPI app's security logger writes: one JSON object a line. */
export function securityLog(): string {
  const at = (time: string) => `2025-03-${time}+00:00`;
  return [
    json({
      timestamp: at('10T09:00:01.120301'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'bot_blocked',
      client_ip: '198.51.100.23',
      user_agent: 'python-requests/2.31.0',
      path: '/api/v1/products',
    }),
    json({
      timestamp: at('10T09:00:02.004417'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'bot_blocked',
      client_ip: '198.51.100.23',
      user_agent: 'python-requests/2.31.0',
      path: '/api/v1/users',
    }),
    json({
      timestamp: at('10T09:00:03.551002'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'bot_blocked',
      client_ip: '198.51.100.23',
      user_agent: 'python-requests/2.31.0',
      path: '/',
    }),
    json({
      timestamp: at('10T09:01:00.000000'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'sql_injection_attempt',
      client_ip: '198.51.100.23',
      path: '/api/v1/items',
      query: "q=1' OR '1'='1",
    }),
    json({
      timestamp: at('10T09:01:05.000000'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'sql_injection_attempt',
      client_ip: '198.51.100.23',
      path: '/api/v1/items',
      query: 'q=1; DROP TABLE users',
    }),
    json({
      timestamp: at('10T10:00:00.000000'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'login_failed',
      client_ip: '203.0.113.50',
      message: `Invalid credentials, request had Authorization: Bearer ${JWT}`,
    }),
    json({
      timestamp: at('11T11:00:00.000000'),
      level: 'ERROR',
      logger: 'app.security',
      event: 'payment_tamper_detected',
      client_ip: '203.0.113.50',
      message: 'amount mismatch: client sent 100, order total 4999',
    }),
    json({
      timestamp: at('11T11:00:01.000000'),
      level: 'ERROR',
      logger: 'app.security',
      event: 'payment_tamper_detected',
      client_ip: '203.0.113.50',
      message: 'amount mismatch: client sent 1, order total 4999',
    }),
    json({
      timestamp: at('11T11:05:00.000000'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'rate_limit_exceeded',
      client_ip: '203.0.113.50',
      path: '/api/v1/checkout',
    }),
    json({
      timestamp: at('11T12:00:00.000000'),
      level: 'ERROR',
      logger: 'app.main',
      message: 'Unhandled exception in /api/v1/orders',
      client_ip: '192.0.2.10',
    }),
    json({
      timestamp: at('11T12:00:01.000000'),
      level: 'INFO',
      logger: 'app.main',
      message: 'request completed',
      status_code: 200,
      client_ip: '192.0.2.10',
    }),
    json({
      timestamp: at('11T12:30:00.000000'),
      level: 'WARNING',
      logger: 'app.security',
      event: 'login_failed',
      client_ip: '203.0.113.50',
      message: `failed login for admin password=${PASSWORD}`,
    }),
    json({
      timestamp: at('11T13:00:00.000000'),
      level: 'ERROR',
      logger: 'app.payments',
      event: 'stripe_error',
      message: `Stripe call failed with key ${STRIPE_KEY}`,
    }),
    `{"timestamp": "2025-03-11T13:00:05+00:00", "event": "login_failed", "message": "Authorization: Bearer ${OPAQUE_BEARER}`,
    '',
    '',
  ].join('\n');
}

function combined(
  client: string,
  time: string,
  request: string,
  status: number,
  agent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  referer = '-',
): string {
  return `${client} - - [${time} +0000] "${request}" ${status} 153 "${referer}" "${agent}"`;
}

/** nginx's access log in the combined format. */
export function accessLog(): string {
  const d10 = (time: string) => `10/Mar/2025:${time}`;
  const d11 = (time: string) => `11/Mar/2025:${time}`;
  return [
    combined(
      '198.51.100.23',
      d10('08:00:00'),
      'GET / HTTP/1.1',
      403,
      'Mozilla/5.0 (compatible; GPTBot/1.0; +https://openai.com/gptbot)',
    ),
    combined('198.51.100.23', d10('08:00:01'), 'GET /api/v1/users HTTP/1.1', 403, 'curl/8.5.0'),
    combined('198.51.100.23', d10('08:00:02'), 'GET / HTTP/1.1', 403, '-'),
    combined(
      '198.51.100.23',
      d10('08:00:03'),
      'GET / HTTP/1.1',
      444,
      'Scrapy/2.11 (+https://scrapy.org)',
    ),
    combined(
      '198.51.100.77',
      d10('08:10:00'),
      'GET /products?id=1%27%20OR%20%271%27%3D%271 HTTP/1.1',
      200,
    ),
    combined(
      '198.51.100.77',
      d10('08:10:01'),
      'GET /search?q=1+UNION+SELECT+username,password+FROM+users-- HTTP/1.1',
      404,
    ),
    combined('203.0.113.99', d10('08:20:00'), 'GET /api/v1/items HTTP/1.1', 429),
    combined('203.0.113.99', d10('08:20:00'), 'GET /api/v1/items HTTP/1.1', 429),
    combined('203.0.113.99', d10('08:20:01'), 'GET /api/v1/items HTTP/1.1', 429),
    combined('203.0.113.99', d11('07:00:00'), 'GET /api/v1/items HTTP/2.0', 503),
    combined('203.0.113.99', d11('07:00:00'), 'GET /api/v1/items HTTP/2.0', 503),
    combined('203.0.113.50', d11('07:30:00'), 'POST /api/v1/auth/login HTTP/1.1', 401),
    combined('203.0.113.50', d11('07:30:02'), 'POST /api/v1/auth/login HTTP/1.1', 401),
    combined('203.0.113.99', d11('08:00:00'), 'GET /api/v1/orders HTTP/1.1', 500),
    combined('203.0.113.99', d11('08:00:01'), 'GET /api/v1/orders HTTP/1.1', 502),
    combined(
      '192.0.2.10',
      d11('09:00:00'),
      `GET /api/v1/me?access_token=${JWT} HTTP/1.1`,
      200,
      undefined,
      `https://app.example.com/cb#id_token=${JWT}`,
    ),
    combined('192.0.2.10', d11('09:00:01'), `GET /checkout?key=${STRIPE_KEY} HTTP/1.1`, 200),
    combined('192.0.2.10', d11('09:00:02'), 'GET /health HTTP/1.1', 200),
    combined('192.0.2.10', d11('09:00:03'), 'GET /admin HTTP/1.1', 403),
    `203.0.113.99 - - [11/Mar/2025:14:00:00 +0000] "GET /api/v1/items?password=${PASSWORD}`,
  ].join('\n');
}

/** Yesterday's access log after logrotate: gzip, named `.gz`. */
export function rotatedLog(): Buffer {
  const lines = [];
  for (let second = 0; second < 5; second += 1)
    lines.push(
      combined(
        '198.51.100.23',
        `09/Mar/2025:23:59:0${second}`,
        'GET /wp-login.php HTTP/1.1',
        403,
        'Go-http-client/1.1',
      ),
    );
  lines.push(combined('192.0.2.10', '09/Mar/2025:23:59:59', 'GET / HTTP/1.1', 200));
  return gzipSync(`${lines.join('\n')}\n`);
}

/** An older rotation, gzip without the `.gz` name: found by its magic bytes. */
export function unnamedGzipLog(): Buffer {
  return gzipSync(
    [
      combined('2001:db8::bad', '08/Mar/2025:12:00:00', 'GET /api/v1/items HTTP/1.1', 429),
      combined('2001:db8::bad', '08/Mar/2025:12:00:01', 'GET /api/v1/items HTTP/1.1', 429),
      combined('192.0.2.10', '08/Mar/2025:12:00:02', 'GET / HTTP/1.1', 200),
      '',
    ].join('\n'),
  );
}

/**
 * A security log with lines of no format among its records: the line of text, the array and
 * the greeting are malformed as much as the JSON cut short is. Lines 2, 3, 5, 6 and 8.
 */
export function strayJsonLog(): string {
  return [
    json({
      timestamp: '2025-03-12T10:00:00+00:00',
      event: 'rate_limit_exceeded',
      client_ip: '203.0.113.7',
    }),
    `not json at all, Authorization: Bearer ${OPAQUE_BEARER}`,
    '[1,2,3]',
    '',
    'hello world',
    `{"timestamp": "2025-03-12T10:00:05+00:00", "message": "password=${PASSWORD}`,
    json({ timestamp: '2025-03-12T10:00:06+00:00', message: 'request completed', status: 200 }),
    '"a string, not an object"',
    '   ',
    json({ timestamp: '2025-03-12T10:00:07+00:00', event: 'login_failed', ip: '203.0.113.7' }),
    '',
  ].join('\n');
}

/** nginx's access log with a line of no format in it (line 2), and a Python logging line. */
export function strayAccessLog(): string {
  return [
    combined('203.0.113.8', '12/Mar/2025:10:00:00', 'GET /api/v1/items HTTP/1.1', 429),
    `garbage line with Authorization: Bearer ${JWT}`,
    '2025-03-12 10:00:01,120 WARNING app.security: failed login for admin from 203.0.113.8',
    combined('203.0.113.8', '12/Mar/2025:10:00:02', 'GET / HTTP/1.1', 200),
  ].join('\n');
}

/** A gzip cut short: `lines` rate-limit refusals, of which the first part survives. */
export function truncatedGzip(lines: number): Buffer {
  const text = Array.from({ length: lines }, (_, index) =>
    combined(
      `203.0.113.${index % 7}`,
      '12/Mar/2025:10:00:00',
      `GET /api/v1/items?page=${index} HTTP/1.1`,
      429,
    ),
  ).join('\n');
  const whole = gzipSync(`${text}\n`);
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

export interface Samples {
  dir: string;
  security: string;
  access: string;
  rotated: string;
  unnamedGzip: string;
  /** JSON lines and an access log with malformed lines; not among `all`. */
  strayJson: string;
  strayAccess: string;
  all: string[];
}

export function writeSamples(): Samples {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-logs-'));
  const security = join(dir, 'security.jsonl');
  const access = join(dir, 'access.log');
  const rotated = join(dir, 'access.log.1.gz');
  const unnamedGzip = join(dir, 'access.log.2');
  writeFileSync(security, securityLog());
  writeFileSync(access, accessLog());
  writeFileSync(rotated, rotatedLog());
  writeFileSync(unnamedGzip, unnamedGzipLog());
  const strayJson = join(dir, 'stray.jsonl');
  const strayAccess = join(dir, 'stray-access.log');
  writeFileSync(strayJson, strayJsonLog());
  writeFileSync(strayAccess, strayAccessLog());
  return {
    dir,
    security,
    access,
    rotated,
    unnamedGzip,
    strayJson,
    strayAccess,
    all: [security, access, rotated, unnamedGzip],
  };
}
