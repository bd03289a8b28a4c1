import { configSchema } from '../../src/core/config-schema.js';
import type { CheckContext } from '../../src/core/types.js';
import type { Exchange, HttpResponse } from '../../src/gather/http.js';

/** A recorded response, as the HTTP client would return it. */
export function response(
  status: number,
  headers: Record<string, string | string[]> = {},
  body = '',
  truncated = false,
): HttpResponse {
  const normalised: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    normalised[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }
  return { status, headers: normalised, body, truncated, elapsedMs: 12 };
}

export function answered(
  url: string,
  answer: HttpResponse,
  userAgent: string | null = 'test',
): Exchange {
  return { request: { url, method: 'GET', userAgent }, response: answer };
}

export function failed(url: string, error: string, userAgent: string | null = 'test'): Exchange {
  const failure = /refused/.test(error)
    ? 'refused'
    : /timed out|timeout/.test(error)
      ? 'timeout'
      : 'other';
  return { request: { url, method: 'GET', userAgent }, error, failure };
}

export function checkContext(policy: Record<string, unknown> = {}): CheckContext {
  const config = configSchema.parse({ policy });
  return { policy: config.policy, target: { url: 'https://api.example.com/' } };
}
