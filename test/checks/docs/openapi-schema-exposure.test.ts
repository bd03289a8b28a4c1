import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import openapiSchemaExposure, {
  judgeApiSchema,
} from '../../../src/checks/docs/openapi-schema-exposure.js';
import { response } from '../../support/exchanges.js';
import { docsProbe, OPENAPI } from './docs-fixtures.js';

const json = (body: string) => response(200, { 'content-type': 'application/json' }, body);

describe('openapi-schema-exposure', () => {
  it('is defined on the docs probe', () => {
    assert.equal(openapiSchemaExposure.id, 'openapi-schema-exposure');
    assert.deepEqual(openapiSchemaExposure.needs, ['docsProbe']);
  });

  it('counts the described paths without quoting the body', () => {
    const secretish = JSON.stringify({
      openapi: '3.0.0',
      info: { title: 'TOPSECRET-TITLE' },
      paths: { '/internal/TOPSECRET-ROUTE': {} },
    });
    const finding = judgeApiSchema(docsProbe({ '/openapi.json': json(secretish) }));
    assert.equal(finding.status, 'fail');
    assert.ok(!JSON.stringify(finding).includes('TOPSECRET'));
    assert.match(finding.message, /describing 1 path\b/);
  });

  it('finds a schema at any probed path, not only schema paths', () => {
    assert.equal(judgeApiSchema(docsProbe({ '/api-docs': json(OPENAPI) })).status, 'fail');
  });
});
