// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check, { classifyStripeKey } from '../../../src/checks/env/stripe-key-mode.js';
import { runOn } from '../../support/env-files.js';

// Built from parts, so that no complete key-shaped string sits in the source for scanners.
const key = (prefix: string, mode: string) => [prefix, mode, 'Fx7kQ2mZp9LwR4tY8vB3nC6d'].join('_');
const SK_LIVE = key('sk', 'live');
const PK_LIVE = key('pk', 'live');
const RK_LIVE = key('rk', 'live');
const SK_TEST = key('sk', 'test');
const PK_TEST = key('pk', 'test');

describe('classifyStripeKey', () => {
  it('reads the kind and the mode', () => {
    assert.deepEqual(classifyStripeKey(SK_LIVE), { kind: 'secret', mode: 'live' });
    assert.deepEqual(classifyStripeKey(PK_TEST), { kind: 'publishable', mode: 'test' });
    assert.deepEqual(classifyStripeKey(key('rk', 'test')), { kind: 'restricted', mode: 'test' });
    assert.equal(classifyStripeKey('whsec_abc123'), null);
    assert.equal(classifyStripeKey('sk_test...'), null);
  });
});

describe('stripe-key-mode', () => {
  const cases: [string, string, string][] = [
    [
      'live secret and publishable',
      `STRIPE_SECRET_KEY=${SK_LIVE}\nSTRIPE_PUBLISHABLE_KEY=${PK_LIVE}\n`,
      'pass',
    ],
    ['live restricted key', `PAYMENTS_KEY=${RK_LIVE}\n`, 'pass'],
    [
      'live keys and a webhook secret',
      `STRIPE_SECRET_KEY=${SK_LIVE}\nSTRIPE_WEBHOOK_SECRET=whsec_abc\n`,
      'pass',
    ],
    ['test secret key', `STRIPE_SECRET_KEY=${SK_TEST}\n`, 'fail'],
    ['test key under another name', `STRIPE_SKEY=${SK_TEST}\n`, 'fail'],
    ['test key under any name', `PAYMENT_KEY=${SK_TEST}\n`, 'fail'],
    [
      'mixed live and test',
      `STRIPE_SECRET_KEY=${SK_LIVE}\nSTRIPE_PUBLISHABLE_KEY=${PK_TEST}\n`,
      'fail',
    ],
    ['placeholder', 'STRIPE_SECRET_KEY=<replace-with-your-secret-key>\n', 'fail'],
    ['truncated sample', 'STRIPE_SECRET_KEY=sk_test...\n', 'fail'],
    ['xxx sample', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxx\n', 'fail'],
    ['empty', 'STRIPE_SECRET_KEY=\n', 'fail'],
    ['unrecognised value', 'STRIPE_API_KEY=k9Fz2LqW8mX4\n', 'warn'],
    ['unresolved reference', 'STRIPE_SECRET_KEY=${FROM_VAULT}\n', 'manual'],
    ['webhook secret only', 'STRIPE_WEBHOOK_SECRET=whsec_abc\n', 'skip'],
    ['no payment key', 'PORT=8000\n', 'skip'],
  ];

  for (const [name, text, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(runOn(check, { '.env': text }).status, status));
  }

  it('names only the files that hold each mode when keys are mixed', () => {
    const finding = runOn(check, {
      '.env': `STRIPE_SECRET_KEY=${SK_LIVE}\nSTRIPE_PUBLISHABLE_KEY=${PK_TEST}\n`,
      '.env.production': 'ENVIRONMENT=production\n',
    });
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /^\.env mixes live and test Stripe keys\b/);
    assert.doesNotMatch(finding.message, /\.env\.production/);

    const split = runOn(check, {
      '.env': `STRIPE_SECRET_KEY=${SK_LIVE}\n`,
      '.env.production': `STRIPE_PUBLISHABLE_KEY=${PK_TEST}\n`,
    });
    assert.match(split.message, /\.env holds live keys, \.env\.production holds test keys/);
  });

  it('marks each key as a problem or as sound', () => {
    const finding = runOn(check, {
      '.env': `STRIPE_SECRET_KEY=${SK_LIVE}\nSTRIPE_PUBLISHABLE_KEY=${PK_TEST}\n`,
    });
    assert.deepEqual(
      finding.evidence?.map((evidence) => [evidence.location?.line, evidence.status]),
      [
        [undefined, 'fail'],
        [1, 'pass'],
        [2, 'fail'],
      ],
    );
  });

  it('shows the class of key, never the key', () => {
    const finding = runOn(check, { '.env': `STRIPE_SECRET_KEY=${SK_TEST}\n` });

    assert.match(finding.message, /Stripe test secret key/);
    assert.equal(JSON.stringify(finding).includes(SK_TEST), false);
  });
});
