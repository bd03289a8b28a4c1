import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/db/statement-timeout-settings.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ databaseSettings: await gatherTree('databaseSettings', tree) }, checkContext);
}

describe("'statement-timeout-settings'", () => {
  it('passes statement_timeout in connect_args, node-pg options, URL options and PGOPTIONS', async () => {
    const trees: Array<Record<string, string>> = [
      {
        'app/db.py':
          'e = create_engine(URL, connect_args={"options": "-c statement_timeout=5000"})\n',
      },
      { 'app/db.py': 'p = await asyncpg.create_pool(DSN, command_timeout=5)\n' },
      { 'src/db.ts': "import { Pool } from 'pg';\nnew Pool({ statement_timeout: 5000 });\n" },
      {
        '.env':
          'DATABASE_URL=postgresql://app:pw1234567@db/app?options=-c%20statement_timeout%3D5000\n',
      },
      {
        '.env':
          'PGOPTIONS=-c statement_timeout=5000\nDATABASE_URL=postgresql://app:pw1234567@db/app\n',
      },
    ];
    for (const tree of trees)
      assert.equal((await judge(tree)).status, 'pass', JSON.stringify(tree));
  });

  it('fails a missing timeout and a timeout of 0, with the place', async () => {
    assert.equal(
      (await judge({ 'app/db.py': 'e = create_engine(URL, pool_size=5)\n' })).status,
      'fail',
    );
    const zero = await judge({
      'src/db.ts': "import { Pool } from 'pg';\nnew Pool({\n  statement_timeout: 0,\n});\n",
    });
    assert.equal(zero.status, 'fail');
    assert.deepEqual(zero.evidence?.[0]?.location, { file: 'src/db.ts', line: 3 });
  });

  it('is manual without database settings, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal(
      (await judge({ ...HOSTILE_FILES, 'app/db.py': 'e = create_engine(URL)\n' })).status,
      'fail',
    );
  });
});
