import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
const path = z.string().startsWith('/', { message: 'must be a path that starts with /' });
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .refine((url) => !URL.canParse(url) || new URL(url).port !== '0', {
    message: 'port 0 is not a port a server listens on; give one from 1 to 65535, or none',
  });

const endpoint = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).default('GET'),
  /** May carry a query string, whose parameters the injection probe fills with payloads. */
  path,
  /** A sample JSON body, sent as is for the untampered request. */
  body: z.unknown().optional(),
  /** Headers to send, e.g. a test account's Authorization: their values are kept secret. */
  headers: z.record(z.string(), z.string()).optional(),
});

/** Dot paths into a JSON document, such as `amount` or `items.0.quantity`. */
const field = z
  .string()
  .regex(/^[\w-]+(\.[\w-]+)*$/, { message: 'must be a dot path such as items.0.price' });

const priceEndpoint = endpoint.extend({
  /** Where the price is in the answer; default: the first of price, amount, total ... found. */
  priceField: field.optional(),
});

const paymentEndpoint = endpoint.extend({
  /** Where the amount, currency and quantity are in the sample body; default: found by name. */
  amountField: field.optional(),
  currencyField: field.optional(),
  quantityField: field.optional(),
});

/** Where the application writes its security events, read after the attack probes. */
const logSource = z.union([
  z.strictObject({ file: z.string().min(1) }),
  /** Run with /bin/sh in the project folder, e.g. `docker logs --since 10m api`. */
  z.strictObject({ command: z.string().min(1) }),
]);

export const policySchema = z.strictObject({
  /** Requests per second one client address may make (nginx `limit_req_zone ... rate=`). */
  rate: z.number().positive().default(10),
  /** Requests a client may send above the rate before it is refused (`limit_req burst=`). */
  burst: z.number().int().nonnegative().default(20),
  /** Minimum length of a secret key. */
  secretLength: z.number().int().min(8).max(4096).default(32),
  allowedPorts: z.array(port).default([80, 443, 22]),
  minTlsVersion: z.enum(['1.2', '1.3']).default('1.2'),
  /** One year: the least max-age the HSTS preload list accepts. */
  hstsMaxAge: z.number().int().nonnegative().default(31_536_000),
  /** Days before a certificate's expiry at which it warns: certbot renews 30 days ahead. */
  certificateWarnDays: z.number().int().nonnegative().default(30),
  /** Days before expiry at which it fails: a renewal that has not happened by now is broken. */
  certificateFailDays: z.number().int().nonnegative().default(7),
  /** Hours since the security log's last write after which it counts as not being written. */
  securityLogMaxAge: z.number().positive().default(24),
  /** Hours since the newest backup: a nightly job plus two hours of slack for a slow dump. */
  backupMaxAge: z.number().positive().default(26),
});

/** A result that a team accepts for now: it stays visible, with its reason, and stops gating. */
const waiver = z.strictObject({
  /** An item id (`headers.csp`) or a check id (`csp-policy`). */
  id: z.string().min(1),
  /** Only results whose every location lies in this file, or at this `file:line`. */
  location: z.string().min(1).optional(),
  reason: z.string().min(1),
  /** The last day it applies (YYYY-MM-DD, UTC); from the next day the result counts again. */
  expires: z.iso.date({ message: 'must be a date such as 2025-12-31' }),
});

