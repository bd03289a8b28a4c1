import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { type DemoDeployment, startDemoDeployment } from '../../src/demo/server.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('demo deployment', () => {
  let demo: DemoDeployment;

  before(async () => {
    demo = await startDemoDeployment();
  });

  after(async () => {
    await demo.close();
  });

  function get(base: string, path: string, userAgent?: string): Promise<Answer> {
    const send = base.startsWith('https:') ? httpsRequest : httpRequest;
    const headers: Record<string, string> =
      userAgent === undefined ? {} : { 'user-agent': userAgent };
    return new Promise((resolve, reject) => {
      const request = send(
        new URL(path, base),
        { ca: demo.caPem, headers, agent: false },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            body += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
          );
        },
      );
      request.setTimeout(5000, () => request.destroy(new Error('timed out')));
      request.once('error', reject);
      request.end();
    });
  }

  it('listens on 127.0.0.1 only, with a certificate the given CA verifies', async () => {
    assert.equal(new URL(demo.url).hostname, '127.0.0.1');
    assert.equal(new URL(demo.httpUrl).hostname, '127.0.0.1');
    const answer = await get(demo.url, '/api/v1/health', 'Mozilla/5.0');
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { status: 'ok', version: '1.4.0' });
  });

  it('sends nosniff, DENY and a one-day HSTS, and no CSP', async () => {
    const { headers } = await get(demo.url, '/api/v1/health', 'Mozilla/5.0');
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['strict-transport-security'], 'max-age=86400');
    assert.equal(headers['content-security-policy'], undefined);
  });

  it('refuses bot user agents with 403 but lets an absent one through', async () => {
    for (const agent of ['python-requests/2.31.0', 'curl/8.5.0', 'Googlebot/2.1']) {
      assert.equal((await get(demo.url, '/api/v1/health', agent)).status, 403, agent);
    }
    assert.equal((await get(demo.url, '/api/v1/health')).status, 200);
  });

  it('serves the docs, ReDoc and the OpenAPI schema', async () => {
    const docs = await get(demo.url, '/docs', 'Mozilla/5.0');
    assert.equal(docs.status, 200);
    assert.match(docs.body, /SwaggerUIBundle/);
    assert.equal((await get(demo.url, '/redoc', 'Mozilla/5.0')).status, 200);
    const schema = await get(demo.url, '/openapi.json', 'Mozilla/5.0');
    assert.equal(JSON.parse(schema.body).openapi, '3.1.0');
  });

  it('answers other paths with a 404 JSON body', async () => {
    const answer = await get(demo.url, '/nothing-here', 'Mozilla/5.0');
    assert.equal(answer.status, 404);
    assert.deepEqual(JSON.parse(answer.body), { detail: 'Not Found' });
  });

  it('redirects plain HTTP with a temporary 302 to the same path over HTTPS', async () => {
    const answer = await get(demo.httpUrl, '/api/v1/health?x=1', 'Mozilla/5.0');
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, new URL('/api/v1/health?x=1', demo.url).toString());
  });
});

describe('demo deployment close', () => {
  it('closes with a keep-alive connection still open', async () => {
    const demo = await startDemoDeployment();
    const agent = new HttpsAgent({ keepAlive: true, ca: demo.caPem });
    await new Promise<void>((resolve, reject) => {
      httpsRequest(new URL('/api/v1/health', demo.url), { agent }, (response) => {
        response.resume();
        response.on('end', resolve);
      })
        .once('error', reject)
        .end();
    });
    const started = performance.now();
    await demo.close();
    agent.destroy();
    assert.ok(performance.now() - started < 1000);
  });
});
