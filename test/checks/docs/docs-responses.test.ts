import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiDocument,
  docsUiName,
  isCatchAll,
  sameAnswer,
  summariseOutcomes,
} from '../../../src/checks/docs/docs-responses.js';
import { response } from '../../support/exchanges.js';
import {
  CANARY,
  docsProbe,
  html,
  notFound,
  OPENAPI,
  REDOC_PAGE,
  SPA_PAGE,
  SWAGGER_PAGE,
} from './docs-fixtures.js';

describe('docsUiName', () => {
  const cases: Array<[string, string | undefined]> = [
    [SWAGGER_PAGE, 'Swagger UI'],
    ['<script>window.opener.swaggerUIRedirectOauth2</script>', 'Swagger UI'],
    [REDOC_PAGE, 'ReDoc'],
    ['<rapi-doc spec-url="/openapi.json"></rapi-doc>', 'RapiDoc'],
    ['<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script>', 'Scalar'],
    ['<elements-api apiDescriptionUrl="/openapi.json" />', 'Stoplight Elements'],
    [SPA_PAGE, undefined],
    ['{"detail":"Not Found"}', undefined],
  ];
  for (const [body, name] of cases) {
    it(`recognises ${name ?? 'no UI'}`, () => assert.equal(docsUiName(body), name));
  }
});

describe('apiDocument', () => {
  const json = (body: string, truncated = false) => response(200, {}, body, truncated);
  it('reads OpenAPI and Swagger JSON', () => {
    assert.deepEqual(apiDocument(json(OPENAPI)), { kind: 'OpenAPI', paths: 2 });
    assert.deepEqual(apiDocument(json('{"swagger":"2.0","info":{}}')), { kind: 'Swagger' });
  });
  it('recognises a document cut at the body cap', () => {
    assert.deepEqual(apiDocument(json(OPENAPI.slice(0, 60), true)), { kind: 'OpenAPI' });
    assert.equal(apiDocument(json(OPENAPI.slice(0, 60), false)), undefined);
  });
  it('recognises YAML', () => {
    assert.deepEqual(apiDocument(json("openapi: '3.0.3'\ninfo:\n  title: x\npaths: {}\n")), {
      kind: 'OpenAPI',
    });
  });
  it('ignores other JSON', () => {
    assert.equal(apiDocument(json('{"openapi":"3.1.0"}')), undefined);
    assert.equal(apiDocument(json('{"status":"ok","paths":{}}')), undefined);
    assert.equal(apiDocument(json('[1,2]')), undefined);
    assert.equal(apiDocument(json('<html>openapi: 3.0</html>')), undefined);
  });
});

describe('sameAnswer', () => {
  it('masks the requested path and tolerates small differences', () => {
    const a = html('<p>/docs not here</p>');
    const b = html(`<p>${CANARY} not here</p>`);
    assert.equal(sameAnswer(a, '/docs', b, CANARY), true);
    assert.equal(
      sameAnswer(html(SPA_PAGE), '/docs', html(`${SPA_PAGE}<!-- t=1 -->`), CANARY),
      true,
    );
    assert.equal(sameAnswer(html(SPA_PAGE), '/docs', html(SWAGGER_PAGE.repeat(3)), CANARY), false);
    assert.equal(sameAnswer(html(SPA_PAGE, 200), '/docs', html(SPA_PAGE, 404), CANARY), false);
    assert.equal(
      sameAnswer(
        html(SPA_PAGE),
        '/docs',
        response(200, { 'content-type': 'application/json' }, SPA_PAGE),
        CANARY,
      ),
      false,
    );
  });
});

describe('catch-all and outcomes', () => {
  it('calls a probe set catch-all only when the canary got 2xx and every path matches it', () => {
    const spa = docsProbe({ '/docs': html(SPA_PAGE), '/redoc': html(SPA_PAGE) }, html(SPA_PAGE));
    assert.equal(isCatchAll(spa, spa.probes), true);
    const mixed = docsProbe(
      { '/docs': html(SPA_PAGE), '/openapi.json': notFound() },
      html(SPA_PAGE),
    );
    assert.equal(isCatchAll(mixed, mixed.probes), false);
    const allMissing = docsProbe({ '/docs': notFound() }, notFound());
    assert.equal(isCatchAll(allMissing, allMissing.probes), false);
  });

  it('groups paths by outcome', () => {
    const docs = docsProbe({
      '/a': notFound(),
      '/b': notFound(),
      '/c': html(SPA_PAGE),
      '/d': 'the connection was reset',
    });
    const evidence = summariseOutcomes(docs.probes, docs);
    assert.equal(evidence.length, 3);
  });
});