export const configSchema = z.strictObject({
  target: z
    .strictObject({
      url: httpUrl.optional(),
      /** The plain-HTTP address whose redirect is checked; by default the URL's host on port 80. */
      httpUrl: httpUrl.optional(),
    })
    .default({}),
  project: z.string().min(1).optional(),
  profile: z.literal('production-web').default('production-web'),
  policy: policySchema.default(policySchema.parse({})),
  probes: z
    .strictObject({
      /** Health endpoint; without it the usual paths are tried in turn. */
      health: path.optional(),
      /** Prefix of the API's routes, for docs paths mounted under it. */
      apiPrefix: path.optional(),
      /** More documentation paths to probe, besides the usual ones. */
      docsPaths: z.array(path).default([]),
      /** The price endpoint asked before the payment probe, e.g. GET /api/v1/price?plan=pro. */
      price: priceEndpoint.optional(),
      /** The payment endpoint and a sample order, sent untampered and then tampered. */
      payment: paymentEndpoint.optional(),
      /** API endpoints for the injection, error, bot and header probes. */
      apiPaths: z.array(endpoint).max(10).default([]),
      rateLimit: z
        .strictObject({
          /** The path the burst is sent to; default: the first GET API path, else health. */
          path: path.optional(),
          /** The most requests the burst may send, in all; it stops sooner once limited. */
          maxRequests: z.number().int().min(5).max(500).default(80),
        })
        .default({ maxRequests: 80 }),
      securityLog: logSource.optional(),
      /**
       * TCP ports to probe on the target host instead of the built-in list of well-known ports;
       * a `{port, service}` entry names the service (postgres, redis ...) of a non-standard port.
       */
      ports: z
        .array(z.union([port, z.strictObject({ port, service: z.string().min(1).max(40) })]))
        .min(1)
        .max(64)
        .optional(),
    })
    .default({ docsPaths: [], apiPaths: [], rateLimit: { maxRequests: 80 } }),
  env: z
    .strictObject({
      /** Env files that hold the deployment's values, relative to the project folder. */
      files: z.array(z.string().min(1)).optional(),
      /** Env files that list the expected keys (an `.env.example`). */
      examples: z.array(z.string().min(1)).optional(),
    })
    .default({}),
  nginx: z
    .strictObject({
      /** The nginx file to audit, relative to the project; default: every nginx file found. */
      config: z.string().min(1).optional(),
      /**
       * The project folder that stands for the server's /etc/nginx, where relative includes
       * start; default: the main nginx.conf's folder.
       */
      prefix: z.string().optional(),
      /** The nginx binary for `nginx -t`, or false not to run it; default: nginx if installed. */
      binary: z.union([z.string().min(1), z.literal(false)]).optional(),
    })
    .default({}),
  database: z
    .strictObject({
      /**
       * The application's Postgres URL (or --database-url), for the role, TLS and migration
       * checks. It holds a password: reports show only user@host:port/dbname.
       */
      url: z
        .string()
        .regex(/^postgres(?:ql)?(?:\+\w+)?:\/\//i, { message: 'must be a postgresql:// URL' })
        .optional(),
    })
    .default({}),
  limits: z
    .strictObject({
      /** Every request or connection the scan may make, in all. */
      maxRequests: z.number().int().min(1).max(10_000).default(300),
      /** Seconds the whole scan may take. */
      timeBudget: z.number().positive().max(3600).default(120),
      /** Seconds one request may take, from connect to the last byte. */
      requestTimeout: z.number().positive().max(300).default(10),
      /** Bytes of a response body that are read; the rest is dropped. */
      maxBodyBytes: z
        .number()
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .default(1024 * 1024),
    })
    .default({ maxRequests: 300, timeBudget: 120, requestTimeout: 10, maxBodyBytes: 1024 * 1024 }),
  /** The server itself, read with `scan --host` (or `enabled: true`); nothing on it is changed. */
  host: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Where the host's files are: `/`, or a mounted disk image or copy of /etc and /var/log. */
      root: z.string().min(1).default('/'),
      /** The application's security logs: checked for recent writes and a logrotate rule. */
      securityLogs: z.array(z.string().min(1)).min(1).default(['/var/log/app/security.log']),
      /** The folder the database backups (pg_dump files) are written to. */
      backupFolder: z.string().min(1).optional(),
      /**
       * Saved firewall outputs, read instead of asking the host: `ufw status verbose`,
       * `nft -j list ruleset`, `nft list ruleset`, `iptables-save`, or ufw's folder /etc/ufw.
       */
      firewallOutputs: z.array(z.string().min(1)).default([]),
    })
    .default({
      enabled: false,
      root: '/',
      securityLogs: ['/var/log/app/security.log'],
      firewallOutputs: [],
    }),
  /** `shipshape monitor`: repeated scans, their history, and alerts on drift. */
  monitor: z
    .strictObject({
      /** Seconds between two scans. */
      interval: z
        .number()
        .min(1)
        .max(7 * 86_400)
        .default(3600),
      /** Gets a JSON POST when an item turns to fail or error. The URL is kept out of output. */
      webhook: httpUrl.optional(),
      /** The SQLite history file; default: .shipshape/history.db in the project folder. */
      database: z.string().min(1).optional(),
    })
    .default({ interval: 3600 }),
  waivers: z.array(waiver).default([]),
  checklist: z
    .strictObject({
      /** A team checklist's item text (as written, without the box) mapped to item ids. */
      bindings: z.record(z.string().min(1), z.string().min(1)).default({}),
    })
    .default({ bindings: {} }),
});

export type ShipshapeConfig = z.infer<typeof configSchema>;
export type Policy = z.infer<typeof policySchema>;
export type EndpointConfig = z.infer<typeof endpoint>;
export type WaiverConfig = z.infer<typeof waiver>;
