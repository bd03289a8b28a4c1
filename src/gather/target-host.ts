import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { GatherContext } from '../core/types.js';
import { requireTargetUrl } from './live/urls.js';

/** The target's host and the one address every transport probe connects to. */
export interface TargetHost {
  /** As in the target URL, without IPv6 brackets. */
  hostname: string;
  address: string;
  /** The URL's scheme, port and the plain-HTTP URL's port: the ports the target serves on. */
  scheme: 'http' | 'https';
  urlPort: number;
  servedPorts: number[];
}

/**
 * Resolves the target URL's host once. Probes connect to this address only, so that a name
 * with several addresses, or one that changes between lookups, cannot spread them wider.
 */
export async function resolveTargetHost(context: GatherContext): Promise<TargetHost> {
  const url = new URL(requireTargetUrl(context));
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const urlPort = portOf(url);
  const served = [urlPort];
  const httpUrl = context.config.target.httpUrl;
  if (httpUrl !== undefined && new URL(httpUrl).hostname === url.hostname) {
    served.push(portOf(new URL(httpUrl)));
  }

  const address = isIP(hostname) ? hostname : await resolveName(hostname);
  return { hostname, address, scheme, urlPort, servedPorts: [...new Set(served)] };
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

async function resolveName(hostname: string): Promise<string> {
  try {
    return (await lookup(hostname)).address;
  } catch {
    throw new Error(`the target host ${hostname} does not resolve`);
  }
}
