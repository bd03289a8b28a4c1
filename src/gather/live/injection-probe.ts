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
import { requireTargetUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    injectionProbe: InjectionProbe;
  }
}

export type PayloadKind =
  | 'quote'
  | 'tautology'
  | 'tautology-comment'
  | 'numeric-tautology'
  | 'union'
  | 'stacked'
  | 'inline-comment'
  | 'boolean-true'
  | 'boolean-false'
  | 'time';

/**
 * Classic payloads, each appended to the parameter's own value. The boolean pair tells a
 * condition that reached SQL (true and false answer differently) from text that did not.
 * The time payload sleeps one second in Postgres, and only where SQL is built from input.
 */
export const PAYLOADS: ReadonlyArray<{ kind: PayloadKind; suffix: string }> = [
  { kind: 'quote', suffix: "'" },
  { kind: 'tautology', suffix: "' OR '1'='1" },
  { kind: 'tautology-comment', suffix: "' OR 1=1-- -" },
  { kind: 'numeric-tautology', suffix: ' OR 1=1' },
  { kind: 'union', suffix: "' UNION SELECT NULL-- -" },
  { kind: 'stacked', suffix: "'; SELECT 1-- -" },
  { kind: 'inline-comment', suffix: "'/**/OR/**/'1'='1" },
  { kind: 'boolean-true', suffix: "' AND '1'='1" },
  { kind: 'boolean-false', suffix: "' AND '1'='2" },
  { kind: 'time', suffix: "'||(SELECT '' FROM pg_sleep(1))||'" },
];

/** Injection points probed in all, and per endpoint: each costs one request per payload. */
export const MAX_POINTS = 3;
const MAX_POINTS_PER_ENDPOINT = 2;

export interface InjectionAttempt {
  kind: PayloadKind;
  /** The value sent: the payload, for the check to find echoes of it; never shown. */
  value: string;
  exchange: Exchange;
}

export interface InjectionPoint {
  location: 'query' | 'body';
  /** The query parameter's name, or the body field's dot path. */
  name: string;
  /** A harmless value that matches nothing, answered as any other unknown text would be. */
  control: { value: string; exchange: Exchange };
  attempts: InjectionAttempt[];
}

export interface InjectionEndpoint {
  method: string;
  path: string;
  /** The endpoint as configured, untouched. */
  baseline: Exchange;
  points: InjectionPoint[];
}

export interface InjectionProbe {
  /** Whether the endpoints came from probes.apiPaths, rather than the health endpoint. */
  configured: boolean;
  endpoints: InjectionEndpoint[];
}

interface PlannedPoint {
  location: 'query' | 'body';
  name: string;
  original: string;
}

/** The query parameters and scalar body fields of an endpoint; `q` when it has neither. */
export function injectionPoints(endpoint: EndpointConfig): PlannedPoint[] {
  const query = new URLSearchParams(endpoint.path.split('?')[1] ?? '');
  const points: PlannedPoint[] = [...query].map(([name, value]) => ({
    location: 'query',
    name,
    original: value,
  }));
  for (const leaf of leavesOf(endpoint.body as Json | undefined)) {
    if (typeof leaf.value !== 'boolean') {
      points.push({ location: 'body', name: leaf.path, original: String(leaf.value) });
    }
  }
  if (points.length > 0 || endpoint.body !== undefined) return points;
  // Nothing to fill: an added parameter still shows a filter that refuses the payload.
  return [{ location: 'query', name: 'q', original: '1' }];
}

function withQueryValue(path: string, name: string, value: string): string {
  const [route, search = ''] = path.split('?');
  const query = new URLSearchParams(search);
  query.set(name, value);
  return `${route}?${query.toString()}`;
}

function requestFor(
  targetUrl: string,
  endpoint: EndpointConfig,
  point: PlannedPoint,
  value: string,
) {
  if (point.location === 'query') {
    return endpointRequest(targetUrl, endpoint, {
      path: withQueryValue(endpoint.path, point.name, value),
    });
  }
  const body = setField(endpoint.body as Json, point.name, value);
  return endpointRequest(targetUrl, endpoint, { body });
}

async function probePoint(
  send: ReturnType<typeof requestSeries>,
  targetUrl: string,
  endpoint: EndpointConfig,
  point: PlannedPoint,
): Promise<InjectionPoint> {
  const controlValue = `shipshape${randomBytes(6).toString('hex')}`;
  const control = {
    value: controlValue,
    exchange: await send(requestFor(targetUrl, endpoint, point, controlValue)),
  };
  const attempts: InjectionAttempt[] = [];
  for (const { kind, suffix } of PAYLOADS) {
    const value = `${point.original}${suffix}`;
    attempts.push({
      kind,
      value,
      exchange: await send(requestFor(targetUrl, endpoint, point, value)),
    });
  }
  return { location: point.location, name: point.name, control, attempts };
}

/** The configured API endpoints; without them, the health endpoint found (or the root). */
async function endpointsToProbe(
  context: GatherContext,
): Promise<{ configured: boolean; list: EndpointConfig[] }> {
  const { apiPaths, health } = context.config.probes;
  if (apiPaths.length > 0) return { configured: true, list: apiPaths };
  let path = health ?? '/';
  try {
    path = (await context.get('health')).found?.path ?? path;
  } catch (error) {
    if (error instanceof NotGivenError) throw error;
  }
  return { configured: false, list: [{ method: 'GET', path }] };
}

export default defineGatherer({
  artifact: 'injectionProbe',
  kind: 'active',
  async gather(context): Promise<InjectionProbe> {
    const targetUrl = requireTargetUrl(context);
    const { configured, list } = await endpointsToProbe(context);
    const send = requestSeries(context, { waitOutLimits: true });
    let budget = MAX_POINTS;

    const endpoints: InjectionEndpoint[] = [];
    for (const endpoint of list) {
      if (budget === 0) break;
      registerEndpointSecrets(context, endpoint);
      const baseline = await send(endpointRequest(targetUrl, endpoint));
      const planned = injectionPoints(endpoint).slice(0, Math.min(budget, MAX_POINTS_PER_ENDPOINT));
      budget -= planned.length;
      const points: InjectionPoint[] = [];
      for (const point of planned) points.push(await probePoint(send, targetUrl, endpoint, point));
      endpoints.push({
        method: endpoint.method,
        path: displayPath(endpoint.path),
        baseline,
        points,
      });
    }
    return { configured, endpoints };
  },
});
