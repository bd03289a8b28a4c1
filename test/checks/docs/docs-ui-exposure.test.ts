import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import docsUiExposure, { judgeDocsUi } from '../../../src/checks/docs/docs-ui-exposure.js';
import { docsProbe, html, notFound, REDOC_PAGE, SWAGGER_PAGE } from './docs-fixtures.js';

describe('docs-ui-exposure', () => {
  it('is defined on the docs probe', () => {
    assert.equal(docsUiExposure.id, 'docs-ui-exposure');
    assert.deepEqual(docsUiExposure.needs, ['docsProbe']);
  });

  it('names each exposed path with its URL', () => {
    const docs = docsProbe({ '/docs': html(SWAGGER_PAGE), '/redoc': html(REDOC_PAGE) });
    const finding = judgeDocsUi(docs);
    const urls = finding.evidence?.filter((line) => line.url).map((line) => line.url);
    assert.deepEqual(urls, ['https://api.example.com/docs', 'https://api.example.com/redoc']);
  });

  it('does not count a docs page served with an error status', () => {
    const docs = docsProbe({ '/docs': html(SWAGGER_PAGE, 500), '/redoc': notFound() });
    assert.equal(judgeDocsUi(docs).status, 'pass');
  });
});
