import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Finding } from '../../core/types.js';
import { docsUiName, judgeExposure } from './docs-responses.js';

export function judgeDocsUi(docs: Artifacts['docsProbe']): Finding {
  return judgeExposure(docs, {
    detect: (response) => docsUiName(response.body),
    subject: 'a documentation UI',
  });
}

export default defineCheck({
  id: 'docs-ui-exposure',
  title: 'API documentation UI is not served',
  severity: 'medium',
  needs: ['docsProbe'],
  remediation:
    'Turn the docs off in production: FastAPI(docs_url=None, redoc_url=None, openapi_url=None); ' +
    'in Express, mount swagger-ui-express only when NODE_ENV is not production; in springdoc, ' +
    'springdoc.swagger-ui.enabled=false. Or refuse the paths in nginx: ' +
    'location ~ ^/(docs|redoc|swagger|api-docs) { return 404; }',
  run: ({ docsProbe }) => judgeDocsUi(docsProbe),
});
