import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import check, { judgeMigrations } from '../../../src/checks/deploy/migration-revision.js';
import { readFolder } from '../../../src/gather/alembic.js';
import { session } from '../db/role-fixtures.js';

const folder = readFolder(
  'alembic',
  [
    'alembic/versions/1.py',
    'alembic/versions/2.py',
    'alembic/versions/3.py',
    'alembic/versions/4.py',
  ],
  [
    "revision = 'aaaa1111'\ndown_revision = None\n",
    "revision = 'bbbb2222'\ndown_revision = 'aaaa1111'\n",
    "revision = 'cccc3333'\ndown_revision = 'aaaa1111'\n",
    "revision = 'dddd4444'\ndown_revision = ('bbbb2222', 'cccc3333')\n",
  ],
);
const alembic = { folders: [folder] };

describe("'migration-revision'", () => {
  test('is the check of deploy.migrations', () => {
    assert.equal(check.id, 'migration-revision');
  });

  test('passes a database at the head, after a merge', () => {
    assert.deepEqual(folder.heads, ['dddd4444']);
    assert.equal(judgeMigrations(alembic, session({}, { revisions: ['dddd4444'] })).status, 'pass');
  });

  test('fails a database behind the head, or never migrated', () => {
    const behind = judgeMigrations(alembic, session({}, { revisions: ['bbbb2222'] }));
    assert.equal(behind.status, 'fail');
    assert.match(behind.message, /head is dddd4444/);
    assert.equal(
      judgeMigrations(alembic, session({}, { table: false, revisions: [] })).status,
      'fail',
    );
  });

  test('warns of a revision the project does not know', () => {
    assert.equal(judgeMigrations(alembic, session({}, { revisions: ['ffff9999'] })).status, 'warn');
  });

  test('an unreadable alembic_version, or no readable revision file, is an error', () => {
    assert.equal(
      judgeMigrations(
        alembic,
        session({}, { error: 'permission denied for table alembic_version' }),
      ).status,
      'error',
    );
    const empty = {
      folders: [readFolder('alembic', ['alembic/versions/x.py'], ['revision = make_id()\n'])],
    };
    assert.equal(judgeMigrations(empty, session()).status, 'error');
  });
});
