import { defineGatherer } from '../../core/registry.js';
import { BROWSER_USER_AGENT, type Exchange } from '../http.js';
import { requestSeries } from './series.js';
import { requireTargetUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    httpRedirect: HttpRedirectProbe;
  }
}

/** A path and query that cannot be mistaken for another, to see whether a redirect keeps them. */
export const REDIRECT_PROBE_PATH = '/shipshape-redirect-check?from=http&keep=1';

export interface HttpRedirectProbe {
  /** The plain-HTTP origin asked, e.g. http://example.com/ */
  httpUrl: string;
  /** Whether it came from `target.httpUrl` rather than the target's host on port 80. */
  configured: boolean;
  root: Exchange;
  withQuery: Exchange;
}

/** The target's host over plain HTTP on port 80, keeping the host exactly as given. */
export function defaultHttpUrl(targetUrl: string): string {
  const url = new URL(targetUrl);
  return `http://${url.host.replace(/:\d+$/, '')}/`;
}

export default defineGatherer({
  artifact: 'httpRedirect',
  kind: 'live',
  async gather(context) {
    const configured = context.config.target.httpUrl;
    const httpUrl = configured ?? defaultHttpUrl(requireTargetUrl(context));
    const origin = new URL(httpUrl).origin;

    // A browser's agent: a person typing the bare domain is who the redirect is for.
    const series = requestSeries(context);
    const send = (url: string) => series({ url, userAgent: BROWSER_USER_AGENT });
    const root = await send(`${origin}/`);
    const withQuery = await send(`${origin}${REDIRECT_PROBE_PATH}`);
    return { httpUrl: `${origin}/`, configured: configured !== undefined, root, withQuery };
  },
});
