import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeRoleAttributes } from '../../../src/checks/sql/database-role-attributes.js';
import { session } from '../db/role-fixtures.js';

describe("'database-role-attributes'", () => {
  test('is the check of sql.least-privilege', () => {
    assert.equal(check.id, 'database-role-attributes');
  });

  test('passes a role without administrative attributes', () => {
    assert.equal(judgeRoleAttributes(session()).status, 'pass');
  });

  test('fails a superuser and the cloud stand-ins for one', () => {
    assert.equal(judgeRoleAttributes(session({ superuser: true })).status, 'fail');
    assert.equal(judgeRoleAttributes(session({ memberOf: ['rds_superuser'] })).status, 'fail');
    assert.equal(
      judgeRoleAttributes(session({ memberOf: ['pg_execute_server_program'] })).status,
      'fail',
    );
  });

  test('warns on each lesser attribute and on broad data roles', () => {
    for (const attribute of ['createRole', 'createDatabase', 'replication', 'bypassRls'] as const) {
      assert.equal(judgeRoleAttributes(session({ [attribute]: true })).status, 'warn', attribute);
    }
    const broad = judgeRoleAttributes(session({ memberOf: ['pg_write_all_data'] }));
    assert.equal(broad.status, 'warn');
    assert.match(broad.message, /pg_write_all_data/);
  });
});
