import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import {
  docsUiName,
  isCatchAll,
  isSuccess,
  summariseOutcomes,
  unanswered,
} from './docs-responses.js';

export function judgeDocsUi(docs: Artifacts['docsProbe']): Finding {
  const { probes } = docs;
  const exposed: Evidence[] = [];
  for (const probe of probes) {
    const response = probe.exchange.response;
    const ui = isSuccess(response) ? docsUiName(response.body) : undefined;
    if (response && ui) {
      exposed.push({
        message: `${probe.path} answers ${response.status} with ${ui}`,
        url: probe.exchange.request.url,
      });
    }
  }
  const outcomes = summariseOutcomes(probes, docs);

  if (exposed.length > 0) {
    const names = exposed.length === 1 ? '1 path' : `${exposed.length} paths`;
    return {
      status: 'fail',
      message: `A documentation UI is served at ${names}, first ${exposed[0]!.message}; expected none.`,
      evidence: [...exposed, ...outcomes],
    };
  }

  const missing = unanswered(probes);
  if (missing.length > 0) {
    return {
      status: 'error',
      message: `${missing.length} of ${probes.length} documentation paths got no response, so docs cannot be ruled out.`,
      evidence: outcomes,
    };
  }
  if (isCatchAll(docs, probes)) {
    return {
      status: 'warn',
      message:
        `Every one of ${probes.length} documentation paths answers the same page as a path that ` +
        'cannot exist (a catch-all), so whether docs are served cannot be told.',
      evidence: outcomes,
    };
  }
  return {
    status: 'pass',
    message: `None of ${probes.length} documentation paths serves a documentation UI.`,
    evidence: outcomes,
  };
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
