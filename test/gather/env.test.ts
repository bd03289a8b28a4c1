// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NotGivenError } from '../../src/core/errors.js';
import { envFileKind, envFileKindAt } from '../../src/gather/env.js';
import { findUrlPasswords, isSecretKeyName } from '../../src/gather/secret-values.js';
import { gatherEnv } from '../support/env-files.js';

const projects = join(import.meta.dirname, '..', 'fixtures', 'projects');

describe('envFileKind', () => {
  const cases: [string, ReturnType<typeof envFileKind>][] = [
    ['.env', 'deployment'],
    ['.env.production', 'deployment'],
    ['.env.prod', 'deployment'],
    ['.env.local', 'deployment'],
    ['.env.production.local', 'deployment'],
    ['production.env', 'deployment'],
    ['backend.env', 'deployment'],
    ['.env.example', 'template'],
    ['.env.sample', 'template'],
    ['.env.template', 'template'],
    ['.env.dist', 'template'],
    ['.env.defaults', 'template'],
    ['.env.local.example', 'template'],
    ['example.env', 'template'],
    ['.env.test', 'other'],
    ['.env.development', 'other'],
    ['.env.development.local', 'other'],
    ['.env.staging', 'other'],
    ['.env.bak', 'other'],
    ['test.env', 'other'],
    ['.envrc', null],
    ['env.py', null],
    ['blank.env.golden', null],
  ];
  for (const [name, kind] of cases) {
    it(`${name} is ${kind}`, () => assert.equal(envFileKind(name), kind));
  }

  it('never takes an env file in a test or fixture folder for a deployment', () => {
    assert.equal(envFileKindAt('backend/.env'), 'deployment');
    assert.equal(envFileKindAt('tests/.env'), 'other');
    assert.equal(envFileKindAt('testdata/files/.env.prod'), 'other');
    assert.equal(envFileKindAt('.devcontainer/app/.env'), 'other');
    assert.equal(envFileKindAt('tests/.env.example'), 'template');
  });
});

describe('isSecretKeyName', () => {
  const secret = [
    'SECRET_KEY',
    'JWT_SECRET',
    'DB_PASSWORD',
    'PGPASSWORD',
    'POSTGRES_PW',
    'STRIPE_SKEY',
    'OPENAI_API_KEY',
    'FOURSQUARE_APIKEY',
    'GITHUB_TOKEN',
    'LASTFM_KEY',
    'SENTRY_DSN',
    'SLACK_WEBHOOK_URL',
    'PRIVATE_KEY',
    'AWS_SECRET_ACCESS_KEY',
  ];
  const plain = [
    'PORT',
    'DATABASE_URL',
    'DB_USER',
    'ACCESS_TOKEN_EXPIRE_MINUTES',
    'SECRET_KEY_FILE',
    'AWS_ACCESS_KEY_ID',
    'JWT_ALGORITHM',
    'PASSWORD_MIN_LENGTH',
    'FACEBOOK_PIXEL_ID',
    'NODE_ENV',
  ];
  for (const key of secret) it(`${key} is secret`, () => assert.equal(isSecretKeyName(key), true));
  for (const key of plain) it(`${key} is not`, () => assert.equal(isSecretKeyName(key), false));
});

describe('findUrlPasswords', () => {
  it('finds the password of a connection URL, raw and decoded', () => {
    assert.deepEqual(findUrlPasswords('postgresql://app:p%40ss@db/app'), ['p%40ss', 'p@ss']);
    assert.deepEqual(findUrlPasswords('redis://:tok3n@cache:6379'), ['tok3n']);
    assert.deepEqual(findUrlPasswords('postgresql://app@db/app'), []);
    assert.deepEqual(findUrlPasswords('postgresql://u:${DB_PASSWORD}@db/app'), []);
  });
});

describe('env gatherer', () => {
  it('separates deployed files, templates and files of other environments', async () => {
    const { envFiles } = await gatherEnv(join(projects, 'env-weak'));

    assert.deepEqual(
      envFiles.deployment.map((file) => file.path),
      ['backend/.env'],
    );
    assert.deepEqual(
      envFiles.templates.map((file) => file.path),
      ['backend/.env.example', 'frontend/.env.example'],
    );
    assert.deepEqual(envFiles.otherEnvironments, ['tests/.env']);
    assert.deepEqual(envFiles.configured, { files: false, examples: false });
  });

  it('indexes keys with their lines, across export, quotes and multi-line values', async () => {
    const { envFiles } = await gatherEnv(join(projects, 'env-weak'));
    const lines = Object.fromEntries(
      envFiles.deployment[0]!.entries.map((entry) => [entry.key, entry.line]),
    );

    assert.equal(lines.JWT_SECRET, 5);
    assert.equal(lines.SMTP_PASSWORD, 14);
    assert.equal(lines.TLS_BUNDLE, 15);
    assert.equal(lines.SENTRY_DSN, 18);
    assert.equal(lines.NOT_A_KEY, undefined);
  });

  it('registers secret values and URL passwords, not plain settings', async () => {
    const { secrets } = await gatherEnv(join(projects, 'env-weak'));
    const scrubbed = (text: string) => secrets.scrub(text) !== text;

    assert.equal(scrubbed('mysupersecretjwtkey2024forthewholeteam'), true);
    assert.equal(scrubbed('hunter2cache'), true);
    assert.equal(scrubbed('sk_test_fixtureOnly123'), true);
    assert.equal(scrubbed('whsec_fixtureWebhook789'), true);
    assert.equal(scrubbed('development'), false);
  });

  it('honours env.files and env.examples', async () => {
    const project = join(projects, 'env-templates-only');
    const { envFiles } = await gatherEnv(project, {
      files: ['.env.example'],
      examples: ['.env.sample'],
    });

    assert.deepEqual(
      envFiles.deployment.map((file) => [file.path, file.role]),
      [['.env.example', 'deployment']],
    );
    assert.deepEqual(
      envFiles.templates.map((file) => file.path),
      ['.env.sample'],
    );
    assert.deepEqual(envFiles.configured, { files: true, examples: true });
  });

  it('does not list a file named in env.files as a template too', async () => {
    const { envFiles } = await gatherEnv(join(projects, 'env-templates-only'), {
      files: ['.env.example'],
    });

    assert.deepEqual(
      envFiles.templates.map((file) => file.path),
      ['.env.sample'],
    );
  });

  it('finds templates only, and leaves the deployment list empty', async () => {
    const { envFiles } = await gatherEnv(join(projects, 'env-templates-only'));

    assert.equal(envFiles.deployment.length, 0);
    assert.equal(envFiles.templates.length, 2);
    assert.deepEqual(envFiles.otherEnvironments, ['.env.development']);
  });

  it('throws NotGivenError when there is no env file at all', async () => {
    await assert.rejects(gatherEnv(join(projects, 'env-none')), NotGivenError);
  });

  it('fails plainly when a configured file does not exist', async () => {
    const gathering = gatherEnv(join(projects, 'env-none'), { files: ['deploy/.env'] });

    await assert.rejects(gathering, (error: Error) => {
      assert.equal(error instanceof NotGivenError, false);
      assert.match(error.message, /env\.files: deploy\/\.env was not found/);
      return true;
    });
  });
});
