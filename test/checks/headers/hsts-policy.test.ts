import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import hstsPolicy, { judgeHsts } from '../../../src/checks/headers/hsts-policy.js';
import { answered, checkContext, failed, response } from '../../support/exchanges.js';

const HTTPS = 'https://api.example.com/';
const YEAR = 31_536_000;

describe('hsts-policy definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(hstsPolicy.id, 'hsts-policy');
    assert.deepEqual(hstsPolicy.needs, ['health', 'pageHeaders']);
  });
});

describe('judgeHsts', () => {
  const cases: Array<[string, string | string[] | undefined, string, string]> = [
    ['one year with subdomains', 'max-age=31536000; includeSubDomains', HTTPS, 'pass'],
    ['two years, preload', 'max-age=63072000; includeSubDomains; preload', HTTPS, 'pass'],
    ['quoted max-age', 'max-age="31536000"', HTTPS, 'pass'],
    ['absent', undefined, HTTPS, 'fail'],
    ['max-age=0', 'max-age=0', HTTPS, 'fail'],
    ['a day', 'max-age=86400', HTTPS, 'warn'],
    ['a rollout value', 'max-age=300', HTTPS, 'fail'],
    ['no max-age', 'includeSubDomains', HTTPS, 'fail'],
    ['duplicate directive', 'max-age=31536000; max-age=31536000', HTTPS, 'fail'],
    ['not a number', 'max-age=forever', HTTPS, 'fail'],
    ['two headers', ['max-age=31536000', 'max-age=31536000'], HTTPS, 'warn'],
    ['two headers, first bad', ['max-age=x', 'max-age=31536000'], HTTPS, 'fail'],
    ['combined by a proxy', 'max-age=31536000, max-age=31536000', HTTPS, 'fail'],
    ['good header over plain http', 'max-age=31536000', 'http://api.example.com/', 'fail'],
    ['absent over plain http', undefined, 'http://api.example.com/', 'fail'],
  ];
  for (const [name, header, url, status] of cases) {
    it(`${name}: ${status}`, () => {
      const headers: Record<string, string | string[]> =
        header === undefined ? {} : { 'Strict-Transport-Security': header };
      assert.equal(judgeHsts(response(200, headers), url, YEAR).status, status);
    });
  }

  it('reads the minimum from the policy', () => {
    const answer = response(200, { 'strict-transport-security': 'max-age=604800' });
    assert.equal(judgeHsts(answer, HTTPS, 86_400).status, 'pass');
    assert.equal(judgeHsts(answer, HTTPS, YEAR).status, 'warn');
  });

  it('honours a policy that asks for less than a day', () => {
    const answer = response(200, { 'strict-transport-security': 'max-age=7200' });
    assert.equal(judgeHsts(answer, HTTPS, 3600).status, 'pass');
    const zero = response(200, { 'strict-transport-security': 'max-age=0' });
    assert.equal(judgeHsts(zero, HTTPS, 0).status, 'fail');
  });

  it('cuts a hostile header value short in the message', () => {
    const answer = response(200, { 'strict-transport-security': `max-age=${'9'.repeat(5000)}x` });
    const judgement = judgeHsts(answer, HTTPS, YEAR);
    assert.equal(judgement.status, 'fail');
    assert.ok(judgement.message.length < 400);
  });
});

describe('hsts-policy', () => {
  const run = (pages: Parameters<typeof hstsPolicy.run>[0]['pageHeaders']['pages']) =>
    hstsPolicy.run({ pageHeaders: { pages } } as never, checkContext());
  const good = response(200, { 'strict-transport-security': 'max-age=31536000' });

  it('passes when every page has a good header', () => {
    const finding = run([
      { role: 'page', exchange: answered(HTTPS, good) },
      { role: 'health', exchange: answered(`${HTTPS}api/v1/health`, good) },
    ]);
    assert.equal(finding.status, 'pass');
    assert.equal(finding.evidence?.length, 2);
    assert.equal(finding.evidence?.[1]?.url, `${HTTPS}api/v1/health`);
  });

  it('fails when one page lacks it', () => {
    const finding = run([
      { role: 'page', exchange: answered(HTTPS, good) },
      { role: 'health', exchange: answered(`${HTTPS}api/v1/health`, response(200)) },
    ]);
    assert.equal(finding.status, 'fail');
  });

  it('is an error, never a pass, when a page could not be fetched', () => {
    const finding = run([
      { role: 'page', exchange: failed(HTTPS, 'the connection was reset') },
      { role: 'health', exchange: answered(`${HTTPS}api/v1/health`, good) },
    ]);
    assert.equal(finding.status, 'error');
    assert.equal(run([]).status, 'error');
  });
});
