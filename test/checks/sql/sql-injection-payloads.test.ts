import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeInjection } from '../../../src/checks/sql/sql-injection-payloads.js';
import type { HttpResponse } from '../../../src/gather/http.js';
import {
  type InjectionProbe,
  PAYLOADS,
  type PayloadKind,
} from '../../../src/gather/live/injection-probe.js';
import { answered, failed, response } from '../../support/exchanges.js';

const URL = 'https://api.example.com/api/v1/items?q=x';
const EMPTY = '{"items":[]}';

/** One configured endpoint with one query parameter, answered per payload kind. */
function probeOf(answer: (kind: PayloadKind) => HttpResponse | null): InjectionProbe {
  return {
    configured: true,
    endpoints: [
      {
        method: 'GET',
        path: '/api/v1/items?q=x',
        baseline: answered(URL, response(200, {}, EMPTY)),
        points: [
          {
            location: 'query',
            name: 'q',
            control: { value: 'zq81harmless', exchange: answered(URL, response(200, {}, EMPTY)) },
            attempts: PAYLOADS.map(({ kind, suffix }) => {
              const given = answer(kind);
              return {
                kind,
                value: `zq81harmless${suffix}`,
                exchange: given ? answered(URL, given) : failed(URL, 'timed out'),
              };
            }),
          },
        ],
      },
    ],
  };
}

const harmless = () => response(200, {}, EMPTY);

describe("the 'sql-injection-payloads' check", () => {
  it('passes when every payload is answered like the harmless value', () => {
    assert.equal(judgeInjection(probeOf(harmless)).status, 'pass');
  });

  it('fails when the true and false conditions are answered differently', () => {
    const finding = judgeInjection(
      probeOf((kind) =>
        kind === 'boolean-true' ? response(200, {}, '{"items":[{"id":1}]}') : harmless(),
      ),
    );
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /condition was evaluated/);
  });

  it('does not read a rate limit answering one of the pair as an evaluated condition', () => {
    const finding = judgeInjection(
      probeOf((kind) => (kind === 'boolean-false' ? response(429) : harmless())),
    );
    assert.equal(finding.status, 'pass');
    assert.match(finding.message, /1 got no usable answer/);
  });

  it('cannot clear an endpoint when most payloads were rate-limited', () => {
    const usable = new Set<PayloadKind>(['quote', 'tautology', 'union']);
    const finding = judgeInjection(
      probeOf((kind) => (usable.has(kind) ? harmless() : response(503))),
    );
    assert.equal(finding.status, 'error');
    assert.match(finding.message, /Only 3 of 10 payloads got a usable answer/);
  });

  it('counts answers in words: refused, the same as a harmless value', () => {
    const finding = judgeInjection(
      probeOf((kind) => (kind === 'quote' ? response(400) : harmless())),
    );
    assert.equal(finding.status, 'pass');
    assert.match(
      finding.message,
      /\(1 refused, 9 answered the same as a harmless value\)|\(9 answered the same as a harmless value, 1 refused\)/,
    );
    assert.doesNotMatch(finding.message, /\d same\b/);
  });

  it('says how the health endpoint answered when no API path is configured', () => {
    const finding = judgeInjection({ ...probeOf(harmless), configured: false });
    assert.equal(finding.status, 'manual');
    assert.match(
      finding.message,
      /of the 10 payloads sent to the health endpoint, 10 answered the same as a harmless value, which proves nothing/,
    );
  });

  it('errs when no payload got an answer', () => {
    assert.equal(judgeInjection(probeOf(() => null)).status, 'error');
  });
});
