import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Artifacts, Evidence, Finding, Status } from '../../core/types.js';
import type { Exchange } from '../../gather/http.js';
import { quoteHeader } from '../headers/page-findings.js';

type Verdict = { status: Exclude<Status, 'manual' | 'skip'>; message: string };

const PERMANENT = new Set([301, 308]);
const TEMPORARY = new Set([302, 303, 307]);

/** Where a Location header points, resolved against the request; undefined when unparseable. */
function redirectTarget(exchange: Exchange, location: string): URL | undefined {
  try {
    return new URL(location, exchange.request.url);
  } catch {
    return undefined;
  }
}

function judgeFailure(exchange: Exchange): Verdict {
  const reason = exchange.error ?? 'unknown error';
  if (exchange.failure === 'refused') {
    return {
      status: 'fail',
      message:
        'nothing accepts connections on the plain HTTP port, so http:// links fail instead of redirecting',
    };
  }
  return { status: 'error', message: `no answer over plain HTTP (${reason})` };
}

/** The hosts a redirect may lead to: the one asked, and the scan's target (e.g. its www.). */
function allowedHosts(exchange: Exchange, targetUrl: string | undefined): Set<string> {
  const hosts = new Set([new URL(exchange.request.url).hostname]);
  if (targetUrl !== undefined) hosts.add(new URL(targetUrl).hostname);
  return hosts;
}

function judgeLocation(exchange: Exchange, location: string, targetUrl?: string): Verdict {
  const status = exchange.response!.status;
  const quoted = quoteHeader(location);
  const target = redirectTarget(exchange, location);
  const from = new URL(exchange.request.url);
  if (target?.protocol !== 'https:') {
    return { status: 'fail', message: `${status} to ${quoted}, not to https://` };
  }
  if (!allowedHosts(exchange, targetUrl).has(target.hostname)) {
    return {
      status: 'fail',
      message: `${status} to ${quoted}, another host than ${from.hostname}`,
    };
  }

  const kind = PERMANENT.has(status) ? 'permanent' : 'temporary';
  const notes: Verdict[] = [
    {
      status: PERMANENT.has(status) ? 'pass' : 'warn',
      message: `${status} (${kind}) to ${quoted}`,
    },
  ];
  if (target.pathname !== from.pathname || target.search !== from.search) {
    notes.push({
      status: 'warn',
      message: `the path or query ${from.pathname}${from.search} is lost`,
    });
  }
  const verdict = rollUp(notes.map((note) => note.status)) as Verdict['status'];
  return { status: verdict, message: notes.map((note) => note.message).join('; ') };
}

export function judgeRedirect(exchange: Exchange, targetUrl?: string): Verdict {
  const { response } = exchange;
  if (!response) return judgeFailure(exchange);

  const { status } = response;
  const location = response.headers.location?.[0];
  if ((PERMANENT.has(status) || TEMPORARY.has(status)) && location !== undefined) {
    return judgeLocation(exchange, location, targetUrl);
  }
  if (status >= 200 && status < 300) {
    const message = `${status}: the site is served over plain HTTP instead of redirecting`;
    return { status: 'fail', message };
  }
  return { status: 'fail', message: `${status} without a redirect to https://` };
}

export function judgeHttpsRedirect(probe: Artifacts['httpRedirect'], targetUrl?: string): Finding {
  const verdicts = [probe.root, probe.withQuery].map((exchange) => ({
    exchange,
    ...judgeRedirect(exchange, targetUrl),
  }));
  const status = rollUp(verdicts.map((verdict) => verdict.status));
  const evidence: Evidence[] = verdicts.map(({ exchange, message }) => ({
    message,
    url: exchange.request.url,
  }));
  const deciding = verdicts.find((verdict) => verdict.status === status)!;

  const expected = status === 'pass' ? '' : '; expected a 301 or 308 to the same path on https://';
  const message = `${deciding.exchange.request.url}: ${deciding.message}${expected}.`;
  return { status, message, evidence };
}

export default defineCheck({
  id: 'https-redirect',
  title: 'Plain HTTP redirects to HTTPS',
  severity: 'high',
  needs: ['httpRedirect'],
  remediation:
    'Add a plain-HTTP server block to nginx that only redirects: ' +
    'server { listen 80; listen [::]:80; server_name example.com; return 301 https://$host$request_uri; } ' +
    '($request_uri keeps the path and query). Keep port 80 open in the firewall for it.',
  run: ({ httpRedirect }, { target }) => judgeHttpsRedirect(httpRedirect, target.url),
});
