import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeRoleOwnership } from '../../../src/checks/db/database-role-ownership.js';
import { session } from './role-fixtures.js';

describe("'database-role-ownership'", () => {
  test('is the check of db.least-privilege', () => {
    assert.equal(check.id, 'database-role-ownership');
  });

  test('passes a role with row rights only', () => {
    assert.equal(judgeRoleOwnership(session()).status, 'pass');
  });

  test('warns on owned objects, CREATE rights and schema-level table rights', () => {
    const owned = judgeRoleOwnership(
      session({
        owned: [{ kind: 'table', count: 3, examples: ['public.a', 'public.b', 'public.c'] }],
      }),
    );
    assert.equal(owned.status, 'warn');
    assert.match(owned.message, /owns 3 tables/);
    assert.equal(judgeRoleOwnership(session({ createInSchemas: ['public'] })).status, 'warn');
    assert.equal(judgeRoleOwnership(session({ createInDatabase: true })).status, 'warn');
    const truncate = judgeRoleOwnership(
      session({ tablePrivileges: [{ privilege: 'TRUNCATE', tables: 1 }] }),
    );
    assert.equal(truncate.status, 'warn');
    assert.match(truncate.message, /TRUNCATE on 1 table\b/);
  });

  test('fails a superuser', () => {
    assert.equal(judgeRoleOwnership(session({ superuser: true })).status, 'fail');
  });
});
