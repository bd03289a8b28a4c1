// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../src/checks/env/secret-key-strength.js';
import { runOn } from '../../support/env-files.js';

const HEX = 'e57f1b355be6783a4948011acd2a462e0dad4ba5f430b0e7c10811b2d0c8b151';
const BASE64 = 'CnooRzLIwdUH98toPTbdVSNVyTqmux9UxOQfdMGSQmc=';

describe('secret-key-strength', () => {
  const cases: [string, string, string][] = [
    ['openssl rand -hex 32', `SECRET_KEY=${HEX}\n`, 'pass'],
    ['base64 of 32 bytes', `JWT_SECRET="${BASE64}"\n`, 'pass'],
    ['Laravel APP_KEY', `APP_KEY=base64:${BASE64}\n`, 'pass'],
    ['every key strong', `SECRET_KEY=${HEX}\nSESSION_SECRET=${BASE64}\n`, 'pass'],
    ['changethis', 'SECRET_KEY=changethis\n', 'fail'],
    ['sample phrase', 'JWT_SECRET=thisisasamplesecret\n', 'fail'],
    ['long phrase', 'SECRET_KEY=thisisaverylongsecretkeyforproductionuse\n', 'fail'],
    ['short random', `SECRET_KEY=${HEX.slice(0, 20)}\n`, 'fail'],
    ['repeated', `NEXTAUTH_SECRET=${'k3Xq9Lm2'.repeat(5)}\n`, 'fail'],
    ['sequential', 'COOKIE_SECRET=abcdefghijklmnopqrstuvwxyz0123456789\n', 'fail'],
    ['empty', 'SECRET_KEY=\n', 'fail'],
    ['one strong, one weak', `SECRET_KEY=${HEX}\nJWT_SECRET=secret\n`, 'fail'],
    ['unresolved reference', 'SECRET_KEY=${VAULT_SECRET}\n', 'manual'],
    ['resolved reference', `GENERATED=${HEX}\nSECRET_KEY=\${GENERATED}\n`, 'pass'],
    ['no secret key at all', 'PORT=8000\n', 'skip'],
    ['only a payment key', 'STRIPE_SECRET_KEY=sk_test_abc\n', 'skip'],
  ];

  for (const [name, text, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(runOn(check, { '.env': text }).status, status));
  }

  it('fails a key the template expects but the deployed file lacks', () => {
    const finding = runOn(check, { '.env': 'PORT=80\n', '.env.example': 'SECRET_KEY=\n' });

    assert.equal(finding.status, 'fail');
  });

  it('reads the minimum length from the policy', () => {
    const text = `SECRET_KEY=${HEX.slice(0, 40)}\n`;

    assert.equal(runOn(check, { '.env': text }).status, 'pass');
    assert.equal(runOn(check, { '.env': text }, { secretLength: 48 }).status, 'fail');
  });

  it('shows the key, place, length, classes and bits, never the value', () => {
    const finding = runOn(check, { '.env': `# c\nSECRET_KEY=${HEX}\n` });
    const evidence = finding.evidence?.[0];

    assert.deepEqual(evidence?.location, { file: '.env', line: 2 });
    assert.match(
      evidence?.message ?? '',
      /SECRET_KEY.*64 characters.*lower\+digit.*bits per character/,
    );
    assert.equal(JSON.stringify(finding).includes(HEX), false);
  });
});
