import { randomUUID } from 'node:crypto';
import { Agent, request, errors as undiciErrors } from 'undici';
import { BudgetError, describeError } from '../core/errors.js';
import { VERSION } from '../core/version.js';

/** Names shipshape on every request, so operators can recognise and filter its traffic. */
export const SCANNER_USER_AGENT = `shipshape/${VERSION} (production security checklist scanner)`;

/** Sent where a check must be answered the way a person's browser would be. */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Every request carries this header with a fresh id, to find it in the target's logs. */
export const REQUEST_ID_HEADER = 'x-shipshape-request-id';

/**
 * The suffix a marked request adds to its user agent: logs that keep the agent but not the
 * request id header still show which probe a line is about.
 */
export function probeMarker(requestId: string): string {
  return `shipshape-probe/${requestId}`;
}

export interface HttpRequest {
  url: string;
  method?: string;
  /** `null` sends no User-Agent header at all. Default: shipshape's own. */
  userAgent?: string | null;
  headers?: Record<string, string>;
  body?: string;
  /** Appends the probe marker to a non-empty user agent, so the target's logs can be matched. */
  markUserAgent?: boolean;
  /** Sent over a pool of many connections, for a burst whose requests must overlap. */
  parallel?: boolean;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case; a repeated header keeps every value in order. */
  headers: Record<string, string[]>;
  body: string;
  /** The body was longer than the cap and was cut there. */
  truncated: boolean;
  elapsedMs: number;
}

/** One request and what came of it: a response, or the reason there was none. */
export interface Exchange {
  /** `id` is the request id header sent (absent when the request was never sent). */
  request: { url: string; method: string; userAgent: string | null; id?: string };
  response?: HttpResponse;
  error?: string;
  /** What kind of failure `error` is, for checks that judge a refusal differently. */
  failure?: FailureKind;
}

export type FailureKind = 'refused' | 'timeout' | 'reset' | 'unresolved' | 'budget' | 'other';

class RequestFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  /** Hosts the scan may contact (host names, as in a URL). */
  allowedHosts: readonly string[];
  maxRequests: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  signal: AbortSignal;
  /** PEM of a CA to trust; otherwise certificates are not verified by HTTP probes. */
  ca?: string;
}

/**
 * Connections of the pool for bursts: more than a rate limit's usual burst, so that a limit
 * that queues (nginx limit_req without nodelay) rather than refuses still fills and answers.
 */
const PARALLEL_CONNECTIONS = 64;

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * The one way the scan speaks HTTP: no redirects are followed, every request is counted
 * against the budget, only the target's hosts are contacted, and each request has a deadline.
 * After a connection to an origin fails, later requests to it fail at once with the same
 * reason, so an unreachable target costs one timeout, not one per probe.
 */
/** Requests kept per origin: more than a scan sends to one limited location. */
const SENT_KEPT = 512;

/** A request as sent: its URL, and when (performance.now()). */
export interface SentRequest {
  url: string;
  at: number;
}

export class HttpClient {
  readonly #options: HttpClientOptions;
  readonly #agentOptions: Agent.Options;
  readonly #agent: Agent;
  #parallelAgent: Agent | undefined;
  readonly #deadOrigins = new Map<string, RequestFailure>();
  #requests = 0;
  readonly #byKind: Record<string, number> = {};
  /** The requests sent to each origin, the most recent ones only. */
  readonly #sent = new Map<string, SentRequest[]>();

  constructor(options: HttpClientOptions) {
    this.#options = options;
    this.#agentOptions = {
      connect: {
        timeout: options.requestTimeoutMs,
        rejectUnauthorized: options.ca !== undefined,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      keepAliveTimeout: 1000,
    };
    this.#agent = new Agent({ ...this.#agentOptions, connections: 4 });
  }

  get requestCount(): number {
    return this.#requests;
  }

  /** The PEM given with --ca, for TLS handshakes made outside HTTP; undefined: system store. */
  get trustedCa(): string | undefined {
    return this.#options.ca;
  }

  /** Requests and connections by kind: `http`, and `tls`, `tcp`, `postgres` from other probes. */
  get requestsByKind(): Record<string, number> {
    return { ...this.#byKind };
  }

  /** This scan's requests to an origin, oldest first. */
  sentTo(origin: string): readonly SentRequest[] {
    return this.#sent.get(origin) ?? [];
  }

  /** Counts a connection made outside HTTP (TLS, TCP, Postgres) against the same budget. */
  reserve(kind = 'other'): void {
    if (this.#options.signal.aborted) throw new BudgetError('the scan time budget ran out');
    if (this.#requests >= this.#options.maxRequests) {
      throw new BudgetError(`the request budget of ${this.#options.maxRequests} was spent`);
    }
    this.#requests += 1;
    this.#byKind[kind] = (this.#byKind[kind] ?? 0) + 1;
  }

  async send(input: HttpRequest): Promise<Exchange> {
    const method = input.method ?? 'GET';
    const id = randomUUID();
    const agent = input.userAgent === undefined ? SCANNER_USER_AGENT : input.userAgent;
    const userAgent = input.markUserAgent && agent ? `${agent} ${probeMarker(id)}` : agent;
    const exchange: Exchange = { request: { url: input.url, method, userAgent, id } };

    try {
      exchange.response = await this.#send(input, method, userAgent, id);
    } catch (error) {
      const failure = classifyFailure(error);
      exchange.error = failure.message;
      exchange.failure = failure.kind;
    }
    return exchange;
  }

  async close(): Promise<void> {
    await this.#agent.destroy().catch(() => undefined);
    await this.#parallelAgent?.destroy().catch(() => undefined);
  }

  #recordSend(url: URL): void {
    const sent = this.#sent.get(url.origin) ?? [];
    sent.push({ url: url.href, at: performance.now() });
    if (sent.length > SENT_KEPT) sent.shift();
    this.#sent.set(url.origin, sent);
  }

  /** A second pool, made on first use: a burst needs more connections than a series does. */
  #dispatcher(parallel: boolean | undefined): Agent {
    if (!parallel) return this.#agent;
    this.#parallelAgent ??= new Agent({ ...this.#agentOptions, connections: PARALLEL_CONNECTIONS });
    return this.#parallelAgent;
  }

