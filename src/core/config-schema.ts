import { z } from 'zod';

const port = z.number().int().min(1).max(65535);
const path = z.string().startsWith('/', { message: 'must be a path that starts with /' });
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });

const endpoint = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH']).default('GET'),
  path,
  body: z.unknown().optional(),
});

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
      price: endpoint.optional(),
      payment: endpoint.optional(),
    })
    .default({ docsPaths: [] }),
  env: z
    .strictObject({
      /** Env files that hold the deployment's values, relative to the project folder. */
      files: z.array(z.string().min(1)).optional(),
      /** Env files that list the expected keys (an `.env.example`). */
      examples: z.array(z.string().min(1)).optional(),
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
      maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
    })
    .default({ maxRequests: 300, timeBudget: 120, requestTimeout: 10, maxBodyBytes: 1024 * 1024 }),
});

export type ShipshapeConfig = z.infer<typeof configSchema>;
export type Policy = z.infer<typeof policySchema>;
export type EndpointConfig = z.infer<typeof endpoint>;
