import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import type { GatherContext } from '../../core/types.js';
import { BROWSER_USER_AGENT, type Exchange } from '../http.js';
import { displayPath, endpointRequest, registerEndpointSecrets } from './endpoints.js';
import type { HealthAttempt } from './health.js';
import { requestSeries } from './series.js';
import { requireTargetUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    pageHeaders: PageHeaders;
  }
}

/** `page` is the target URL itself; `health` is the API's health endpoint; `api` a configured path. */
export type PageRole = 'page' | 'health' | 'api';

export interface PageExchange {
  role: PageRole;
  exchange: Exchange;
  /** For an `api` page: its method and path as configured, without the query. */
  endpoint?: string;
}

/** Responses whose security headers are judged, each fetched with a browser's agent. */
export interface PageHeaders {
  pages: PageExchange[];
}

/** The health endpoint's answer, if the health probe found one; its failure costs nothing here. */
async function foundHealth(context: GatherContext): Promise<HealthAttempt | undefined> {
  try {
    return (await context.get('health')).found;
  } catch (error) {
    if (!(error instanceof NotGivenError)) context.debug('pageHeaders: no health answer to reuse');
    return undefined;
  }
}

export default defineGatherer({
  artifact: 'pageHeaders',
  kind: 'live',
  async gather(context) {
    const targetUrl = requireTargetUrl(context);
    const page = await requestSeries(context)({ url: targetUrl, userAgent: BROWSER_USER_AGENT });
    const pages: PageExchange[] = [{ role: 'page', exchange: page }];

    // The health probe already asked with a browser's agent: its answer is reused, not re-sent.
    const health = await foundHealth(context);
    if (health && health.exchange.request.url !== page.request.url) {
      pages.push({ role: 'health', exchange: health.exchange });
    }

    // Each API location can drop the server's headers (nginx add_header inheritance).
    const send = requestSeries(context, { waitOutLimits: true });
    for (const endpoint of context.config.probes.apiPaths) {
      registerEndpointSecrets(context, endpoint);
      const exchange = await send({
        ...endpointRequest(targetUrl, endpoint),
        markUserAgent: false,
      });
      const name = `${endpoint.method} ${displayPath(endpoint.path)}`;
      pages.push({ role: 'api', exchange, endpoint: name });
    }
    return { pages };
  },
});
