import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { judgeDocsStatusCodes } from '../../../src/checks/docs/docs-status-code.js';
import { judgeDocsUi } from '../../../src/checks/docs/docs-ui-exposure.js';
import { judgeApiSchema } from '../../../src/checks/docs/openapi-schema-exposure.js';
import { BROWSER_USER_AGENT } from '../../../src/gather/http.js';
import docsProbe, {
  DOCS_SCHEMA_PATHS,
  DOCS_UI_PATHS,
  planDocsPaths,
} from '../../../src/gather/live/docs-probe.js';
import { liveHarness, startServer, type TestServer } from './live-support.js';

const SWAGGER_PAGE =
  '<html><body><div id="swagger-ui"></div><script src="/s/swagger-ui-bundle.js"></script></body></html>';
const REDOC_PAGE = '<html><body><redoc spec-url="/openapi.json"></redoc></body></html>';
const OPENAPI = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'api', version: '1' },
  paths: { '/a': {} },
});
const SPA_PAGE =
  '<html><body><div id="root"></div><script src="/assets/index.js"></script></body></html>';

const send = (response: ServerResponse, status: number, type: string, body: string) =>
  response.writeHead(status, { 'content-type': type }).end(body);

/** FastAPI with its defaults left on, under /api as well as the root. */
function fastApiDefaults(path: string, response: ServerResponse): void {
  const bare = path.replace(/^\/api(?=\/)/, '');
  if (bare === '/docs') send(response, 200, 'text/html', SWAGGER_PAGE);
  else if (bare === '/redoc') send(response, 200, 'text/html', REDOC_PAGE);
  else if (bare === '/openapi.json') send(response, 200, 'application/json', OPENAPI);
  else send(response, 404, 'application/json', '{"detail":"Not Found"}');
}

describe('planDocsPaths', () => {
  it('adds the prefixed paths and the configured ones, without repeats', () => {
    const plain = planDocsPaths(undefined, []);
    assert.equal(plain.length, DOCS_UI_PATHS.length + DOCS_SCHEMA_PATHS.length);
    const prefixed = planDocsPaths('/api/', ['/internal/docs', '/docs', '/spec.yaml']);
    assert.equal(prefixed.length, plain.length * 2 + 2);
    assert.ok(
      prefixed.some((planned) => planned.path === '/api/openapi.json' && planned.prefix === '/api'),
    );
    assert.equal(prefixed.find((planned) => planned.path === '/spec.yaml')?.role, 'schema');
    assert.equal(prefixed.find((planned) => planned.path === '/internal/docs')?.role, 'ui');
  });
});

describe('docsProbe gatherer', () => {
  let exposed: TestServer;
  let catchAll: TestServer;
  let hidden: TestServer;
  before(async () => {
    exposed = await startServer((request, response) =>
      fastApiDefaults(request.url ?? '', response),
    );
    catchAll = await startServer((_request, response) =>
      send(response, 200, 'text/html', SPA_PAGE),
    );
    hidden = await startServer((_request, response) =>
      send(response, 404, 'text/html', '<h1>404</h1>'),
    );
  });
  after(async () => {
    await Promise.all([exposed.close(), catchAll.close(), hidden.close()]);
  });

  it('asks every path once with a browser agent, plus a canary per prefix', async () => {
    const harness = liveHarness({ target: { url: exposed.origin }, probes: { apiPrefix: '/api' } });
    const start = exposed.seen.length;
    const artifact = await docsProbe.gather(harness.context);
    await harness.close();

    const seen = exposed.seen.slice(start);
    assert.equal(seen.length, artifact.probes.length + 2);
    assert.equal(new Set(seen.map((request) => request.path)).size, seen.length);
    assert.ok(seen.every((request) => request.userAgent === BROWSER_USER_AGENT));
    assert.deepEqual(
      artifact.canaries.map((canary) => canary.prefix),
      ['', '/api'],
    );
    assert.ok(artifact.canaries.every((canary) => canary.exchange.response?.status === 404));
  });

  it('asks again where a rate limit answered, so that the docs decide and not the limit', async () => {
    // Every fifth request is refused the first time, as a limit that the probe runs into.
    let count = 0;
    const limited = await startServer((request, response) => {
      count += 1;
      if (count % 5 === 0)
        send(response, 429, 'application/json', '{"detail":"Too Many Requests"}');
      else fastApiDefaults(request.url ?? '', response);
    });
    const harness = liveHarness(
      { target: { url: limited.origin }, policy: { rate: 100 } },
      [],
      5000,
    );
    try {
      const artifact = await docsProbe.gather(harness.context);
      const answers = artifact.probes.map((probe) => probe.exchange.response?.status);
      assert.ok(!answers.includes(429), answers.join(','));
      assert.equal(judgeDocsUi(artifact).status, 'fail');
      assert.ok(count > artifact.probes.length + artifact.canaries.length);
    } finally {
      await harness.close();
      await limited.close();
    }
  });

  it('finds FastAPI docs and schema, at the root and under the prefix', async () => {
    const harness = liveHarness({ target: { url: exposed.origin }, probes: { apiPrefix: '/api' } });
    const artifact = await docsProbe.gather(harness.context);
    await harness.close();

    const ui = judgeDocsUi(artifact);
    assert.equal(ui.status, 'fail');
    assert.deepEqual(
      ui.evidence?.filter((line) => line.url).map((line) => new URL(line.url!).pathname),
      ['/docs', '/redoc', '/api/docs', '/api/redoc'],
    );
    assert.equal(judgeApiSchema(artifact).status, 'fail');
    assert.equal(judgeDocsStatusCodes(artifact).status, 'fail');
  });

  it('cannot tell behind a catch-all that answers 200 to everything', async () => {
    const harness = liveHarness({ target: { url: catchAll.origin } });
    const artifact = await docsProbe.gather(harness.context);
    await harness.close();

    assert.equal(artifact.canaries[0]?.exchange.response?.status, 200);
    assert.equal(judgeDocsUi(artifact).status, 'warn');
    assert.equal(judgeApiSchema(artifact).status, 'warn');
    assert.equal(judgeDocsStatusCodes(artifact).status, 'fail');
  });

  it('passes when every path answers 404', async () => {
    const harness = liveHarness({ target: { url: hidden.origin } });
    const artifact = await docsProbe.gather(harness.context);
    await harness.close();

    assert.equal(judgeDocsUi(artifact).status, 'pass');
    assert.equal(judgeApiSchema(artifact).status, 'pass');
    assert.equal(judgeDocsStatusCodes(artifact).status, 'pass');
  });
});
