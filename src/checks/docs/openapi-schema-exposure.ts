import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import {
  type ApiDocument,
  apiDocument,
  isCatchAll,
  isSuccess,
  summariseOutcomes,
  unanswered,
} from './docs-responses.js';

function describeDocument(document: ApiDocument): string {
  const paths = document.paths === undefined ? '' : ` describing ${document.paths} paths`;
  return `an ${document.kind} document${paths}`;
}

export function judgeApiSchema(docs: Artifacts['docsProbe']): Finding {
  const { probes } = docs;
  const exposed: Evidence[] = [];
  for (const probe of probes) {
    const response = probe.exchange.response;
    const document = isSuccess(response) ? apiDocument(response) : undefined;
    if (response && document) {
      const message = `${probe.path} answers ${response.status} with ${describeDocument(document)}`;
      exposed.push({ message, url: probe.exchange.request.url });
    }
  }
  const outcomes = summariseOutcomes(probes, docs);

  if (exposed.length > 0) {
    return {
      status: 'fail',
      message: `The API schema is served: ${exposed[0]!.message}; expected no schema on any path.`,
      evidence: [...exposed, ...outcomes],
    };
  }

  const missing = unanswered(probes);
  if (missing.length > 0) {
    return {
      status: 'error',
      message: `${missing.length} of ${probes.length} documentation paths got no response, so the schema cannot be ruled out.`,
      evidence: outcomes,
    };
  }
  if (isCatchAll(docs, probes)) {
    return {
      status: 'warn',
      message:
        `Every one of ${probes.length} documentation paths answers the same page as a path that ` +
        'cannot exist (a catch-all), so whether the schema is served cannot be told.',
      evidence: outcomes,
    };
  }
  return {
    status: 'pass',
    message: `None of ${probes.length} documentation paths serves an OpenAPI or Swagger document.`,
    evidence: outcomes,
  };
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
