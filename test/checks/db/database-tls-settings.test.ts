import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/db/database-tls-settings.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ databaseSettings: await gatherTree('databaseSettings', tree) }, checkContext);
}

const url = (params: string) =>
  `DATABASE_URL=postgresql://app:pw1234567@db.internal:5432/app${params}\n`;

describe("'database-tls-settings'", () => {
  it('passes URLs and clients that require TLS', async () => {
    assert.equal((await judge({ '.env': url('?sslmode=verify-full') })).status, 'pass');
    const engine =
      'engine = create_engine(settings.DATABASE_URL, connect_args={"sslmode": "require"})\n';
    assert.equal((await judge({ '.env': url(''), 'app/db.py': engine })).status, 'pass');
  });

  it('fails sslmode prefer, allow, disable and ssl off, with the place', async () => {
    for (const mode of ['prefer', 'allow', 'disable']) {
      const finding = await judge({ '.env': url(`?sslmode=${mode}`) });
      assert.equal(finding.status, 'fail', mode);
      assert.deepEqual(finding.evidence?.[0]?.location, { file: '.env', line: 1 });
    }
    const pool =
      "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: false });\n";
    assert.equal((await judge({ 'src/db.ts': pool })).status, 'fail');
  });

  it('fails a remote URL without TLS, warns for a local one or an unverified certificate', async () => {
    assert.equal((await judge({ '.env': url('') })).status, 'fail');
    assert.equal(
      (await judge({ '.env': 'DATABASE_URL=postgresql://app:pw1234567@localhost/app\n' })).status,
      'warn',
    );
    const pool = "import { Pool } from 'pg';\nnew Pool({ ssl: { rejectUnauthorized: false } });\n";
    assert.equal((await judge({ 'src/db.ts': pool })).status, 'warn');
  });

  it('never shows the host or password of an env URL', async () => {
    const finding = await judge({ '.env': url('?sslmode=disable') });
    assert.ok(!JSON.stringify(finding).includes('db.internal'));
    assert.ok(!JSON.stringify(finding).includes('pw1234567'));
  });

  it('is manual without database settings, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal(
      (await judge({ ...HOSTILE_FILES, '.env': url('?sslmode=prefer') })).status,
      'fail',
    );
  });
});
