import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { configSchema } from '../../../src/core/config-schema.js';
import { SecretSet } from '../../../src/core/redact.js';
import type { Artifacts, GatherContext } from '../../../src/core/types.js';
import { HttpClient } from '../../../src/gather/http.js';

export interface SeenRequest {
  path: string;
  /** The User-Agent header as received; undefined when none was sent. */
  userAgent: string | undefined;
}

export interface TestServer {
  origin: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function selfSignedOptions() {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec' });
  return { key: pems.private, cert: pems.cert };
}

/**
 * A server on 127.0.0.1 and a free port, recording each request's path and agent; over TLS
 * with a self-signed certificate when asked (the scan's client does not verify without a CA).
 */
export async function startServer(handler: Handler, tls = false): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    seen.push({ path: request.url ?? '', userAgent: request.headers['user-agent'] });
    handler(request, response);
  };
  const server = tls
    ? createTlsServer(await selfSignedOptions(), listener)
    : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago and now has nothing listening. */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.port;
}

export interface LiveHarness {
  context: GatherContext;
  http: HttpClient;
  close(): Promise<void>;
}

/**
 * A gather context like the runner's: the given configuration, a real HTTP client limited to
 * 127.0.0.1, and `get` that runs the given gatherers once each.
 */
/** What `get` needs of a gatherer; looser than GathererDefinition so any artifact fits. */
interface AnyGatherer {
  artifact: keyof Artifacts;
  gather(context: GatherContext): Promise<unknown>;
}

export function liveHarness(
  rawConfig: unknown,
  gatherers: AnyGatherer[] = [],
  requestTimeoutMs = 2000,
): LiveHarness {
  const config = configSchema.parse(rawConfig);
  const controller = new AbortController();
  const http = new HttpClient({
    allowedHosts: ['127.0.0.1'],
    maxRequests: 200,
    requestTimeoutMs,
    maxBodyBytes: 64 * 1024,
    signal: controller.signal,
  });
  const cache = new Map<string, Promise<unknown>>();
  const context: GatherContext = {
    config,
    signal: controller.signal,
    http,
    secrets: new SecretSet(),
    debug: () => undefined,
    get: <K extends keyof Artifacts>(name: K) => {
      const gatherer = gatherers.find((candidate) => candidate.artifact === name);
      if (!gatherer) return Promise.reject(new Error(`no gatherer for ${String(name)}`));
      if (!cache.has(name)) cache.set(name, gatherer.gather(context));
      return cache.get(name) as Promise<Artifacts[K]>;
    },
  };
  return { context, http, close: () => http.close() };
}
