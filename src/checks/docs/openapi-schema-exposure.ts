import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Finding } from '../../core/types.js';
import { type ApiDocument, apiDocument, judgeExposure } from './docs-responses.js';

function describeDocument(document: ApiDocument): string {
  const count = document.paths;
  const paths = count === undefined ? '' : ` describing ${count} path${count === 1 ? '' : 's'}`;
  return `an ${document.kind} document${paths}`;
}

export function judgeApiSchema(docs: Artifacts['docsProbe']): Finding {
  return judgeExposure(docs, {
    detect: (response) => {
      const document = apiDocument(response);
      return document && describeDocument(document);
    },
    subject: 'an OpenAPI or Swagger document',
  });
}

export default defineCheck({
  id: 'openapi-schema-exposure',
  title: 'OpenAPI schema is not served',
  severity: 'medium',
  needs: ['docsProbe'],
  remediation:
    'Stop serving the schema in production: FastAPI(openapi_url=None) (this also turns off /docs ' +
    'and /redoc); in springdoc, springdoc.api-docs.enabled=false; in Express, do not mount the ' +
    'route that returns the spec. Or in nginx: location ~ ^/(openapi\\.json|swagger\\.json|v[23]/api-docs) { return 404; }',
  run: ({ docsProbe }) => judgeApiSchema(docsProbe),
});
