// biome-ignore-all lint/suspicious/noTemplateCurlyInString: env files write references as ${NAME}
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../src/checks/env/environment-mode.js';
import { runOn } from '../../support/env-files.js';

describe('environment-mode', () => {
  const cases: [string, string, string][] = [
    ['ENVIRONMENT=production', 'ENVIRONMENT=production\n', 'pass'],
    ['prod with debug off', 'APP_ENV=prod\nDEBUG=false\n', 'pass'],
    [
      'NODE_ENV and ENVIRONMENT both production',
      'NODE_ENV=production\nENVIRONMENT=production\n',
      'pass',
    ],
    ['quoted production', 'ENVIRONMENT="production"\n', 'pass'],
    ['development', 'ENVIRONMENT=development\n', 'fail'],
    ['dev', 'NODE_ENV=dev\n', 'fail'],
    ['local', 'APP_ENV=local\n', 'fail'],
    ['staging', 'RAILS_ENV=staging\n', 'fail'],
    ['test', 'FLASK_ENV=test\n', 'fail'],
    ['empty', 'ENVIRONMENT=\n', 'fail'],
    ['absent', 'PORT=8000\n', 'fail'],
    ['debug on', 'ENVIRONMENT=production\nDEBUG=true\n', 'fail'],
    ['debug 1', 'ENVIRONMENT=production\nFLASK_DEBUG=1\n', 'fail'],
    ['debug yes', 'ENVIRONMENT=production\nAPP_DEBUG=yes\n', 'fail'],
    ['one file of two is development', 'ENVIRONMENT=production\nNODE_ENV=development\n', 'fail'],
    ['unrecognised value', 'ENVIRONMENT=blue-green-7\n', 'warn'],
    ['debug namespaces', 'ENVIRONMENT=production\nDEBUG=express:*\n', 'warn'],
    ['reference to an unset variable', 'ENVIRONMENT=${DEPLOY_TARGET}\n', 'manual'],
    ['reference to a set variable', 'TARGET=production\nENVIRONMENT=${TARGET}\n', 'pass'],
  ];

  for (const [name, text, status] of cases) {
    it(`${name}: ${status}`, () => assert.equal(runOn(check, { '.env': text }).status, status));
  }

  it('marks the sound line as a pass and the other file`s line as the problem', () => {
    const finding = runOn(check, {
      '.env': 'PORT=8000\nENVIRONMENT="production"\n',
      '.env.production': 'ENVIRONMENT=staging\n',
    });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.location, { file: '.env.production', line: 1 });
    assert.deepEqual(
      finding.evidence?.map((evidence) => [evidence.location, evidence.status]),
      [
        [{ file: '.env', line: 2 }, 'pass'],
        [{ file: '.env.production', line: 1 }, 'fail'],
      ],
    );
  });

  it('names the mode from its own vocabulary, never the raw value', () => {
    const unknown = runOn(check, { '.env': 'ENVIRONMENT=qwzx-internal-9\n' });

    assert.equal(JSON.stringify(unknown).includes('qwzx-internal-9'), false);
    assert.match(unknown.message, /15 characters/);
  });

  it('points at the file and line', () => {
    const finding = runOn(check, { 'backend/.env': '# c\nENVIRONMENT=development\n' });

    assert.deepEqual(finding.location, { file: 'backend/.env', line: 2 });
  });

  it('skips with the templates it found when no deployed file exists', () => {
    const finding = runOn(check, { '.env.example': 'ENVIRONMENT=production\n' });

    assert.equal(finding.status, 'skip');
    assert.match(finding.message, /\.env\.example/);
    assert.match(finding.message, /env\.files/);
  });
});
