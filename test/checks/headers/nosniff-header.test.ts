import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import nosniffHeader, { judgeNosniff } from '../../../src/checks/headers/nosniff-header.js';
import { response } from '../../support/exchanges.js';

describe('nosniff-header definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(nosniffHeader.id, 'nosniff-header');
    assert.deepEqual(nosniffHeader.needs, ['health', 'pageHeaders']);
  });
});

describe('judgeNosniff', () => {
  const cases: Array<[string | string[] | undefined, string]> = [
    ['nosniff', 'pass'],
    [' nosniff ', 'pass'],
    ['NoSniff', 'pass'],
    [undefined, 'fail'],
    ['', 'fail'],
    ['sniff', 'fail'],
    ['nosniff; mode=block', 'fail'],
    ['no-sniff', 'fail'],
    [['nosniff', 'nosniff'], 'warn'],
    ['nosniff, nosniff', 'warn'],
  ];
  for (const [header, status] of cases) {
    it(`${JSON.stringify(header)}: ${status}`, () => {
      const headers: Record<string, string | string[]> =
        header === undefined ? {} : { 'X-Content-Type-Options': header };
      assert.equal(judgeNosniff(response(200, headers)).status, status);
    });
  }
});
