import type { Artifacts } from '../../../src/core/types.js';
import type { HttpResponse } from '../../../src/gather/http.js';
import { answered, failed, response } from '../../support/exchanges.js';

export const ORIGIN = 'https://api.example.com';
export const CANARY = '/shipshape-canary-0123456789abcdef';

export const SWAGGER_PAGE =
  '<html><head><link rel="stylesheet" href="/static/swagger-ui.css"></head>' +
  '<body><div id="swagger-ui"></div><script src="/static/swagger-ui-bundle.js"></script></body></html>';
export const REDOC_PAGE = '<html><body><redoc spec-url="/openapi.json"></redoc></body></html>';
export const SPA_PAGE =
  '<html><body><div id="root"></div><script src="/assets/index.js"></script></body></html>';
export const OPENAPI = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'x', version: '1' },
  paths: { '/a': {}, '/b': {} },
});

export const notFound = () =>
  response(404, { 'content-type': 'application/json' }, '{"detail":"Not Found"}');
export const html = (body: string, status = 200) =>
  response(status, { 'content-type': 'text/html' }, body);

type Answer = HttpResponse | string;

/** A docs probe: each path's answer (a string is a request error) and the canary's. */
export function docsProbe(
  answers: Record<string, Answer>,
  canary: Answer = notFound(),
  roles: Record<string, 'ui' | 'schema'> = {},
): Artifacts['docsProbe'] {
  const exchange = (path: string, answer: Answer) =>
    typeof answer === 'string'
      ? failed(`${ORIGIN}${path}`, answer)
      : answered(`${ORIGIN}${path}`, answer);
  return {
    probes: Object.entries(answers).map(([path, answer]) => ({
      path,
      role: roles[path] ?? (path.endsWith('.json') ? 'schema' : 'ui'),
      prefix: '',
      exchange: exchange(path, answer),
    })),
    canaries: [{ prefix: '', path: CANARY, exchange: exchange(CANARY, canary) }],
  };
}
