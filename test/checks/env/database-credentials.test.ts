// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../src/checks/env/database-credentials.js';
import { runOn } from '../../support/env-files.js';

const STRONG = '3wDK6VN8AixqfLl2KsvnhQqcDsgIUWn1';

describe('database-credentials', () => {
  const cases: [string, string, string][] = [
    [
      'app user, generated password',
      `DATABASE_URL=postgresql://shop_app:${STRONG}@db/shop\n`,
      'pass',
    ],
    ['discrete settings', `DB_USER=shop_app\nDB_PASSWORD=${STRONG}\n`, 'pass'],
    ['driver in the scheme', `DATABASE_URL=postgresql+asyncpg://app:${STRONG}@db/app\n`, 'pass'],
    [
      'references resolved',
      `U=shop\nP=${STRONG}\nDATABASE_URL=postgres://\${U}:\${P}@db/x\n`,
      'pass',
    ],
    [
      'postgres:postgres',
      'DATABASE_URL=postgresql://postgres:postgres@localhost/postgres\n',
      'fail',
    ],
    [
      'changethis via reference',
      'POSTGRES_PASSWORD=changethis\nDATABASE_URL=postgresql://app:${POSTGRES_PASSWORD}@db/app\n',
      'fail',
    ],
    ['password', 'DB_USER=app\nDB_PASSWORD=password\n', 'fail'],
    ['changeme', 'MYSQL_PASSWORD=changeme\n', 'fail'],
    ['admin', 'PGPASSWORD=admin\n', 'fail'],
    ['123456', 'DB_PASS=123456\n', 'fail'],
    ['empty', 'DB_PASSWORD=\n', 'fail'],
    ['same as user', 'DB_USER=shop_owner_account\nDB_PASSWORD=shop_owner_account\n', 'fail'],
    ['placeholder', 'DB_PASSWORD=<your-db-password>\n', 'fail'],
    ['MySQL root with a default', 'MYSQL_ROOT_PASSWORD=root\n', 'fail'],
    ['superuser postgres', `DB_USERNAME=postgres\nDB_PASSWORD=${STRONG}\n`, 'warn'],
    ['superuser in the URL', `DATABASE_URL=postgresql://postgres:${STRONG}@db/app\n`, 'warn'],
    ['short password', 'DB_USER=app\nDB_PASSWORD=Xk9#pQ2v\n', 'warn'],
    ['no credentials in the URL', 'MONGODB_URI=mongodb://127.0.0.1:27017/app\n', 'warn'],
    [
      'unresolved reference',
      'DATABASE_URL=postgresql://app:${SECRET_FROM_VAULT}@db/app\n',
      'manual',
    ],
    ['a driver name, not a URL', 'DB_CONNECTION=mysql\n', 'skip'],
    ['SQLite', 'DATABASE_URL=sqlite:///app.db\n', 'skip'],
    ['no database settings', 'PORT=8000\n', 'skip'],
  ];

  for (const [name, text, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(runOn(check, { '.env': text }).status, status));
  }

  it('never shows the password or the user name', () => {
    const text = 'DATABASE_URL=postgresql://shop_owner_account:shop_owner_account@db/x\n';
    const finding = runOn(check, { '.env': text });

    assert.equal(finding.status, 'fail');
    assert.equal(JSON.stringify(finding).includes('shop_owner_account'), false);
  });
});
