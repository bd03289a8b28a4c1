import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import framingPolicy, { judgeFraming } from '../../../src/checks/headers/framing-policy.js';
import { response } from '../../support/exchanges.js';

describe('framing-policy definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(framingPolicy.id, 'framing-policy');
    assert.deepEqual(framingPolicy.needs, ['health', 'pageHeaders']);
  });
});

describe('judgeFraming', () => {
  const cases: Array<[string, Record<string, string | string[]>, string]> = [
    ['X-Frame-Options DENY', { 'x-frame-options': 'DENY' }, 'pass'],
    ['DENY sent twice', { 'x-frame-options': ['DENY', 'DENY'] }, 'pass'],
    ["frame-ancestors 'none'", { 'content-security-policy': "frame-ancestors 'none'" }, 'pass'],
    ['SAMEORIGIN', { 'x-frame-options': 'SAMEORIGIN' }, 'fail'],
    ["frame-ancestors 'self'", { 'content-security-policy': "frame-ancestors 'self'" }, 'fail'],
    [
      'frame-ancestors host',
      { 'content-security-policy': 'frame-ancestors https://a.example' },
      'fail',
    ],
    ['frame-ancestors *', { 'content-security-policy': 'frame-ancestors *' }, 'fail'],
    ['ALLOW-FROM', { 'x-frame-options': 'ALLOW-FROM https://a.example' }, 'fail'],
    ['conflicting values', { 'x-frame-options': ['DENY', 'SAMEORIGIN'] }, 'fail'],
    ['comma list', { 'x-frame-options': 'DENY, SAMEORIGIN' }, 'fail'],
    ['invalid value', { 'x-frame-options': 'NONE' }, 'fail'],
    ['nothing', {}, 'fail'],
    [
      'report-only frame-ancestors does not count',
      { 'content-security-policy-report-only': "frame-ancestors 'none'" },
      'fail',
    ],
    [
      "frame-ancestors 'none' wins over SAMEORIGIN",
      { 'x-frame-options': 'SAMEORIGIN', 'content-security-policy': "frame-ancestors 'none'" },
      'pass',
    ],
    [
      'frame-ancestors * wins over DENY',
      { 'x-frame-options': 'DENY', 'content-security-policy': 'frame-ancestors *' },
      'fail',
    ],
    [
      'the strictest of two policies applies',
      { 'content-security-policy': ['frame-ancestors *', "frame-ancestors 'none'"] },
      'pass',
    ],
    [
      'CSP without frame-ancestors falls back',
      { 'content-security-policy': "default-src 'self'", 'x-frame-options': 'DENY' },
      'pass',
    ],
  ];
  for (const [name, headers, status] of cases) {
    it(`${name}: ${status}`, () => {
      assert.equal(judgeFraming(response(200, headers)).status, status);
    });
  }
});
