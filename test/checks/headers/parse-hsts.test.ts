import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHsts, splitDirectives } from '../../../src/checks/headers/parse-hsts.js';

describe('parseHsts', () => {
  const valid: Array<[string, number, boolean, boolean]> = [
    ['max-age=31536000', 31_536_000, false, false],
    ['max-age=31536000; includeSubDomains', 31_536_000, true, false],
    ['max-age=63072000; includeSubDomains; preload', 63_072_000, true, true],
    ['MAX-AGE=600;INCLUDESUBDOMAINS', 600, true, false],
    ['max-age="31536000"', 31_536_000, false, false],
    ['  max-age = 10 ;; preload ; ', 10, false, true],
    ['max-age=0', 0, false, false],
    ['max-age=100; unknown-directive=x', 100, false, false],
    ['max-age=100; report-uri="https://r.example/a;b"', 100, false, false],
  ];
  for (const [header, maxAge, includeSubDomains, preload] of valid) {
    it(`accepts ${header}`, () => {
      assert.deepEqual(parseHsts(header), {
        valid: true,
        policy: { maxAge, includeSubDomains, preload },
      });
    });
  }

  const invalid = [
    '',
    'includeSubDomains',
    'max-age',
    'max-age=',
    'max-age=abc',
    'max-age=-1',
    'max-age=1.5',
    'max-age=10, max-age=20',
    'max-age=10; max-age=20',
    'max-age=10; includeSubDomains; includesubdomains',
    'max-age=10; preload=yes',
    'max-age="10',
    'max-age=""',
    'max age=10',
    'max-age=10; bad name',
  ];
  for (const header of invalid) {
    it(`rejects ${JSON.stringify(header)}`, () => {
      assert.equal(parseHsts(header).valid, false);
    });
  }

  it('keeps semicolons inside quoted strings', () => {
    assert.deepEqual(splitDirectives('a="x;y"; b'), ['a="x;y"', 'b']);
    assert.equal(splitDirectives('a="open'), null);
  });
});
