import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import httpsRedirect, {
  judgeHttpsRedirect,
  judgeRedirect,
} from '../../../src/checks/tls/https-redirect.js';
import type { Exchange } from '../../../src/gather/http.js';
import { answered, failed, response } from '../../support/exchanges.js';

const ROOT = 'http://example.com/';
const QUERY = 'http://example.com/shipshape-redirect-check?from=http&keep=1';
const redirect = (status: number, location: string) => response(status, { location });

describe('https-redirect definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(httpsRedirect.id, 'https-redirect');
    assert.deepEqual(httpsRedirect.needs, ['httpRedirect']);
  });
});

describe('judgeRedirect', () => {
  const cases: Array<[string, Exchange, string]> = [
    ['301 to https', answered(ROOT, redirect(301, 'https://example.com/')), 'pass'],
    ['308 to https', answered(ROOT, redirect(308, 'https://example.com/')), 'pass'],
    [
      '301 keeps path and query',
      answered(
        QUERY,
        redirect(301, 'https://example.com/shipshape-redirect-check?from=http&keep=1'),
      ),
      'pass',
    ],
    [
      '301 to https on port 443 explicitly',
      answered(ROOT, redirect(301, 'https://example.com:443/')),
      'pass',
    ],
    ['302 is temporary', answered(ROOT, redirect(302, 'https://example.com/')), 'warn'],
    ['307 is temporary', answered(ROOT, redirect(307, 'https://example.com/')), 'warn'],
    [
      'query lost',
      answered(QUERY, redirect(301, 'https://example.com/shipshape-redirect-check')),
      'warn',
    ],
    ['path lost', answered(QUERY, redirect(301, 'https://example.com/')), 'warn'],
    ['relative location stays on http', answered(ROOT, redirect(301, '/login')), 'fail'],
    ['to another host', answered(ROOT, redirect(301, 'https://evil.example.net/')), 'fail'],
    ['to http', answered(ROOT, redirect(301, 'http://example.com/')), 'fail'],
    ['unparseable location', answered(ROOT, redirect(301, 'https://exa mple.com:99999/')), 'fail'],
    ['200 over http', answered(ROOT, response(200)), 'fail'],
    ['403 over http', answered(ROOT, response(403)), 'fail'],
    ['301 without location', answered(ROOT, response(301)), 'fail'],
    ['connection refused', failed(ROOT, 'the connection was refused'), 'fail'],
    ['timeout', failed(ROOT, 'the connection timed out'), 'error'],
    ['reset', failed(ROOT, 'the connection was reset'), 'error'],
  ];
  for (const [name, exchange, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(judgeRedirect(exchange).status, status));
  }
});

describe('judgeRedirect with the scan target', () => {
  it("accepts a redirect to the target's own host, and no other", () => {
    const toWww = answered(ROOT, redirect(301, 'https://www.example.com/'));
    assert.equal(judgeRedirect(toWww, 'https://www.example.com/').status, 'pass');
    assert.equal(judgeRedirect(toWww, 'https://example.com/').status, 'fail');
    assert.equal(judgeRedirect(toWww).status, 'fail');
  });
});

describe('judgeHttpsRedirect', () => {
  const probe = (root: Exchange, withQuery: Exchange) => ({
    httpUrl: ROOT,
    configured: false,
    root,
    withQuery,
  });

  it('passes when both requests are redirected permanently and keep path and query', () => {
    const finding = judgeHttpsRedirect(
      probe(
        answered(ROOT, redirect(301, 'https://example.com/')),
        answered(
          QUERY,
          redirect(301, 'https://example.com/shipshape-redirect-check?from=http&keep=1'),
        ),
      ),
    );
    assert.equal(finding.status, 'pass');
    assert.deepEqual(
      finding.evidence?.map((line) => line.url),
      [ROOT, QUERY],
    );
  });

  it('takes the worst of the two', () => {
    const finding = judgeHttpsRedirect(
      probe(
        answered(ROOT, redirect(301, 'https://example.com/')),
        answered(QUERY, redirect(301, 'https://example.com/')),
      ),
    );
    assert.equal(finding.status, 'warn');
  });
});
