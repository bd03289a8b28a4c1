// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { judgeCredentials, parseConnectionUrl } from '../../../src/checks/env/credentials.js';
import {
  databaseKey,
  isAppSecretKey,
  isDebugKey,
  isModeKey,
  isStripeKeyName,
} from '../../../src/checks/env/keys.js';
import { isPlaceholder, isReference } from '../../../src/checks/env/placeholder.js';
import {
  assessSecret,
  characterClasses,
  longestSequentialRun,
  repeatedUnitLength,
  shannonBits,
} from '../../../src/checks/env/strength.js';
import { wordCoverage } from '../../../src/checks/env/words.js';

describe('isPlaceholder', () => {
  const placeholders = [
    '<replace-with-your-secret-key>',
    'changethis',
    'changeme',
    'change-me',
    'CHANGE_ME',
    'changeit',
    'your-smtp-password',
    'yourUser',
    'Your Session Secret goes here',
    'gsk_your_groq_api_key_here',
    'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'pk_test...',
    'whsec_...',
    'secret',
    'password',
    'discord-client-secret',
    'email-server-password',
    'alpha-vantage-api-key',
    '****',
    '[your key]',
    '{{ secret_key }}',
    'TODO',
    'admin@example.com',
  ];
  const real = [
    'e57f1b355be6783a4948011acd2a462e0dad4ba5f430b0e7c10811b2d0c8b151',
    'CnooRzLIwdUH98toPTbdVSNVyTqmux9UxOQfdMGSQmc=',
    'production',
    'correct-horse-battery-staple',
    'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
    '${POSTGRES_PASSWORD}',
    '$SECRET',
    '',
    'postgresql://app:${DB_PASSWORD}@db/app',
    'https://api.shop.test',
  ];
  for (const value of placeholders)
    it(`"${value}" is a placeholder`, () => assert.ok(isPlaceholder(value)));
  for (const value of real)
    it(`"${value}" is not`, () => assert.equal(isPlaceholder(value), false));

  it('recognises references to other variables', () => {
    assert.equal(isReference('${A}'), true);
    assert.equal(isReference('${A:-fallback}'), true);
    assert.equal(isReference('pre-${A}-post'), true);
    assert.equal(isReference('$A'), true);
    assert.equal(isReference('a$b'), false);
  });
});

describe('strength measures', () => {
  it('measures Shannon bits per character', () => {
    assert.equal(shannonBits(''), 0);
    assert.equal(shannonBits('aaaa'), 0);
    assert.equal(shannonBits('abab'), 1);
    assert.equal(shannonBits('abcd'), 2);
  });

  it('names character classes', () => {
    assert.deepEqual(characterClasses('abc'), ['lower']);
    assert.deepEqual(characterClasses('aB3-'), ['lower', 'upper', 'digit', 'symbol']);
  });

  it('finds a repeated unit', () => {
    assert.equal(repeatedUnitLength('aaaaaaaa'), 1);
    assert.equal(repeatedUnitLength('abcabcab'), 3);
    assert.equal(repeatedUnitLength('abcdefgh'), null);
  });

  it('measures sequential runs both ways', () => {
    assert.equal(longestSequentialRun('x0123456789y'), 10);
    assert.equal(longestSequentialRun('zyxwvu'), 6);
    assert.equal(longestSequentialRun('abab'), 2);
    assert.equal(longestSequentialRun(''), 0);
  });

  it('tells phrases from random text by word coverage', () => {
    assert.ok(wordCoverage('thisisasamplesecret') > 0.9);
    assert.ok(wordCoverage('mysupersecretjwtkey2024') > 0.6);
    assert.ok(
      wordCoverage('e57f1b355be6783a4948011acd2a462e0dad4ba5f430b0e7c10811b2d0c8b151') < 0.3,
    );
  });
});

describe('assessSecret', () => {
  const cases: [string, string, string[]][] = [
    [
      'openssl rand -hex 32',
      'e57f1b355be6783a4948011acd2a462e0dad4ba5f430b0e7c10811b2d0c8b151',
      [],
    ],
    ['base64 of 32 bytes', 'CnooRzLIwdUH98toPTbdVSNVyTqmux9UxOQfdMGSQmc=', []],
    ['empty', '', ['empty']],
    ['placeholder', 'changethis', ['placeholder', 'short', 'word-like']],
    ['sample phrase', 'thisisasamplesecret', ['short', 'word-like']],
    ['long phrase', 'thisisaverylongsecretkeyforproductionuse', ['word-like']],
    ['repeated unit', 'k3Xq9Lm2'.repeat(4), ['repeated']],
    ['one character', 'a'.repeat(40), ['low-entropy', 'repeated']],
    ['few characters', 'aaaaaaaaaabbbbbbbbbbccccccccccdddd', ['low-entropy']],
    ['alphabet', 'abcdefghijklmnopqrstuvwxyz0123456789', ['sequential']],
  ];
  for (const [name, value, weaknesses] of cases) {
    it(name, () => assert.deepEqual(assessSecret(value, 32).weaknesses, weaknesses));
  }

  it('passes random hex and base64 of 32 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        assert.deepEqual(assessSecret(buffer.toString('hex'), 32).weaknesses, []);
        assert.deepEqual(assessSecret(buffer.toString('base64'), 32).weaknesses, []);
      }),
      { seed: 20_251_203, numRuns: 300 },
    );
  });

  it('passes freshly generated keys', () => {
    for (let i = 0; i < 20; i += 1) {
      assert.deepEqual(assessSecret(randomBytes(32).toString('hex'), 32).weaknesses, []);
    }
  });
});

