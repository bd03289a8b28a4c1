import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, describe, it } from 'node:test';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { renderSarif } from '../../src/report/sarif.js';
import { scan } from '../../src/scan.js';
import { removeTrees, writeTree } from '../support/source-tree.js';

after(removeTrees);

// Both packages are CommonJS: their classes are on `default` of what ESM imports.
const Ajv = ajvDraft04.default;
const addFormats = ajvFormats.default;
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  // The published schema has a pattern (for `language`) that only parses without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}

const TREE = {
  'backend/app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI(debug=True)\n',
  'backend/app/api/users.py':
    'def find(db, name):\n    return db.execute(text(f"SELECT * FROM users WHERE name = \'{name}\'"))\n',
  'backend/.env':
    'ENVIRONMENT=production\nDATABASE_URL=postgresql://postgres:Zq8vLm2pWx@db.internal/app\n',
  'web/src/my file.ts':
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is source under test
    'export const f = (pool, id) => pool.query(`SELECT * FROM t WHERE id = ${id}`);\n',
};

describe('SARIF report', () => {
  it('is valid SARIF 2.1.0 and carries every static finding with its file, line and rule', async () => {
    const report = await scan({ project: writeTree(TREE) });
    const text = renderSarif(report);
    const validate = validator();
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 3)));

    const log = JSON.parse(text) as Sarif.Log;
    const run = log.runs[0]!;
    const results = run.results ?? [];
    const places = (ruleId: string) =>
      results
        .filter((result) => result.ruleId === ruleId)
        .map((result) => {
          const location = result.locations?.[0]?.physicalLocation;
          return `${location?.artifactLocation?.uri}:${location?.region?.startLine}`;
        });
    assert.deepEqual(places('raw-sql-strings'), [
      'backend/app/api/users.py:2',
      'web/src/my%20file.ts:1',
    ]);
    assert.deepEqual(places('debug-tracebacks'), ['backend/app/main.py:3']);
    assert.deepEqual(places('database-role-name'), ['backend/.env:2']);

    const staticFindings = new Set(
      report.items
        .flatMap((item) => item.checks)
        .filter((check) => check.status === 'fail' || check.status === 'warn')
        .flatMap((check) =>
          check.evidence
            .filter((evidence) => evidence.location?.line !== undefined)
            .map((evidence) => `${check.id} ${evidence.message}`),
        ),
    );
    assert.equal(
      results.filter((result) => result.locations?.[0]?.physicalLocation?.region).length,
      staticFindings.size,
    );
    const role = results.find((result) => result.ruleId === 'database-role-name');
    assert.deepEqual(role?.properties?.items, ['sql.least-privilege', 'db.least-privilege']);

    const rules = run.tool.driver.rules ?? [];
    for (const result of results) assert.equal(rules[result.ruleIndex!]?.id, result.ruleId);
    assert.ok(run.originalUriBaseIds?.PROJECTROOT?.uri?.endsWith('/'));
    assert.ok(!text.includes('Zq8vLm2pWx'));
  });

  it('is valid for a report with nothing failing', async () => {
    const report = await scan({ project: writeTree({ 'README.md': '# empty\n' }) });
    const validate = validator();
    assert.ok(
      validate(JSON.parse(renderSarif(report))),
      JSON.stringify(validate.errors?.slice(0, 3)),
    );
  });
});
