import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/deploy/migration-files.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ migrationSetup: await gatherTree('migrationSetup', tree) }, checkContext);
}

const ALEMBIC = {
  'backend/alembic/env.py': 'from alembic import context\n',
  'backend/alembic/versions/001_init.py': 'revision = "001"\ndown_revision = None\n',
};

describe("'migration-files'", () => {
  it('passes migrations that the deployment applies, at the line that applies them', async () => {
    const finding = await judge({
      ...ALEMBIC,
      'backend/prestart.sh': '#!/bin/sh\nalembic upgrade head\n',
    });
    assert.equal(finding.status, 'pass');
    assert.ok(
      finding.evidence?.some(
        (evidence) =>
          evidence.location?.file === 'backend/prestart.sh' && evidence.location.line === 2,
      ),
    );
    const prisma = {
      'prisma/migrations/20240101_init/migration.sql': 'CREATE TABLE t (id int);\n',
      'package.json': '{ "scripts": { "deploy": "prisma migrate deploy && node dist/main.js" } }\n',
    };
    assert.equal((await judge(prisma)).status, 'pass');
  });

  it('is manual for migrations nothing applies, and warns for create_all without migrations', async () => {
    assert.equal((await judge(ALEMBIC)).status, 'manual');
    const finding = await judge({ 'app/main.py': 'Base.metadata.create_all(bind=engine)\n' });
    assert.equal(finding.status, 'warn');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/main.py', line: 1 });
  });

  it('is manual without migrations, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal(
      (
        await judge({
          ...HOSTILE_FILES,
          ...ALEMBIC,
          Dockerfile: 'CMD alembic upgrade head && uvicorn app:app\n',
        })
      ).status,
      'pass',
    );
  });
});
