import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import docsStatusCode, {
  judgeDocsPath,
  judgeDocsStatusCodes,
} from '../../../src/checks/docs/docs-status-code.js';
import { response } from '../../support/exchanges.js';
import { docsProbe, notFound, OPENAPI } from './docs-fixtures.js';

describe('docs-status-code', () => {
  it('is defined on the docs probe', () => {
    assert.equal(docsStatusCode.id, 'docs-status-code');
    assert.deepEqual(docsStatusCode.needs, ['docsProbe']);
  });

  const codes: Array<[number, string]> = [
    [404, 'pass'],
    [410, 'pass'],
    [401, 'warn'],
    [403, 'warn'],
    [301, 'warn'],
    [308, 'warn'],
    [200, 'fail'],
    [204, 'fail'],
    [500, 'warn'],
    [405, 'warn'],
  ];
  for (const [code, status] of codes) {
    it(`a documentation path answering ${code} is ${status}`, () => {
      const docs = docsProbe({ '/docs': response(code) });
      assert.equal(judgeDocsPath(docs.probes[0]!, docs).status, status);
    });
  }

  it('judges only documentation UI paths', () => {
    const json = response(200, { 'content-type': 'application/json' }, OPENAPI);
    assert.equal(
      judgeDocsStatusCodes(docsProbe({ '/docs': notFound(), '/openapi.json': json })).status,
      'pass',
    );
    assert.equal(judgeDocsStatusCodes(docsProbe({ '/openapi.json': notFound() })).status, 'error');
  });

  it('shows each offending path with its URL', () => {
    const finding = judgeDocsStatusCodes(
      docsProbe({ '/docs': response(200), '/redoc': response(403) }),
    );
    assert.equal(finding.status, 'fail');
    assert.deepEqual(
      finding.evidence?.filter((line) => line.url).map((line) => line.url),
      ['https://api.example.com/docs'],
    );
  });
});
