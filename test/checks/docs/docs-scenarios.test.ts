import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeDocsStatusCodes } from '../../../src/checks/docs/docs-status-code.js';
import { judgeDocsUi } from '../../../src/checks/docs/docs-ui-exposure.js';
import { judgeApiSchema } from '../../../src/checks/docs/openapi-schema-exposure.js';
import { response } from '../../support/exchanges.js';
import {
  docsProbe,
  html,
  notFound,
  OPENAPI,
  REDOC_PAGE,
  SPA_PAGE,
  SWAGGER_PAGE,
} from './docs-fixtures.js';

const json = (body: string) => response(200, { 'content-type': 'application/json' }, body);

// Each scenario: the probe set, then the expected status of docs-ui-exposure,
// openapi-schema-exposure and docs-status-code.
const scenarios: Array<[string, ReturnType<typeof docsProbe>, [string, string, string]]> = [
  [
    'everything 404',
    docsProbe({ '/docs': notFound(), '/redoc': notFound(), '/openapi.json': notFound() }),
    ['pass', 'pass', 'pass'],
  ],
  [
    // A rate limit answered for the schema path: it was never seen, so nothing passes on it.
    'a rate limit answers some paths 429',
    docsProbe({ '/docs': notFound(), '/redoc': notFound(), '/openapi.json': response(429) }),
    ['error', 'error', 'pass'],
  ],
  [
    'a rate limit answers a docs UI path 503',
    docsProbe({ '/docs': response(503), '/redoc': notFound(), '/openapi.json': notFound() }),
    ['error', 'error', 'error'],
  ],
  [
    '410 Gone',
    docsProbe({ '/docs': response(410), '/openapi.json': notFound() }),
    ['pass', 'pass', 'pass'],
  ],
  [
    'FastAPI defaults',
    docsProbe({
      '/docs': html(SWAGGER_PAGE),
      '/redoc': html(REDOC_PAGE),
      '/openapi.json': json(OPENAPI),
    }),
    ['fail', 'fail', 'fail'],
  ],
  [
    'docs off, schema left on',
    docsProbe({ '/docs': notFound(), '/redoc': notFound(), '/openapi.json': json(OPENAPI) }),
    ['pass', 'fail', 'pass'],
  ],
  [
    'SPA catch-all answers everything',
    docsProbe(
      { '/docs': html(SPA_PAGE), '/redoc': html(SPA_PAGE), '/openapi.json': html(SPA_PAGE) },
      html(SPA_PAGE),
    ),
    ['warn', 'warn', 'fail'],
  ],
  [
    'catch-all that still serves docs',
    docsProbe(
      { '/docs': html(SWAGGER_PAGE), '/redoc': html(SPA_PAGE), '/openapi.json': html(SPA_PAGE) },
      html(SPA_PAGE),
    ),
    // Not every path is the catch-all page, so the schema paths are judged by what they served.
    ['fail', 'pass', 'fail'],
  ],
  [
    'SPA at the root, API paths 404',
    docsProbe({ '/docs': html(SPA_PAGE), '/openapi.json': notFound() }, html(SPA_PAGE)),
    ['pass', 'pass', 'fail'],
  ],
  [
    'behind authentication',
    docsProbe({ '/docs': response(401), '/redoc': response(403), '/openapi.json': response(401) }),
    ['pass', 'pass', 'warn'],
  ],
  [
    'redirect to a login page',
    docsProbe({ '/docs': response(302, { location: '/login' }), '/openapi.json': notFound() }),
    ['pass', 'pass', 'warn'],
  ],
  [
    'a path got no answer',
    docsProbe({
      '/docs': 'no response headers before the timeout',
      '/redoc': notFound(),
      '/openapi.json': notFound(),
    }),
    ['error', 'error', 'error'],
  ],
  [
    'no answer, but docs seen elsewhere',
    docsProbe({
      '/docs': 'the connection was reset',
      '/redoc': html(REDOC_PAGE),
      '/openapi.json': json(OPENAPI),
    }),
    ['fail', 'fail', 'fail'],
  ],
];

describe('documentation checks on one probe set', () => {
  for (const [name, docs, [ui, schema, status]] of scenarios) {
    it(`${name}: ui ${ui}, schema ${schema}, status ${status}`, () => {
      assert.equal(judgeDocsUi(docs).status, ui);
      assert.equal(judgeApiSchema(docs).status, schema);
      assert.equal(judgeDocsStatusCodes(docs).status, status);
    });
  }
});