  async #send(
    input: HttpRequest,
    method: string,
    userAgent: string | null,
    id: string,
  ): Promise<HttpResponse> {
    const url = new URL(input.url);
    if (!this.#options.allowedHosts.includes(url.hostname)) {
      throw new BudgetError(`${url.hostname} is outside the scan's target`);
    }
    const dead = this.#deadOrigins.get(url.origin);
    if (dead) throw dead;

    this.reserve('http');
    this.#recordSend(url);
    const deadline = AbortSignal.any([
      this.#options.signal,
      AbortSignal.timeout(this.#options.requestTimeoutMs),
    ]);
    const headers: Record<string, string> = { ...input.headers, [REQUEST_ID_HEADER]: id };
    if (userAgent !== null) headers['user-agent'] = userAgent;

    const started = performance.now();
    try {
      const response = await request(url, {
        method,
        headers,
        body: input.body,
        dispatcher: this.#dispatcher(input.parallel),
        signal: deadline,
      });
      const { body, truncated } = await readCapped(response.body, this.#options.maxBodyBytes);
      return {
        status: response.statusCode,
        headers: normaliseHeaders(response.headers),
        body,
        truncated,
        elapsedMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (CONNECT_FAILURES.has(code) || error instanceof undiciErrors.ConnectTimeoutError) {
        this.#deadOrigins.set(url.origin, classifyFailure(error));
      }
      if (deadline.aborted && !this.#options.signal.aborted) {
        const seconds = this.#options.requestTimeoutMs / 1000;
        throw new RequestFailure(`no complete answer within ${seconds} s`, 'timeout');
      }
      throw error;
    }
  }
}

async function readCapped(
  stream: AsyncIterable<Buffer> & { destroy(): void },
  cap: number,
): Promise<{ body: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const room = cap - size;
    if (chunk.length >= room) {
      chunks.push(chunk.subarray(0, room));
      stream.destroy();
      return { body: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

function normaliseHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[readableText(name.toLowerCase())] = values.map(readableText);
  }
  return headers;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Controls (C0, DEL, C1) and the marks that reorder text on screen (bidi overrides and
 * isolates): a target's header could otherwise colour, move or hide what a report shows.
 */
const UNSAFE_CHARACTERS =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A header value as text: undici hands over each byte as one character (latin1), so a value
 * that is valid UTF-8 is decoded as such, and characters that are unsafe to show are written
 * as escapes (`\x1b`, `\u202e`). Ordinary values, ASCII as every security header is, pass as
 * they are.
 */
export function readableText(latin1: string): string {
  let text = latin1;
  if (/[\u0080-\u00ff]/.test(latin1)) {
    try {
      text = strictUtf8.decode(Buffer.from(latin1, 'latin1'));
    } catch {
      text = latin1;
    }
  }
  return text.replace(UNSAFE_CHARACTERS, escapeCharacter);
}

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

function classifyFailure(error: unknown): RequestFailure {
  if (error instanceof RequestFailure) return error;
  if (error instanceof BudgetError) return new RequestFailure(error.message, 'budget');
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new RequestFailure('the connection timed out', 'timeout');
  }
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new RequestFailure('no response headers before the timeout', 'timeout');
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return new RequestFailure('the body stalled past the timeout', 'timeout');
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new RequestFailure('the scan time budget ran out', 'budget');
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return new RequestFailure('the connection was refused', 'refused');
  if (code === 'ECONNRESET') return new RequestFailure('the connection was reset', 'reset');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new RequestFailure('the host name does not resolve', 'unresolved');
  }
  if (code?.startsWith('ERR_SSL_')) {
    return new RequestFailure(
      `the TLS handshake failed: ${describeTlsFailure(error, code)}`,
      'other',
    );
  }
  return new RequestFailure(firstLine(describeError(error)), 'other');
}

/** The longest failure reason kept: OpenSSL and parsers can say a lot, or repeat the target. */
const MAX_REASON_LENGTH = 200;

function firstLine(text: string): string {
  const line = readableText(text.split('\n')[0]!.trim());
  return line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH)}...` : line;
}

/** OpenSSL's message is `hex:error:code:library:routine:reason:file:line:`; its reason reads. */
function describeTlsFailure(error: unknown, code: string): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? `${reason} (${code})` : firstLine(describeError(error));
}

/** The first value of a header, or undefined. */
export function headerValue(response: HttpResponse, name: string): string | undefined {
  return response.headers[name.toLowerCase()]?.[0];
}
