import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/db/database-role-name.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ databaseSettings: await gatherTree('databaseSettings', tree) }, checkContext);
}

describe("'database-role-name'", () => {
  it('fails administrator roles in URLs and user keys, with the place', async () => {
    for (const role of ['postgres', 'root', 'admin', 'sa']) {
      const finding = await judge({
        '.env': `X=1\nDATABASE_URL=postgresql://${role}:pw1234567@db/app\n`,
      });
      assert.equal(finding.status, 'fail', role);
      assert.deepEqual(finding.evidence?.[0]?.location, { file: '.env', line: 2 });
    }
    assert.equal((await judge({ '.env': 'POSTGRES_USER=postgres\n' })).status, 'fail');
    const code = 'engine = create_engine("postgresql://postgres:pw1234567@db/app")\n';
    assert.equal((await judge({ 'app/db.py': code })).status, 'fail');
  });

  it('says an administrator role named like its password is one, without naming it', async () => {
    const finding = await judge({ '.env': 'DATABASE_URL=postgresql://postgres:postgres@db/app\n' });
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /administrator role, whose name is also a secret value/);
    assert.match(finding.evidence?.[0]?.message ?? '', /whose name is also a secret value/);
    assert.ok(!JSON.stringify(finding).includes('postgres'), JSON.stringify(finding));
  });

  it('is manual for another role, never showing its name', async () => {
    const finding = await judge({
      '.env': 'DATABASE_URL=postgresql://shop_app:pw1234567@db/app\n',
    });
    assert.equal(finding.status, 'manual');
    assert.ok(!JSON.stringify(finding).includes('shop_app'));
  });

  it('is manual without a role, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal(
      (
        await judge({
          ...HOSTILE_FILES,
          '.env': 'DATABASE_URL=postgresql://root:pw1234567@db/app\n',
        })
      ).status,
      'fail',
    );
  });
});
