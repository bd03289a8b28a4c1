import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import databaseCredentials from '../../../src/checks/env/database-credentials.js';
import environmentMode from '../../../src/checks/env/environment-mode.js';
import secretKeyStrength from '../../../src/checks/env/secret-key-strength.js';
import secretsCompleteness from '../../../src/checks/env/secrets-completeness.js';
import stripeKeyMode from '../../../src/checks/env/stripe-key-mode.js';
import type { Status } from '../../../src/core/types.js';
import { envCheckContext, gatherEnv } from '../../support/env-files.js';

// Real env files from public projects, read in place (their licences differ from ours).
const corpus = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus');
const absent = existsSync(corpus) ? false : 'the shared corpus folder is absent';

const checks = {
  mode: environmentMode,
  key: secretKeyStrength,
  db: databaseCredentials,
  stripe: stripeKeyMode,
  secrets: secretsCompleteness,
};
type Statuses = Record<keyof typeof checks, Status>;

async function statusesOf(project: string, files?: string[]): Promise<Statuses> {
  const { envFiles } = await gatherEnv(join(corpus, project), files ? { files } : {});
  const run = (check: (typeof checks)[keyof typeof checks]) =>
    check.run({ envFiles }, envCheckContext()).status;
  return {
    mode: run(checks.mode),
    key: run(checks.key),
    db: run(checks.db),
    stripe: run(checks.stripe),
    secrets: run(checks.secrets),
  };
}

describe('env checks over the real-world corpus', { skip: absent }, () => {
  it('full-stack-fastapi-template: development mode, changethis key and password', async () => {
    assert.deepEqual(await statusesOf('full-stack-fastapi-template'), {
      mode: 'fail',
      key: 'fail',
      db: 'fail',
      stripe: 'skip',
      secrets: 'fail',
    });
  });

  it('hackathon-starter: only a template, so every check skips', async () => {
    const statuses = await statusesOf('hackathon-starter');

    assert.deepEqual(new Set(Object.values(statuses)), new Set(['skip']));
  });

  it('hackathon-starter read as deployed: Stripe test keys, placeholder session secret', async () => {
    const { envFiles } = await gatherEnv(join(corpus, 'hackathon-starter'), {
      files: ['.env.example'],
    });
    const stripe = stripeKeyMode.run({ envFiles }, envCheckContext());
    const failing = (stripe.evidence ?? []).filter((item) => /Stripe test/.test(item.message));

    assert.equal(stripe.status, 'fail');
    assert.equal(failing.length, 2);
    assert.equal(secretKeyStrength.run({ envFiles }, envCheckContext()).status, 'fail');
    assert.equal(databaseCredentials.run({ envFiles }, envCheckContext()).status, 'warn');
  });

  it('node-express-boilerplate: JWT_SECRET=thisisasamplesecret fails', async () => {
    const statuses = await statusesOf('node-express-boilerplate', ['.env.example']);

    assert.equal(statuses.key, 'fail');
    assert.equal(statuses.mode, 'fail');
    assert.equal(statuses.db, 'warn');
  });

  it('fastapi-realworld-example-app: DEBUG=True, SECRET_KEY=secret, postgres:postgres', async () => {
    const statuses = await statusesOf('fastapi-realworld-example-app', ['.env.example']);

    assert.deepEqual(statuses, {
      mode: 'fail',
      key: 'fail',
      db: 'fail',
      stripe: 'skip',
      secrets: 'fail',
    });
  });

  it('accept-a-payment: placeholder Stripe keys fail, the webhook secret is neither', async () => {
    const statuses = await statusesOf('accept-a-payment', ['.env.example']);

    assert.equal(statuses.stripe, 'fail');
    assert.equal(statuses.key, 'skip');
  });

  it('gitleaks .env.prod: a test fixture, and read as deployed a superuser', async () => {
    await assert.rejects(gatherEnv(join(corpus, 'gitleaks')), { name: 'NotGivenError' });
    const statuses = await statusesOf('gitleaks', ['testdata/archives/files/.env.prod']);

    assert.equal(statuses.db, 'warn');
    assert.equal(statuses.mode, 'fail');
  });

  it('awesome-compose: changeit passwords fail', async () => {
    const statuses = await statusesOf('awesome-compose');

    assert.equal(statuses.db, 'fail');
    assert.equal(statuses.secrets, 'fail');
  });

  it('places every key of every corpus env file on the line that assigns it', async () => {
    const files = [
      'full-stack-fastapi-template/.env',
      'hackathon-starter/.env.example',
      'hackathon-starter/test/.env.test',
      'dotenv-linter/dotenv-cli/tests/fixes/fixtures/complicated.env.golden',
      'dotenv-linter/dotenv-cli/tests/fixes/fixtures/correct.env.golden',
      'awesome-compose/wireguard/.env',
    ];
    for (const path of files) {
      const slash = path.indexOf('/');
      const { envFiles } = await gatherEnv(join(corpus, path.slice(0, slash)), {
        files: [path.slice(slash + 1)],
        examples: [],
      });
      const lines = readFileSync(join(corpus, path), 'utf8').split(/\r?\n/);
      for (const entry of envFiles.deployment[0]!.entries) {
        const line = lines[(entry.line ?? 0) - 1] ?? '';
        assert.match(
          line,
          new RegExp(`^\\s*(?:export\\s+)?${entry.key}\\s*=`),
          `${path} ${entry.key}`,
        );
      }
    }
  });
});
