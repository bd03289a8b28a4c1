import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeErrorLeakage } from '../../../src/checks/errors/error-leakage.js';
import type { HttpResponse } from '../../../src/gather/http.js';
import type { ErrorProbe, Provocation } from '../../../src/gather/live/error-probe.js';
import { answered, failed, response } from '../../support/exchanges.js';

const PROVOCATIONS: Provocation[] = [
  'malformed-json',
  'wrong-types',
  'huge-value',
  'unknown-route',
  'wrong-method',
  'odd-bytes',
];
const URL = 'https://api.example.com/api/v1/items';
const CLEAN = response(400, { 'content-type': 'application/json' }, '{"detail":"Bad request"}');
const TRACEBACK = response(
  500,
  { 'content-type': 'text/plain' },
  'Traceback (most recent call last):\n  File "/srv/app/main.py", line 12, in create\nKeyError: \'amount\'',
);

function probe(answer: (provocation: Provocation) => HttpResponse | null): ErrorProbe {
  return {
    attempts: PROVOCATIONS.map((provocation) => {
      const given = answer(provocation);
      return {
        provocation,
        method: 'POST',
        path: '/api/v1/items',
        exchange: given ? answered(URL, given) : failed(URL, 'timed out'),
      };
    }),
  };
}

describe("the 'error-leakage' check", () => {
  it('passes when every provoked error answers a fixed message', () => {
    assert.equal(judgeErrorLeakage(probe(() => CLEAN)).status, 'pass');
  });

  it('fails on a Python traceback, naming what was shown', () => {
    const finding = judgeErrorLeakage(
      probe((provocation) => (provocation === 'malformed-json' ? TRACEBACK : CLEAN)),
    );
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /malformed JSON/);
  });

  it('does not clear an API that a rate limit answered for', () => {
    const finding = judgeErrorLeakage(
      probe((provocation) => (provocation === 'odd-bytes' ? CLEAN : response(429))),
    );
    assert.equal(finding.status, 'error');
    assert.match(finding.message, /Only 1 of 6 provoked errors got an answer/);
  });

  it('errs when nothing answered but the rate limit', () => {
    const finding = judgeErrorLeakage(probe(() => response(503)));
    assert.equal(finding.status, 'error');
  });

  it('still passes with one answer missing, and says so', () => {
    const finding = judgeErrorLeakage(
      probe((provocation) => (provocation === 'huge-value' ? null : CLEAN)),
    );
    assert.equal(finding.status, 'pass');
    assert.match(finding.message, /1 got no answer from the application/);
  });
});
