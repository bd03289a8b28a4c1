import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import databaseCredentials from '../../../src/checks/env/database-credentials.js';
import environmentMode from '../../../src/checks/env/environment-mode.js';
import secretKeyStrength from '../../../src/checks/env/secret-key-strength.js';
import secretsCompleteness from '../../../src/checks/env/secrets-completeness.js';
import stripeKeyMode from '../../../src/checks/env/stripe-key-mode.js';
import type { EnvFileSet } from '../../../src/gather/env.js';
import { findUrlPasswords, hasSecretShape } from '../../../src/gather/secret-values.js';
import { envCheckContext, gatherEnv } from '../../support/env-files.js';

const projects = join(import.meta.dirname, '..', '..', 'fixtures', 'projects');
const checks = [
  environmentMode,
  secretKeyStrength,
  databaseCredentials,
  stripeKeyMode,
  secretsCompleteness,
];

/** Every value a report must not show: secrets, URL passwords, and any long value at all. */
function secretValues(envFiles: EnvFileSet): string[] {
  const entries = [...envFiles.deployment, ...envFiles.templates].flatMap((file) => file.entries);
  const values = entries.flatMap((entry) => {
    const secret = entry.secret || hasSecretShape(entry.value) || entry.value.length >= 16;
    return [...findUrlPasswords(entry.value), ...(secret ? [entry.value] : [])];
  });
  return values.filter((value) => value.trim().length >= 6 && !value.startsWith('${'));
}

describe('no secret value leaves the env checks', () => {
  const runs: [string, { files?: string[] }][] = [
    ['env-weak', {}],
    ['env-strong', {}],
    ['env-templates-only', { files: ['.env.example'] }],
  ];

  for (const [project, env] of runs) {
    it(project, async () => {
      const { envFiles } = await gatherEnv(join(projects, project), env);
      const results = checks.map((check) => check.run({ envFiles }, envCheckContext()));
      const json = JSON.stringify(results);
      const values = secretValues(envFiles);

      assert.ok(values.length >= 2, 'the fixture holds secrets to look for');
      for (const value of values)
        assert.equal(json.includes(value), false, `leaked a ${value.length}-character value`);
    });
  }

  it('the runner scrubs what the gatherer registered, as a second line of defence', async () => {
    const { secrets } = await gatherEnv(join(projects, 'env-strong'));
    const leaked = 'SECRET_KEY is e57f1b355be6783a4948011acd2a462e0dad4ba5f430b0e7c10811b2d0c8b151';

    assert.equal(secrets.scrub(leaked), 'SECRET_KEY is [redacted]');
  });
});
