import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import type { Report } from '../../src/core/types.js';
import { DEMO_PROJECT } from '../../src/demo/run.js';
import { startDemoDeployment } from '../../src/demo/server.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scan } from '../../src/scan.js';
import { checkResult, sampleReport } from '../support/reports.js';
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

    const sql = results.filter((result) => result.ruleId === 'raw-sql-strings');
    assert.match(
      sql[0]!.message.text!,
      /^SQL is never built from strings: backend\/app\/api\/users\.py:2: /,
    );
    assert.doesNotMatch(sql[0]!.message.text!, /my file/);
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

  it('places results only where a problem is, each with its own evidence message', async () => {
    const stripe = (prefix: string, mode: string) =>
      [prefix, mode, 'Fx7kQ2mZp9LwR4tY8vB3nC6d'].join('_');
    const project = writeTree({
      '.env': `PORT=8000\nENVIRONMENT="production"\nSTRIPE_SECRET_KEY=${stripe('sk', 'live')}\nA=1\nB=2\nC=3\n`,
      '.env.production': `ENVIRONMENT=staging\nSTRIPE_PUBLISHABLE_KEY=${stripe('pk', 'test')}\n`,
      '.env.example': 'PORT=\nENVIRONMENT=\nSTRIPE_SECRET_KEY=\nA=\nB=\nC=\nD=\nE=\n',
    });
    const report = await scan({ project });
    const text = renderSarif(report);
    const validate = validator();
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 3)));

    const run = (JSON.parse(text) as Sarif.Log).runs[0]!;
    const results = run.results ?? [];
    const at = (result: Sarif.Result) => {
      const location = result.locations?.[0]?.physicalLocation;
      return `${location?.artifactLocation?.uri}:${location?.region?.startLine}`;
    };
    const of = (ruleId: string) => results.filter((result) => result.ruleId === ruleId);

    assert.deepEqual(of('environment-mode').map(at), ['.env.production:1']);
    assert.equal(
      of('environment-mode')[0]!.message.text,
      'Environment is set to production: ENVIRONMENT at .env.production:1 is staging; expected production.',
    );
    assert.deepEqual(of('secrets-completeness').map(at), ['.env.example:7', '.env.example:8']);
    assert.match(
      of('secrets-completeness')[1]!.message.text!,
      /: E \(listed in \.env\.example:8\)/,
    );
    assert.doesNotMatch(of('secrets-completeness')[1]!.message.text!, /\bD\b|of 8 keys/);
    assert.deepEqual(of('stripe-key-mode').map(at), ['.env.production:2']);
    assert.ok(!results.some((result) => at(result) === '.env:2' || at(result) === '.env:3'));

    const rules = run.tool.driver.rules ?? [];
    for (const result of results) {
      const title = rules[result.ruleIndex!]!.shortDescription!.text;
      assert.ok(result.message.text!.startsWith(`${title}: `), result.message.text);
    }
  });

  it('keeps reports without marked evidence to the places their checks name', () => {
    const base = sampleReport();
    const item = base.items.find((entry) => entry.status === 'fail')!;
    const report: Report = {
      ...base,
      items: [
        {
          ...item,
          checks: [
            checkResult('nginx-hsts', 'fail', {
              message: 'no HSTS at site.conf:9',
              location: { file: 'site.conf', line: 9 },
              evidence: [
                { message: 'server a: max-age=63072000', location: { file: 'site.conf', line: 2 } },
                { message: 'server b: no HSTS', location: { file: 'site.conf', line: 9 } },
              ],
            }),
            checkResult('debug-tracebacks', 'warn', {
              evidence: [
                { message: 'app.py:3: debug=True', location: { file: 'app.py', line: 3 } },
                { message: 'web.py:5: DEBUG = True', location: { file: 'web.py', line: 5 } },
              ],
            }),
            checkResult('sql-injection-payloads', 'fail', { evidence: [{ message: 'sent 10' }] }),
            checkResult('hsts-policy', 'pass'),
          ],
        },
      ],
    };
    const results = (JSON.parse(renderSarif(report)) as Sarif.Log).runs[0]!.results ?? [];
    const shown = results.map((result) => [
      result.ruleId,
      result.level,
      result.locations?.[0]?.physicalLocation?.region?.startLine ?? null,
      result.message.text,
    ]);
    assert.deepEqual(shown, [
      ['nginx-hsts', 'error', 9, 'Check nginx-hsts: no HSTS at site.conf:9'],
      ['debug-tracebacks', 'warning', 3, 'Check debug-tracebacks: app.py:3: debug=True'],
      ['debug-tracebacks', 'warning', 5, 'Check debug-tracebacks: web.py:5: DEBUG = True'],
      [
        'sql-injection-payloads',
        'error',
        null,
        'Check sql-injection-payloads: sql-injection-payloads is fail',
      ],
    ]);
  });

  it('gives every result of a live scan a location, anchoring deployment findings at the configuration read', async () => {
    const deployment = await startDemoDeployment();
    let report: Report;
    try {
      // The demo project, with the configuration in a folder of its own: not the default name.
      const project = writeTree({});
      cpSync(DEMO_PROJECT, project, { recursive: true });
      const outside = writeTree({ 'demo-ca.pem': deployment.caPem });
      const ports = [deployment.url, deployment.httpUrl].map((url) => new URL(url).port);
      const config = join(project, 'ci', 'shipshape.yaml');
      mkdirSync(join(project, 'ci'));
      writeFileSync(
        config,
        [
          'target:',
          `  url: ${deployment.url}`,
          `  httpUrl: ${deployment.httpUrl}`,
          'probes:',
          '  health: /api/v1/health',
          `  ports: [${ports.join(', ')}]`,
          '',
        ].join('\n'),
      );
      report = await scan({ project, config, ca: join(outside, 'demo-ca.pem') });
      assert.equal(report.target.config, config);
    } finally {
      await deployment.close();
    }

    const text = renderSarif(report);
    const validate = validator();
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = (JSON.parse(text) as Sarif.Log).runs[0]!.results ?? [];
    assert.ok(results.length > 20, String(results.length));
    for (const result of results) {
      assert.ok((result.locations?.length ?? 0) >= 1, `${result.ruleId} has no location`);
      for (const location of result.locations!) {
        const uri = location.physicalLocation?.artifactLocation?.uri;
        assert.ok(typeof uri === 'string' && uri !== '', `${result.ruleId}: no artifact URI`);
      }
    }

    const of = (ruleId: string) => results.find((result) => result.ruleId === ruleId);
    // A live finding is anchored at the configuration the scan read, and says what it is about.
    for (const live of ['docs-ui-exposure', 'error-leakage', 'https-redirect', 'hsts-policy']) {
      const location = of(live)?.locations?.[0];
      assert.equal(location?.physicalLocation?.artifactLocation?.uri, 'ci/shipshape.yaml', live);
      assert.equal(location?.physicalLocation?.artifactLocation?.uriBaseId, 'PROJECTROOT');
      assert.equal(location?.physicalLocation?.region, undefined);
      assert.equal(
        location?.message?.text,
        `This finding concerns the live deployment at ${deployment.url}, not a line of this file.`,
      );
    }
    // A finding about the project as a whole (nothing found anywhere) is anchored there too.
    const whole = of('statement-timeout-settings')?.locations?.[0];
    assert.equal(whole?.physicalLocation?.artifactLocation?.uri, 'ci/shipshape.yaml');
    assert.match(whole?.message?.text ?? '', /the project as a whole/);
    // A static finding keeps its own place.
    assert.equal(
      of('nginx-rate-limit-burst')?.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
      'nginx.conf',
    );
  });

  it('places a finding without a place at the file its message names, else at shipshape.yaml', () => {
    const base = sampleReport();
    const item = base.items.find((entry) => entry.status === 'fail')!;
    const report: Report = {
      ...base,
      items: [
        {
          ...item,
          checks: [
            checkResult('nginx-syntax', 'warn', {
              message:
                'The parser read 2 nginx files, but nginx -t stopped (deploy/nginx/nginx.conf stopped at cannot load certificate "/etc/letsencrypt/live/x/fullchain.pem").',
              evidence: [{ message: 'nginx -t on deploy/nginx/nginx.conf stopped' }],
            }),
            checkResult('docs-ui-exposure', 'fail', {
              message: '/docs answers 200 with Swagger UI; expected none.',
              evidence: [{ message: '/docs -> 200', url: 'https://app.example.test/docs' }],
            }),
            checkResult('audit-log-handler', 'fail', {
              message: 'No security or audit logger was found in the code.',
              evidence: [],
            }),
            checkResult('docs-settings', 'fail', {
              message: 'Docs are on.',
              evidence: [
                { message: 'fine', location: { file: 'app/a.py', line: 1 }, status: 'pass' },
                { message: 'docs_url set', status: 'fail' },
              ],
            }),
          ],
        },
      ],
    };
    const validate = validator();
    const log = JSON.parse(renderSarif(report)) as Sarif.Log;
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const shown = (log.runs[0]!.results ?? []).map((result) => {
      const location = result.locations![0]!;
      return [
        result.ruleId,
        location.physicalLocation?.artifactLocation?.uri,
        location.physicalLocation?.region?.startLine ?? null,
        location.message?.text ?? null,
      ];
    });
    assert.deepEqual(shown, [
      ['nginx-syntax', 'deploy/nginx/nginx.conf', null, null],
      [
        'docs-ui-exposure',
        'shipshape.yaml',
        null,
        'This finding concerns the live deployment at https://app.example.test/, not a line of this file.',
      ],
      [
        'audit-log-handler',
        'shipshape.yaml',
        null,
        'This finding concerns the project as a whole, not a line of this file.',
      ],
      [
        'docs-settings',
        'shipshape.yaml',
        null,
        'This finding concerns the project as a whole, not a line of this file.',
      ],
    ]);
  });
});
