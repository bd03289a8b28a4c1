import { randomBytes } from 'node:crypto';
import type { EndpointConfig } from '../../core/config-schema.js';
import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import type { GatherContext } from '../../core/types.js';
import type { Exchange } from '../http.js';
import {
  displayPath,
  endpointRequest,
  type Json,
  leavesOf,
  registerEndpointSecrets,
  setField,
} from './endpoints.js';
import { requestSeries } from './series.js';
import { joinPath, requireTargetUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    errorProbe: ErrorProbe;
  }
}

export type Provocation =
  | 'malformed-json'
  | 'wrong-types'
  | 'huge-value'
  | 'unknown-route'
  | 'wrong-method'
  | 'odd-bytes';

export interface ErrorAttempt {
  provocation: Provocation;
  method: string;
  /** The path asked, as shown in the report. */
  path: string;
  exchange: Exchange;
}

export interface ErrorProbe {
  attempts: ErrorAttempt[];
}

/** JSON endpoints whose bodies are broken on purpose; each costs three requests. */
const MAX_JSON_ENDPOINTS = 2;

/** Larger than any field needs, small enough for nginx's default client_max_body_size (1 MB). */
const HUGE_TEXT_LENGTH = 64 * 1024;
/** Past a 64-bit integer and a double's exact range. */
const HUGE_NUMBER = '123456789012345678901234567890';
const HUGE_MARK = 'shipshape-huge-number';

/** Each scalar swapped for one of another type: text for a number, a number for text. */
export function wrongTypes(body: Json): Json {
  let result = body;
  for (const leaf of leavesOf(body)) {
    const swapped =
      typeof leaf.value === 'string'
        ? 12345
        : typeof leaf.value === 'number'
          ? 'not-a-number'
          : 'maybe';
    result = setField(result, leaf.path, swapped);
  }
  return result;
}

/** Every text field a long run of letters and every number past 64 bits, as raw JSON text. */
export function hugeValues(body: Json): string {
  let result = body;
  for (const leaf of leavesOf(body)) {
    const value = typeof leaf.value === 'number' ? HUGE_MARK : 'A'.repeat(HUGE_TEXT_LENGTH);
    result = setField(result, leaf.path, value);
  }
  return JSON.stringify(result).replaceAll(`"${HUGE_MARK}"`, HUGE_NUMBER);
}

/** A JSON object cut off in the middle. */
const MALFORMED_JSON = '{"shipshape": "probe", "amount": ';

interface Planned {
  provocation: Provocation;
  endpoint: EndpointConfig;
  method?: string;
  path?: string;
  body?: Json | { raw: string };
}

function jsonEndpoints(context: GatherContext): EndpointConfig[] {
  const { apiPaths, payment } = context.config.probes;
  const candidates = [...apiPaths, ...(payment ? [payment] : [])];
  return candidates
    .filter((endpoint) => typeof endpoint.body === 'object' && endpoint.body !== null)
    .slice(0, MAX_JSON_ENDPOINTS);
}

function bodyProvocations(endpoint: EndpointConfig): Planned[] {
  const body = endpoint.body as Json;
  return [
    { provocation: 'malformed-json', endpoint, body: { raw: MALFORMED_JSON } },
    { provocation: 'wrong-types', endpoint, body: wrongTypes(body) },
    { provocation: 'huge-value', endpoint, body: { raw: hugeValues(body) } },
  ];
}

/** The prefix under which unknown API paths are asked: the configured one, else /api. */
function apiBase(context: GatherContext): string {
  const { apiPrefix, apiPaths } = context.config.probes;
  if (apiPrefix !== undefined) return joinPath(apiPrefix, '');
  const first = apiPaths[0]?.path.split('/')[1];
  return first ? `/${first}` : '';
}

async function healthPath(context: GatherContext): Promise<string> {
  try {
    return (await context.get('health')).found?.path ?? context.config.probes.health ?? '/';
  } catch (error) {
    if (error instanceof NotGivenError) throw error;
    return context.config.probes.health ?? '/';
  }
}

/**
 * The provocations: broken bodies for each JSON endpoint (or the health endpoint without
 * one), a route that does not exist, a method the health endpoint does not take, and paths
 * with bytes that are not valid UTF-8, or a NUL.
 */
export async function planProvocations(context: GatherContext): Promise<Planned[]> {
  const health: EndpointConfig = { method: 'GET', path: await healthPath(context) };
  const base = apiBase(context);
  const unknown = joinPath(base, `/shipshape-missing-${randomBytes(6).toString('hex')}`);
  const json = jsonEndpoints(context);

  const planned = json.flatMap(bodyProvocations);
  if (json.length === 0) {
    planned.push({
      provocation: 'malformed-json',
      endpoint: health,
      method: 'POST',
      body: { raw: MALFORMED_JSON },
    });
  }
  planned.push(
    { provocation: 'unknown-route', endpoint: health, path: unknown },
    { provocation: 'wrong-method', endpoint: health, method: 'PUT', body: {} },
    { provocation: 'odd-bytes', endpoint: health, path: joinPath(base, '/%ff%fe%c0%ae%c0%ae') },
    { provocation: 'odd-bytes', endpoint: health, path: joinPath(base, '/shipshape%00probe') },
  );
  return planned;
}

export default defineGatherer({
  artifact: 'errorProbe',
  kind: 'active',
  async gather(context): Promise<ErrorProbe> {
    const targetUrl = requireTargetUrl(context);
    const send = requestSeries(context, { waitOutLimits: true });
    const attempts: ErrorAttempt[] = [];
    for (const planned of await planProvocations(context)) {
      registerEndpointSecrets(context, planned.endpoint);
      const overrides = {
        ...(planned.method ? { method: planned.method } : {}),
        ...(planned.path ? { path: planned.path } : {}),
        ...('body' in planned ? { body: planned.body } : {}),
      };
      const request = endpointRequest(targetUrl, planned.endpoint, overrides);
      const exchange = await send(request);
      const path = displayPath(planned.path ?? planned.endpoint.path);
      attempts.push({
        provocation: planned.provocation,
        method: request.method ?? 'GET',
        path,
        exchange,
      });
    }
    return { attempts };
  },
});
