import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { judgeCsp } from '../../../src/checks/headers/csp-policy.js';
import { judgeFraming } from '../../../src/checks/headers/framing-policy.js';
import hstsPolicy from '../../../src/checks/headers/hsts-policy.js';
import { judgeNosniff } from '../../../src/checks/headers/nosniff-header.js';
import { judgePages } from '../../../src/checks/headers/page-findings.js';
import { BROWSER_USER_AGENT } from '../../../src/gather/http.js';
import health from '../../../src/gather/live/health.js';
import pageHeaders from '../../../src/gather/live/page-headers.js';
import { checkContext } from '../../support/exchanges.js';
import { closedPort, liveHarness, startServer, type TestServer } from './live-support.js';

const GOOD_HEADERS = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

function answer(withHeaders: boolean) {
  return (url: string | undefined, response: ServerResponse) => {
    const headers = withHeaders ? GOOD_HEADERS : {};
    if (url === '/' || url === '/api/v1/health') response.writeHead(200, headers).end('{}');
    else response.writeHead(404, headers).end();
  };
}

describe('pageHeaders gatherer', () => {
  let good: TestServer;
  let bare: TestServer;
  before(async () => {
    good = await startServer((request, response) => answer(true)(request.url, response), true);
    bare = await startServer((request, response) => answer(false)(request.url, response));
  });
  after(async () => {
    await Promise.all([good.close(), bare.close()]);
  });

  it("keeps the page's answer and reuses the health probe's, asking health once", async () => {
    const harness = liveHarness({ target: { url: `${good.origin}/` } }, [health]);
    const start = good.seen.length;
    const artifact = await pageHeaders.gather(harness.context);
    await harness.close();

    assert.deepEqual(
      artifact.pages.map((page) => page.role),
      ['page', 'health'],
    );
    const seen = good.seen.slice(start);
    assert.deepEqual(
      seen.map((request) => request.path),
      ['/', '/api/v1/health'],
    );
    assert.ok(seen.every((request) => request.userAgent === BROWSER_USER_AGENT));

    const pages = artifact.pages;
    assert.equal(hstsPolicy.run({ pageHeaders: artifact } as never, checkContext()).status, 'pass');
    assert.equal(judgePages(pages, judgeFraming).status, 'pass');
    assert.equal(judgePages(pages, judgeCsp).status, 'pass');
    assert.equal(judgePages(pages, judgeNosniff).status, 'pass');
  });

  it('reads headers from a server without them as missing, and HSTS over http as ignored', async () => {
    const harness = liveHarness({ target: { url: bare.origin }, probes: { health: '/nowhere' } }, [
      health,
    ]);
    const artifact = await pageHeaders.gather(harness.context);
    await harness.close();

    assert.deepEqual(
      artifact.pages.map((page) => page.role),
      ['page'],
    );
    assert.equal(hstsPolicy.run({ pageHeaders: artifact } as never, checkContext()).status, 'fail');
    assert.equal(judgePages(artifact.pages, judgeFraming).status, 'fail');
    assert.equal(judgePages(artifact.pages, judgeCsp).status, 'fail');
    assert.equal(judgePages(artifact.pages, judgeNosniff).status, 'fail');
  });

  it('records a page that could not be fetched, which no header check passes', async () => {
    const harness = liveHarness({ target: { url: `http://127.0.0.1:${await closedPort()}/` } }, [
      health,
    ]);
    const artifact = await pageHeaders.gather(harness.context);
    await harness.close();
    assert.equal(artifact.pages[0]?.exchange.response, undefined);
    assert.equal(judgePages(artifact.pages, judgeNosniff).status, 'error');
  });
});
