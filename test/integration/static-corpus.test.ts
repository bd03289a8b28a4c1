import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { scan } from '../../src/scan.js';

// Real files from public projects, read in place (never copied): see ../shared/corpus/SOURCES.md.
const CORPUS = resolve('..', 'shared', 'corpus');
const skip = existsSync(CORPUS) ? false : 'the shared corpus is not present';

function checksOf(report: Report) {
  return report.items.flatMap((item) => item.checks.map((check) => ({ item: item.id, ...check })));
}

describe('static audit over the shared corpus', { skip }, () => {
  it('finishes over the whole corpus without a check crashing', async () => {
    const report = await scan({ project: CORPUS });
    const crashed = checksOf(report).filter((check) =>
      check.message.startsWith('The check failed to run'),
    );
    assert.deepEqual(crashed, []);
    const sourceChecks = checksOf(report).filter((check) =>
      [
        'raw-sql-strings',
        'database-tls-settings',
        'database-role-name',
        'log-rotation-config',
        'migration-files',
      ].includes(check.id),
    );
    assert.deepEqual(
      sourceChecks.filter((check) => check.status === 'error'),
      [],
    );
  });

  it('reports the default secret and password of full-stack-fastapi-template/.env', async () => {
    const report = await scan({ project: join(CORPUS, 'full-stack-fastapi-template') });
    const status = (id: string) => report.items.find((item) => item.id === id)?.status;
    assert.equal(status('env.secret-key'), 'fail');
    assert.equal(status('env.db-credentials'), 'fail');
    const role = checksOf(report).find((check) => check.id === 'database-role-name');
    assert.equal(role?.status, 'fail');
    assert.deepEqual(role?.evidence[0]?.location, { file: '.env', line: 18 });
    assert.ok(!JSON.stringify(report).includes('changethis'));
  });
});
