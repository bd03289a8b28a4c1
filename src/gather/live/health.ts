import { defineGatherer } from '../../core/registry.js';
import { BROWSER_USER_AGENT, type Exchange } from '../http.js';
import { requestSeries } from './series.js';
import { joinPath, requireTargetUrl, resolveProbeUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    health: HealthProbe;
  }
}

/** The usual health paths of FastAPI, Express and Kubernetes-style deployments, in order. */
export const HEALTH_PATHS = ['/api/v1/health', '/health', '/healthz', '/api/health', '/status'];

export interface HealthAttempt {
  path: string;
  exchange: Exchange;
}

export interface HealthProbe {
  /** Whether the path came from `probes.health` rather than the usual list. */
  configured: boolean;
  /** Every request sent, in order; the list stops at the first 2xx. */
  attempts: HealthAttempt[];
  /** The attempt that answered 2xx, if one did. */
  found?: HealthAttempt;
}

export function healthPaths(health: string | undefined, apiPrefix: string | undefined): string[] {
  if (health !== undefined) return [health];
  if (apiPrefix === undefined) return HEALTH_PATHS;
  return [...new Set([joinPath(apiPrefix, '/health'), ...HEALTH_PATHS])];
}

function isSuccess(exchange: Exchange): boolean {
  const status = exchange.response?.status ?? 0;
  return status >= 200 && status < 300;
}

export default defineGatherer({
  artifact: 'health',
  kind: 'live',
  async gather(context) {
    const targetUrl = requireTargetUrl(context);
    const { probes } = context.config;
    const configured = probes.health !== undefined;
    const attempts: HealthAttempt[] = [];
    const send = requestSeries(context);

    // A browser's agent, so that a bot filter in front of the API does not hide its health.
    for (const path of healthPaths(probes.health, probes.apiPrefix)) {
      const url = resolveProbeUrl(targetUrl, path);
      const exchange = await send({ url, userAgent: BROWSER_USER_AGENT });
      const attempt = { path, exchange };
      attempts.push(attempt);
      if (isSuccess(exchange)) return { configured, attempts, found: attempt };
    }
    return { configured, attempts };
  },
});