describe('key classification', () => {
  it('finds environment mode and debug keys', () => {
    for (const key of [
      'ENVIRONMENT',
      'ENV',
      'APP_ENV',
      'NODE_ENV',
      'RAILS_ENV',
      'STAGE',
      'FASTAPI_ENV',
    ]) {
      assert.equal(isModeKey(key), true, key);
    }
    for (const key of ['VIRTUAL_ENV', 'ENV_FILE', 'DATABASE_URL'])
      assert.equal(isModeKey(key), false, key);
    for (const key of ['DEBUG', 'FLASK_DEBUG', 'APP_DEBUG', 'DEBUG_MODE'])
      assert.equal(isDebugKey(key), true, key);
    assert.equal(isDebugKey('DEBUG_TOOLBAR_PATH'), false);
  });

  it('finds application secret keys, not third-party ones', () => {
    const app = [
      'SECRET_KEY',
      'JWT_SECRET',
      'JWT_SECRET_KEY',
      'SESSION_SECRET',
      'APP_KEY',
      'DJANGO_SECRET_KEY',
      'COOKIE_SECRET',
      'AUTH_SECRET',
      'NEXTAUTH_SECRET',
      'SECRET_KEY_BASE',
      'APP_SECRET',
    ];
    const other = [
      'STRIPE_SECRET_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'GITHUB_SECRET',
      'FACEBOOK_SECRET',
      'SECRET_KEY_FILE',
    ];
    for (const key of app) assert.equal(isAppSecretKey(key), true, key);
    for (const key of other) assert.equal(isAppSecretKey(key), false, key);
  });

  it('classifies database keys and groups users with passwords', () => {
    assert.deepEqual(databaseKey('DATABASE_URL'), { kind: 'url', group: 'DATABASE' });
    assert.deepEqual(databaseKey('DB_CONNECTION'), { kind: 'url', group: 'DB' });
    assert.deepEqual(databaseKey('TEST_DATABASE_URL'), { kind: 'url', group: 'TEST_DATABASE' });
    assert.deepEqual(databaseKey('POSTGRES_USER'), { kind: 'user', group: 'POSTGRES' });
    assert.deepEqual(databaseKey('POSTGRES_PASSWORD'), { kind: 'password', group: 'POSTGRES' });
    assert.deepEqual(databaseKey('MYSQL_ROOT_PASSWORD'), { kind: 'password', group: 'MYSQL_ROOT' });
    assert.deepEqual(databaseKey('PGPASSWORD'), { kind: 'password', group: 'PG' });
    assert.equal(databaseKey('DB_HOST'), null);
    assert.equal(databaseKey('PGADMIN_PW'), null);
  });

  it('finds Stripe key settings, not webhook secrets', () => {
    for (const key of [
      'STRIPE_SECRET_KEY',
      'STRIPE_PUBLISHABLE_KEY',
      'STRIPE_SKEY',
      'STRIPE_API_KEY',
    ]) {
      assert.equal(isStripeKeyName(key), true, key);
    }
    for (const key of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_ID'])
      assert.equal(isStripeKeyName(key), false, key);
  });
});

describe('database credentials', () => {
  it('parses connection URLs', () => {
    assert.deepEqual(parseConnectionUrl('postgresql+asyncpg://app:p%40ss@db:5432/app'), {
      scheme: 'postgresql+asyncpg',
      user: 'app',
      password: 'p@ss',
    });
    assert.deepEqual(parseConnectionUrl('mongodb://127.0.0.1:27017/x'), { scheme: 'mongodb' });
    assert.deepEqual(parseConnectionUrl('redis://:only-pass@cache'), {
      scheme: 'redis',
      user: '',
      password: 'only-pass',
    });
    assert.equal(parseConnectionUrl('mysql'), null);
    assert.equal(parseConnectionUrl('https://user:pw@example.com'), null);
    assert.equal(parseConnectionUrl('sqlite:///app.db'), null);
  });

  const strong = '3wDK6VN8AixqfLl2KsvnhQqcDsgIUWn1';
  const cases: [string, string | undefined, string | undefined, string[]][] = [
    ['sound', 'shop_app', strong, []],
    ['default password', 'app', 'postgres', ['fail']],
    ['changethis', 'app', 'changethis', ['fail']],
    ['empty password', 'app', '', ['fail']],
    ['placeholder', 'app', '<db-password>', ['fail']],
    ['same as user', 'shop_owner_account', 'shop_owner_account', ['fail']],
    ['superuser', 'postgres', strong, ['warn']],
    ['short password', 'app', 'Xk9#pQ2v', ['warn']],
    ['superuser with default', 'root', 'root', ['fail', 'fail']],
    ['user only', 'sa', undefined, ['warn']],
  ];
  for (const [name, user, password, statuses] of cases) {
    it(name, () => {
      const problems = judgeCredentials(user, password);
      assert.deepEqual(
        problems.map((problem) => problem.status),
        statuses,
      );
    });
  }

  it('says a user name that is also the password is one, without naming it', () => {
    for (const [user, password] of [
      ['root', 'root'],
      ['postgres', 'postgres'],
      ['shop_owner_account', 'shop_owner_account'],
    ] as const) {
      const problems = judgeCredentials(user, password).map((found) => found.problem);
      assert.ok(
        problems.some((problem) => /same/.test(problem)),
        problems.join('; '),
      );
      assert.ok(!problems.join(' ').includes(user), problems.join('; '));
    }
  });
});
