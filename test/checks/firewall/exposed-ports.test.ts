import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeExposedPorts } from '../../../src/checks/firewall/exposed-ports.js';
import { probe, scan } from './port-fixtures.js';

const ALLOWED = [80, 443, 22];

describe("'exposed-ports'", () => {
  test('is the check of firewall.ports', () => {
    assert.equal(check.id, 'exposed-ports');
  });

  test('passes when only allowed ports are open', () => {
    const result = judgeExposedPorts(
      scan([probe(22, 'open'), probe(443, 'open'), probe(8080, 'filtered'), probe(5432, 'closed')]),
      ALLOWED,
    );
    assert.equal(result.status, 'pass');
  });

  test('fails an open port outside the policy, naming its service', () => {
    const result = judgeExposedPorts(scan([probe(443, 'open'), probe(2375, 'open')]), ALLOWED);
    assert.equal(result.status, 'fail');
    assert.match(result.message, /2375 \(docker-api\)/);
  });

  test("the target URL's own port counts as allowed", () => {
    const result = judgeExposedPorts(
      { ...scan([probe(8443, 'open')]), servedPorts: [8443] },
      ALLOWED,
    );
    assert.equal(result.status, 'pass');
  });

  test('an unreached host (nothing open or closed) is an error, never a pass', () => {
    const result = judgeExposedPorts(scan([probe(22, 'filtered'), probe(443, 'error')]), ALLOWED);
    assert.equal(result.status, 'error');
  });

  test('a loopback target gets a note on the vantage point', () => {
    const result = judgeExposedPorts(scan([probe(443, 'open')], '127.0.0.1'), ALLOWED);
    assert.ok(result.evidence?.some((line) => /loopback or private/.test(line.message)));
  });
});
