import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeDatabasePorts } from '../../../src/checks/firewall/database-port-exposure.js';
import { probe, scan } from './port-fixtures.js';

describe("'database-port-exposure'", () => {
  test('is the check of firewall.db-port', () => {
    assert.equal(check.id, 'database-port-exposure');
  });

  test('fails an open database, cache or search port, naming the service', () => {
    for (const [port, service] of [
      [5432, 'postgres'],
      [6379, 'redis'],
      [9200, 'elasticsearch'],
    ] as const) {
      const result = judgeDatabasePorts(scan([probe(443, 'open'), probe(port, 'open')]));
      assert.equal(result.status, 'fail');
      assert.match(result.message, new RegExp(`${service} on ${port}`));
    }
  });

  test('passes when every data-store port is closed or filtered', () => {
    const result = judgeDatabasePorts(
      scan([probe(443, 'open'), probe(5432, 'closed'), probe(6379, 'filtered')]),
    );
    assert.equal(result.status, 'pass');
  });

  test('a web port open is not its business', () => {
    assert.equal(
      judgeDatabasePorts(scan([probe(8080, 'open'), probe(3306, 'closed')])).status,
      'pass',
    );
  });

  test('an unreached host is an error; a list without data stores is a skip', () => {
    assert.equal(
      judgeDatabasePorts(scan([probe(443, 'filtered'), probe(5432, 'filtered')])).status,
      'error',
    );
    assert.equal(judgeDatabasePorts(scan([probe(443, 'open')])).status, 'skip');
  });
});
