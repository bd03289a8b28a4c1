import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import healthEndpoint, { judgeHealth } from '../../../src/checks/deploy/health-endpoint.js';
import type { Artifacts } from '../../../src/core/types.js';
import { answered, failed, response } from '../../support/exchanges.js';

type Health = Artifacts['health'];
const at = (path: string, answer: number | string) => {
  const url = `https://api.example.com${path}`;
  const exchange =
    typeof answer === 'number'
      ? answered(url, response(answer, answer === 301 ? { location: '/x/' } : {}))
      : failed(url, answer);
  return { path, exchange };
};

function health(answers: Array<[string, number | string]>, configured = false): Health {
  const attempts = answers.map(([path, answer]) => at(path, answer));
  const found = attempts.find((attempt) => {
    const status = attempt.exchange.response?.status ?? 0;
    return status >= 200 && status < 300;
  });
  return { configured, attempts, ...(found ? { found } : {}) };
}

describe('health-endpoint definition', () => {
  it('is registered under its id and needs', () => {
    assert.equal(healthEndpoint.id, 'health-endpoint');
    assert.deepEqual(healthEndpoint.needs, ['health']);
  });
});

describe('judgeHealth', () => {
  const cases: Array<[string, Health, string]> = [
    ['first path answers 200', health([['/api/v1/health', 200]]), 'pass'],
    [
      'a later path answers 204',
      health([
        ['/api/v1/health', 404],
        ['/health', 204],
      ]),
      'pass',
    ],
    [
      'a redirect',
      health([
        ['/api/v1/health', 404],
        ['/health', 301],
        ['/healthz', 404],
      ]),
      'warn',
    ],
    [
      'all 404',
      health([
        ['/api/v1/health', 404],
        ['/health', 404],
      ]),
      'fail',
    ],
    ['configured path answers 503', health([['/ready', 503]], true), 'fail'],
    ['connection refused', health([['/api/v1/health', 'the connection was refused']]), 'error'],
    [
      'one timeout among 404s',
      health([
        ['/api/v1/health', 404],
        ['/health', 'no response headers before the timeout'],
      ]),
      'error',
    ],
    ['nothing tried', health([]), 'error'],
  ];
  for (const [name, artifact, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(judgeHealth(artifact).status, status));
  }

  it('names every path tried and their timings', () => {
    const finding = judgeHealth(
      health([
        ['/api/v1/health', 404],
        ['/health', 500],
      ]),
    );
    assert.equal(finding.evidence?.length, 2);
    assert.match(finding.message, /\/api\/v1\/health.*\/health/);
    assert.ok(finding.evidence?.every((line) => line.message.includes('ms')));
  });
});
