import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cspPolicy, {
  judgeCsp,
  reviewScriptSources,
} from '../../../src/checks/headers/csp-policy.js';
import { parseCspPolicy } from '../../../src/checks/headers/parse-csp.js';
import { response } from '../../support/exchanges.js';

const TAIL = "; object-src 'none'; base-uri 'none'";

describe('csp-policy definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(cspPolicy.id, 'csp-policy');
    assert.deepEqual(cspPolicy.needs, ['health', 'pageHeaders']);
  });
});

describe('judgeCsp', () => {
  const cases: Array<[string, string | string[] | undefined, string]> = [
    ['strict self', `default-src 'self'${TAIL}`, 'pass'],
    ['API none', "default-src 'none'; base-uri 'none'; frame-ancestors 'none'", 'pass'],
    [
      'nonce with strict-dynamic and fallbacks',
      `script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'${TAIL}`,
      'pass',
    ],
    [
      'hash makes unsafe-inline ignored',
      `script-src 'self' 'sha256-abc=' 'unsafe-inline'${TAIL}`,
      'pass',
    ],
    ['absent', undefined, 'fail'],
    ['unsafe-inline', `script-src 'self' 'unsafe-inline'${TAIL}`, 'fail'],
    ['unsafe-inline through default-src', `default-src 'self' 'unsafe-inline'${TAIL}`, 'fail'],
    ['wildcard', `script-src *${TAIL}`, 'fail'],
    ['https: scheme', `script-src 'self' https:${TAIL}`, 'fail'],
    ['http: scheme', `script-src http:${TAIL}`, 'fail'],
    ['data: scheme', `script-src 'self' DATA:${TAIL}`, 'fail'],
    ['any host over https', `script-src https://*${TAIL}`, 'fail'],
    [
      'nonce without strict-dynamic keeps the allowlist',
      `script-src 'nonce-abc' https:${TAIL}`,
      'fail',
    ],
    ['no script restriction', "img-src 'self'; object-src 'none'; base-uri 'none'", 'fail'],
    ['unsafe-eval', `script-src 'self' 'unsafe-eval'${TAIL}`, 'warn'],
    ['no object-src', "script-src 'self'; base-uri 'none'", 'warn'],
    ['object-src wildcard', "script-src 'self'; object-src *; base-uri 'none'", 'warn'],
    ['no base-uri under an allowlist', "default-src 'self'", 'pass'],
    ['no base-uri under nonces', "script-src 'nonce-abc'; object-src 'none'", 'warn'],
    [
      'no base-uri under hashes with strict-dynamic',
      "script-src 'sha256-abc=' 'strict-dynamic'; object-src 'none'",
      'warn',
    ],
    ['no base-uri under hashes alone', "script-src 'sha256-abc='; object-src 'none'", 'pass'],
    ['repeated directive', `script-src 'self'; script-src *${TAIL}`, 'warn'],
    [
      'a strict second policy restricts scripts',
      [`script-src *${TAIL}`, "script-src 'self'"],
      'pass',
    ],
    ['a strict policy in a comma list', `script-src *${TAIL}, script-src 'self'`, 'pass'],
  ];
  for (const [name, header, status] of cases) {
    it(`${name}: ${status}`, () => {
      const headers: Record<string, string | string[]> =
        header === undefined ? {} : { 'content-security-policy': header };
      assert.equal(judgeCsp(response(200, headers)).status, status);
    });
  }

  it('warns when only a report-only policy is sent', () => {
    const answer = response(200, {
      'content-security-policy-report-only': `default-src 'self'${TAIL}`,
    });
    assert.equal(judgeCsp(answer).status, 'warn');
  });

  it('lists every problem of a policy', () => {
    const problems = reviewScriptSources(
      parseCspPolicy("script-src 'unsafe-inline' 'unsafe-eval' *"),
    );
    assert.deepEqual(
      problems?.map((problem) => problem.status),
      ['fail', 'fail', 'warn'],
    );
    assert.equal(reviewScriptSources(parseCspPolicy("img-src 'self'")), undefined);
  });
});
