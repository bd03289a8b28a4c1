import { randomUUID } from 'node:crypto';
import { defineGatherer } from '../../core/registry.js';
import { BROWSER_USER_AGENT, type Exchange } from '../http.js';
import { requestSeries } from './series.js';
import { joinPath, requireTargetUrl, resolveProbeUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    docsProbe: DocsProbe;
  }
}

/** `ui` paths serve a documentation page; `schema` paths serve the machine-readable document. */
export type DocsPathRole = 'ui' | 'schema';

/** Where FastAPI, Express (swagger-ui-express), springdoc and ASP.NET put their docs pages. */
export const DOCS_UI_PATHS = [
  '/docs',
  '/docs/',
  '/docs/oauth2-redirect',
  '/redoc',
  '/swagger',
  '/swagger/',
  '/swagger/index.html',
  '/swagger-ui',
  '/swagger-ui/',
  '/swagger-ui.html',
  '/swagger-ui/index.html',
  '/api-docs',
  '/api-docs/',
  '/rapidoc',
  '/scalar',
];

export const DOCS_SCHEMA_PATHS = [
  '/openapi.json',
  '/openapi.yaml',
  '/swagger.json',
  '/api-docs/swagger.json',
  '/swagger/v1/swagger.json',
  '/v2/api-docs',
  '/v3/api-docs',
  '/v3/api-docs.yaml',
];

export interface DocsPathProbe {
  path: string;
  role: DocsPathRole;
  /** The API prefix the path was built under, '' for the root; names its canary. */
  prefix: string;
  exchange: Exchange;
}

/** A path that cannot exist, to tell a server that answers 200 to everything. */
export interface DocsCanary {
  prefix: string;
  path: string;
  exchange: Exchange;
}

export interface DocsProbe {
  probes: DocsPathProbe[];
  canaries: DocsCanary[];
}

type PlannedPath = Omit<DocsPathProbe, 'exchange'>;

function roleOfExtraPath(path: string): DocsPathRole {
  return /\.(json|ya?ml)$/i.test(path) ? 'schema' : 'ui';
}

export function planDocsPaths(
  apiPrefix: string | undefined,
  extra: readonly string[],
): PlannedPath[] {
  const usual: PlannedPath[] = [
    ...DOCS_UI_PATHS.map((path) => ({ path, role: 'ui' as const, prefix: '' })),
    ...DOCS_SCHEMA_PATHS.map((path) => ({ path, role: 'schema' as const, prefix: '' })),
  ];
  const prefixed =
    apiPrefix === undefined || apiPrefix === '/'
      ? []
      : usual.map((planned) => ({
          ...planned,
          path: joinPath(apiPrefix, planned.path),
          prefix: joinPath(apiPrefix, ''),
        }));
  const configured = extra.map((path) => ({ path, role: roleOfExtraPath(path), prefix: '' }));

  const seen = new Set<string>();
  return [...usual, ...prefixed, ...configured].filter((planned) => {
    if (seen.has(planned.path)) return false;
    seen.add(planned.path);
    return true;
  });
}

export function canaryPath(prefix: string): string {
  return joinPath(prefix, `/shipshape-canary-${randomUUID().replaceAll('-', '').slice(0, 16)}`);
}

export default defineGatherer({
  artifact: 'docsProbe',
  kind: 'live',
  async gather(context) {
    const targetUrl = requireTargetUrl(context);
    const { apiPrefix, docsPaths } = context.config.probes;
    // A browser's agent: the question is what a person opening the page would see. A rate
    // limit's 429 says nothing of the docs: such answers are retried, and the rest paced.
    const series = requestSeries(context, { waitOutLimits: true });
    const send = (path: string) =>
      series({ url: resolveProbeUrl(targetUrl, path), userAgent: BROWSER_USER_AGENT });

    const probes: DocsPathProbe[] = [];
    for (const planned of planDocsPaths(apiPrefix, docsPaths)) {
      probes.push({ ...planned, exchange: await send(planned.path) });
    }

    const canaries: DocsCanary[] = [];
    for (const prefix of new Set(probes.map((probe) => probe.prefix))) {
      const path = canaryPath(prefix);
      canaries.push({ prefix, path, exchange: await send(path) });
    }
    return { probes, canaries };
  },
});
