import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { judgeHttpsRedirect } from '../../../src/checks/tls/https-redirect.js';
import httpRedirect, {
  defaultHttpUrl,
  REDIRECT_PROBE_PATH,
} from '../../../src/gather/live/http-redirect.js';
import { closedPort, liveHarness, startServer, type TestServer } from './live-support.js';

describe('defaultHttpUrl', () => {
  it('is the target host on port 80', () => {
    assert.equal(defaultHttpUrl('https://api.example.com:8443/app?x=1'), 'http://api.example.com/');
    assert.equal(defaultHttpUrl('https://[::1]:8443/'), 'http://[::1]/');
    assert.equal(defaultHttpUrl('https://[::1]/'), 'http://[::1]/');
  });
});

describe('httpRedirect gatherer', () => {
  let redirecting: TestServer;
  let dropsQuery: TestServer;
  let plain: TestServer;
  let silent: TestServer;
  before(async () => {
    redirecting = await startServer((request, response) =>
      response.writeHead(301, { location: `https://127.0.0.1${request.url}` }).end(),
    );
    dropsQuery = await startServer((_request, response) =>
      response.writeHead(302, { location: 'https://127.0.0.1/' }).end(),
    );
    plain = await startServer((_request, response) => response.writeHead(200).end('hello'));
    silent = await startServer(() => undefined);
  });
  after(async () => {
    await Promise.all([redirecting.close(), dropsQuery.close(), plain.close(), silent.close()]);
  });

  const probe = async (httpUrl: string, requestTimeoutMs = 2000) => {
    const harness = liveHarness(
      { target: { url: 'https://127.0.0.1/', httpUrl } },
      [],
      requestTimeoutMs,
    );
    const artifact = await httpRedirect.gather(harness.context);
    await harness.close();
    return artifact;
  };

  it('asks / and a path with a query on the configured address', async () => {
    const start = redirecting.seen.length;
    const artifact = await probe(`${redirecting.origin}/ignored`);
    assert.deepEqual(
      redirecting.seen.slice(start).map((seen) => seen.path),
      ['/', REDIRECT_PROBE_PATH],
    );
    assert.equal(artifact.configured, true);
    assert.equal(judgeHttpsRedirect(artifact).status, 'pass');
  });

  it('warns on a temporary redirect that loses the path', async () => {
    assert.equal(judgeHttpsRedirect(await probe(dropsQuery.origin)).status, 'warn');
  });

  it('fails a site served over plain HTTP', async () => {
    assert.equal(judgeHttpsRedirect(await probe(plain.origin)).status, 'fail');
  });

  it('fails, with a clear reason, when nothing listens on the HTTP port', async () => {
    const finding = judgeHttpsRedirect(await probe(`http://127.0.0.1:${await closedPort()}`));
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /plain HTTP port/);
  });

  it('is an error when the HTTP port never answers', async () => {
    assert.equal(judgeHttpsRedirect(await probe(silent.origin, 300)).status, 'error');
  });
});
