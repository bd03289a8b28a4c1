import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { DocsSetting, FastApiDocs, SourceFacts } from '../../gather/source.js';
import { capped, evidenceAt, noSourceFinding, where } from '../source-places.js';

type Verdict = 'served' | 'off' | 'unknown';

const SETTING_WORDS: Record<DocsSetting, string> = {
  default: 'left to its default (served)',
  none: 'None',
  'production-only': 'None in production',
  path: 'set to a path (served)',
  unknown: 'set to a value shipshape cannot read',
};

/** FastAPI serves /docs and /redoc from the OpenAPI schema: without it, neither is served. */
export function fastApiVerdict(app: FastApiDocs): Verdict {
  const off = (setting: DocsSetting) => setting === 'none' || setting === 'production-only';
  if (off(app.openapiUrl)) return 'off';
  const settings = [app.docsUrl, app.redocUrl, app.openapiUrl];
  if (app.spread && settings.includes('default')) return 'unknown';
  if (settings.some((setting) => setting === 'default' || setting === 'path')) return 'served';
  return 'unknown';
}

function describeApp(app: FastApiDocs): string {
  const parts = [
    `docs_url ${SETTING_WORDS[app.docsUrl]}`,
    `redoc_url ${SETTING_WORDS[app.redocUrl]}`,
    `openapi_url ${SETTING_WORDS[app.openapiUrl]}`,
  ];
  return `${where(app)}: FastAPI(${parts.join(', ')}${app.spread ? ', plus **keywords' : ''})`;
}

export function judgeDocsSettings(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  const verdicts = source.fastApiDocs.map((app) => ({ app, verdict: fastApiVerdict(app) }));
  const evidence: Evidence[] = [
    ...verdicts.map(({ app }) => evidenceAt(describeApp(app), app)),
    ...source.docsMounts.map((mount) =>
      evidenceAt(
        `${where(mount)}: ${mount.what}${mount.conditional ? ' (only outside production)' : ' (always mounted)'}`,
        mount,
      ),
    ),
  ];
  const served = verdicts.filter(({ verdict }) => verdict === 'served').length;
  const mounted = source.docsMounts.filter((mount) => !mount.conditional).length;
  if (served + mounted > 0) {
    return {
      status: 'fail',
      message: 'The API documentation is served in every environment, production included.',
      evidence: capped(evidence),
    };
  }
  if (verdicts.some(({ verdict }) => verdict === 'unknown')) {
    return {
      status: 'manual',
      message: 'The FastAPI docs settings come from values shipshape cannot read.',
      evidence: capped(evidence),
    };
  }
  if (evidence.length > 0) {
    return {
      status: 'pass',
      message: 'The API documentation is turned off in production.',
      evidence: capped(evidence),
    };
  }
  if (source.apps.length > 0) {
    return {
      status: 'pass',
      message: 'No documentation route (Swagger UI, ReDoc, OpenAPI) is mounted in the code.',
      evidence: source.apps.map((app) =>
        evidenceAt(`${where(app)}: ${app.framework} application`, app),
      ),
    };
  }
  return {
    status: 'manual',
    message: 'No web application was found in the code to read its documentation settings.',
  };
}

export default defineCheck({
  id: 'docs-settings',
  title: 'API documentation is off in production in the code',
  severity: 'medium',
  needs: ['sourceFacts'],
  remediation:
    'Pass `openapi_url=None` to FastAPI() in production (for example ' +
    '`openapi_url="/openapi.json" if settings.ENVIRONMENT != "production" else None`), which ' +
    'also turns off /docs and /redoc; mount swagger-ui-express, @fastify/swagger-ui or ' +
    "SwaggerModule.setup() only inside `if (process.env.NODE_ENV !== 'production')`.",
  run: ({ sourceFacts }) => judgeDocsSettings(sourceFacts),
});
