import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/db/database-pool-settings.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ databaseSettings: await gatherTree('databaseSettings', tree) }, checkContext);
}

describe("'database-pool-settings'", () => {
  it('passes a sized pool in SQLAlchemy, node-pg and a Prisma URL', async () => {
    assert.equal(
      (await judge({ 'app/db.py': 'engine = create_engine(URL, pool_size=10, max_overflow=5)\n' }))
        .status,
      'pass',
    );
    assert.equal(
      (await judge({ 'src/db.ts': "import { Pool } from 'pg';\nnew Pool({ max: 10 });\n" })).status,
      'pass',
    );
    const prisma = {
      'prisma/schema.prisma':
        'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n',
      '.env': 'DATABASE_URL=postgresql://app:pw1234567@db:5432/app?connection_limit=10\n',
    };
    assert.equal((await judge(prisma)).status, 'pass');
  });

  it('warns for a default-sized pool and fails for connections without a pool', async () => {
    assert.equal((await judge({ 'app/db.py': 'engine = create_engine(URL)\n' })).status, 'warn');
    const noPool = await judge({
      'app/db.py': 'engine = create_engine(URL, poolclass=NullPool)\n',
    });
    assert.equal(noPool.status, 'fail');
    assert.deepEqual(noPool.evidence?.[0]?.location, { file: 'app/db.py', line: 1 });
    assert.equal(
      (await judge({ 'src/db.ts': "import { Client } from 'pg';\nnew Client();\n" })).status,
      'fail',
    );
  });

  it("ignores Alembic's one-off NullPool engine", async () => {
    const tree = {
      'alembic/env.py': 'connectable = create_engine(URL, poolclass=pool.NullPool)\n',
      'app/db.py': 'engine = create_engine(URL, pool_size=5)\n',
    };
    assert.equal((await judge(tree)).status, 'pass');
  });

  it('is manual without clients, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal(
      (await judge({ ...HOSTILE_FILES, 'app/db.py': 'e = create_engine(URL)\n' })).status,
      'warn',
    );
  });
});
