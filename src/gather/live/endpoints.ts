import type { EndpointConfig } from '../../core/config-schema.js';
import type { GatherContext } from '../../core/types.js';
import { BROWSER_USER_AGENT, type HttpRequest } from '../http.js';
import { resolveProbeUrl } from './urls.js';

/** A JSON value as parsed: the probes read and rewrite sample bodies and answers. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Registers the configured headers' values as secrets (they hold credentials), so that no
 * report can show them, whatever a target echoes back.
 */
export function registerEndpointSecrets(context: GatherContext, endpoint: EndpointConfig): void {
  for (const value of Object.values(endpoint.headers ?? {})) context.secrets.add(value);
}

/** What a path shows in a report: the path without its query, whose values came from config. */
export function displayPath(path: string): string {
  return path.split('?')[0] ?? path;
}

export interface EndpointOverrides {
  method?: string;
  path?: string;
  /** A JSON value to send, or raw text sent as it is (malformed JSON). */
  body?: Json | { raw: string };
}

function isRaw(body: EndpointOverrides['body']): body is { raw: string } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'raw' in body;
}

function encodeBody(body: EndpointOverrides['body'] | undefined): string | undefined {
  if (body === undefined) return undefined;
  return isRaw(body) ? body.raw : JSON.stringify(body);
}

/**
 * A request for a configured endpoint, with a browser's agent (so that a bot filter does not
 * answer for the check) and the probe marker, the configured headers and a JSON body.
 */
export function endpointRequest(
  targetUrl: string,
  endpoint: EndpointConfig,
  overrides: EndpointOverrides = {},
): HttpRequest {
  const body = encodeBody('body' in overrides ? overrides.body : (endpoint.body as Json));
  const headers: Record<string, string> = { ...endpoint.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return {
    url: resolveProbeUrl(targetUrl, overrides.path ?? endpoint.path),
    method: overrides.method ?? endpoint.method,
    userAgent: BROWSER_USER_AGENT,
    markUserAgent: true,
    headers,
    ...(body === undefined ? {} : { body }),
  };
}

function isContainer(value: Json | undefined): value is Json[] | { [key: string]: Json } {
  return typeof value === 'object' && value !== null;
}

/** The value at a dot path such as `items.0.price`, or undefined. */
export function getField(document: Json | undefined, path: string): Json | undefined {
  let node = document;
  for (const key of path.split('.')) {
    if (!isContainer(node)) return undefined;
    node = Array.isArray(node) ? node[Number(key)] : node[key];
  }
  return node;
}

/** A copy of the document with the value at a dot path replaced; the path must exist. */
export function setField(document: Json, path: string, value: Json): Json {
  const copy = structuredClone(document);
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.length === 0 ? copy : getField(copy, keys.join('.'));
  if (!isContainer(parent)) return copy;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else parent[last] = value;
  return copy;
}

export interface Leaf {
  path: string;
  value: string | number | boolean;
}

/** The scalar leaves of a document, breadth first, at most `limit`. */
export function leavesOf(document: Json | undefined, limit = 50): Leaf[] {
  const leaves: Leaf[] = [];
  const queue: Array<[string, Json]> = document === undefined ? [] : [['', document]];
  while (queue.length > 0 && leaves.length < limit) {
    const [path, node] = queue.shift()!;
    if (isContainer(node)) {
      const entries = Array.isArray(node)
        ? node.map((item, index) => [String(index), item] as const)
        : Object.entries(node);
      for (const [key, child] of entries) queue.push([path === '' ? key : `${path}.${key}`, child]);
    } else if (node !== null) {
      leaves.push({ path, value: node });
    }
  }
  return leaves;
}

/** The first leaf whose own key is one of `names` (case-insensitive, in the order of `names`). */
export function findFieldByName(
  document: Json | undefined,
  names: readonly string[],
): Leaf | undefined {
  const leaves = leavesOf(document);
  for (const name of names) {
    const found = leaves.find((leaf) => leaf.path.split('.').at(-1)?.toLowerCase() === name);
    if (found) return found;
  }
  return undefined;
}

/** A number, or a string that is one ("29.00"); undefined for anything else. */
export function numericValue(value: Json | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
