import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/db/connect-timeout-settings.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ databaseSettings: await gatherTree('databaseSettings', tree) }, checkContext);
}

describe("'connect-timeout-settings'", () => {
  it('passes connect_timeout in connect_args, the URL, or connectionTimeoutMillis', async () => {
    assert.equal(
      (
        await judge({
          'app/db.py': 'e = create_engine(URL, connect_args={"connect_timeout": 10})\n',
        })
      ).status,
      'pass',
    );
    assert.equal(
      (
        await judge({
          '.env': 'DATABASE_URL=postgresql://app:pw1234567@db/app?connect_timeout=10\n',
        })
      ).status,
      'pass',
    );
    const pool = "import { Pool } from 'pg';\nnew Pool({ connectionTimeoutMillis: 5000 });\n";
    const finding = await judge({ 'src/db.ts': pool });
    assert.equal(finding.status, 'pass');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'src/db.ts', line: 2 });
  });

  it('warns when no connect timeout is set, or it is 0', async () => {
    assert.equal((await judge({ 'app/db.py': 'e = create_engine(URL)\n' })).status, 'warn');
    assert.equal(
      (
        await judge({
          '.env': 'DATABASE_URL=postgresql://app:pw1234567@db/app?connect_timeout=0\n',
        })
      ).status,
      'warn',
    );
  });

  it('is manual without database settings, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal(
      (await judge({ ...HOSTILE_FILES, 'app/db.py': 'e = create_engine(URL)\n' })).status,
      'warn',
    );
  });
});
