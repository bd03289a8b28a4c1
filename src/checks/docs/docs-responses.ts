import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import type { HttpResponse } from '../../gather/http.js';
import { LIMITED_STATUSES } from '../rate-limited.js';

type DocsProbe = Artifacts['docsProbe'];
export type DocsPathProbe = DocsProbe['probes'][number];

export function isSuccess(response: HttpResponse | undefined): response is HttpResponse {
  return response !== undefined && response.status >= 200 && response.status < 300;
}

// Script, stylesheet and element names each documentation UI puts in the page it serves.
const SWAGGER_UI =
  /swagger-ui(-bundle|-standalone-preset)?(\.min)?\.(js|css)|SwaggerUIBundle\s*\(|id=["']swagger-ui["']/i;
const UI_MARKERS: ReadonlyArray<[name: string, pattern: RegExp]> = [
  ['Swagger UI', SWAGGER_UI],
  // FastAPI's /docs/oauth2-redirect page names no asset, only this callback.
  ['Swagger UI', /swaggerUIRedirectOauth2/],
  ['ReDoc', /<redoc[\s>]|redoc\.standalone\.js|Redoc\.init\s*\(/i],
  ['RapiDoc', /<rapi-doc[\s>]|rapidoc-min\.js/i],
  ['Scalar', /@scalar\/api-reference|Scalar\.createApiReference|id=["']api-reference["']/i],
  ['Stoplight Elements', /<elements-api[\s>]|@stoplight\/elements/i],
];

/** The documentation UI a page is, by its markers; undefined for any other page. */
export function docsUiName(body: string): string | undefined {
  return UI_MARKERS.find(([, pattern]) => pattern.test(body))?.[0];
}

export interface ApiDocument {
  kind: 'OpenAPI' | 'Swagger';
  /** How many paths it describes; undefined when the body was cut or is YAML. */
  paths?: number;
}

function fromParsedJson(value: unknown): ApiDocument | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const document = value as Record<string, unknown>;
  const kind =
    typeof document.openapi === 'string'
      ? 'OpenAPI'
      : typeof document.swagger === 'string'
        ? 'Swagger'
        : undefined;
  if (kind === undefined) return undefined;
  const paths = document.paths;
  const hasPaths = typeof paths === 'object' && paths !== null;
  const hasInfo = typeof document.info === 'object' && document.info !== null;
  if (!hasPaths && !hasInfo) return undefined;
  return { kind, ...(hasPaths ? { paths: Object.keys(paths).length } : {}) };
}

// A document cut at the body cap, or written in YAML, is recognised by its top-level fields.
const JSON_VERSION = /"(openapi|swagger)"\s*:\s*"[23]\./;
const JSON_SECTION = /"(paths|info)"\s*:\s*\{/;
const YAML_VERSION = /^(openapi|swagger)\s*:\s*['"]?[23]\./m;
const YAML_SECTION = /^(paths|info)\s*:/m;

/** What OpenAPI or Swagger document a body is; undefined for anything else. */
export function apiDocument(response: HttpResponse): ApiDocument | undefined {
  const body = response.body.trim();
  if (body.startsWith('{')) {
    try {
      return fromParsedJson(JSON.parse(body));
    } catch {
      const kind = JSON_VERSION.exec(body)?.[1];
      if (!response.truncated || !kind || !JSON_SECTION.test(body)) return undefined;
      return { kind: kind === 'openapi' ? 'OpenAPI' : 'Swagger' };
    }
  }
  const kind = YAML_VERSION.exec(body)?.[1];
  if (!kind || !YAML_SECTION.test(body)) return undefined;
  return { kind: kind === 'openapi' ? 'OpenAPI' : 'Swagger' };
}

function mediaType(response: HttpResponse): string {
  return (response.headers['content-type']?.[0] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Whether two answers are the same page: same status and media type, and bodies equal once the
 * requested paths are masked, or within a few bytes (a time or request id in the page).
 */
export function sameAnswer(
  a: HttpResponse,
  aPath: string,
  b: HttpResponse,
  bPath: string,
): boolean {
  if (a.status !== b.status || mediaType(a) !== mediaType(b)) return false;
  const aBody = a.body.replaceAll(aPath, '\u0000');
  const bBody = b.body.replaceAll(bPath, '\u0000');
  if (aBody === bBody) return true;
  const tolerance = Math.max(16, Math.ceil(Math.max(aBody.length, bBody.length) * 0.02));
  return Math.abs(aBody.length - bBody.length) <= tolerance;
}

/** Whether a path answered 2xx with the same page as a path that cannot exist. */
export function isMaskedByCatchAll(probe: DocsPathProbe, docs: DocsProbe): boolean {
  const canary = docs.canaries.find((candidate) => candidate.prefix === probe.prefix);
  const answer = probe.exchange.response;
  const canaryAnswer = canary?.exchange.response;
  if (!canary || !isSuccess(canaryAnswer) || answer === undefined) return false;
  return sameAnswer(answer, probe.path, canaryAnswer, canary.path);
}

/** Every path answered the catch-all page: what they serve says nothing about docs. */
export function isCatchAll(docs: DocsProbe, probes: readonly DocsPathProbe[]): boolean {
  return probes.length > 0 && probes.every((probe) => isMaskedByCatchAll(probe, docs));
}

/** Paths whose answer shows nothing: none came, or a rate limit answered instead. */
export function unanswered(probes: readonly DocsPathProbe[]): DocsPathProbe[] {
  return probes.filter((probe) => {
    const response = probe.exchange.response;
    return response === undefined || LIMITED_STATUSES.has(response.status);
  });
}

const EXAMPLES = 4;

/** One evidence line per distinct outcome, with a few example paths, not one per path. */
export function summariseOutcomes(probes: readonly DocsPathProbe[], docs: DocsProbe): Evidence[] {
  const groups = new Map<string, DocsPathProbe[]>();
  for (const probe of probes) {
    const { response, error } = probe.exchange;
    const masked = isMaskedByCatchAll(probe, docs) ? ' (the catch-all page)' : '';
    const key = response
      ? `${response.status}${masked}`
      : `no response: ${error ?? 'unknown error'}`;
    groups.set(key, [...(groups.get(key) ?? []), probe]);
  }
  return [...groups].map(([outcome, members]) => {
    const shown = members
      .slice(0, EXAMPLES)
      .map((probe) => probe.path)
      .join(', ');
    const more = members.length > EXAMPLES ? ` and ${members.length - EXAMPLES} more` : '';
    const count = members.length === 1 ? '1 path' : `${members.length} paths`;
    return { message: `${outcome}: ${count} (${shown}${more})` };
  });
}

/** How one check words its verdicts on the docs probe. */
export interface ExposureWording {
  /** What a 2xx answer exposes, e.g. "Swagger UI"; undefined when it exposes nothing. */
  detect(response: HttpResponse): string | undefined;
  /** "a documentation UI", "the API schema". */
  subject: string;
}

function exposedAnswers(docs: DocsProbe, wording: ExposureWording): Evidence[] {
  const exposed: Evidence[] = [];
  for (const probe of docs.probes) {
    const response = probe.exchange.response;
    const found = isSuccess(response) ? wording.detect(response) : undefined;
    if (response && found) {
      const message = `${probe.path} answers ${response.status} with ${found}`;
      exposed.push({ message, url: probe.exchange.request.url });
    }
  }
  return exposed;
}

/**
 * The verdict shared by the docs UI and schema checks: fail on what was found; otherwise an
 * error when a path went unanswered, a warning behind a catch-all, and a pass only when every
 * path was seen and none exposed anything.
 */
export function judgeExposure(docs: DocsProbe, wording: ExposureWording): Finding {
  const { probes } = docs;
  const exposed = exposedAnswers(docs, wording);
  const evidence = [...exposed, ...summariseOutcomes(probes, docs)];
  const paths = `${probes.length} documentation paths`;

  if (exposed.length > 0) {
    const more = exposed.length > 1 ? ` (and ${exposed.length - 1} more)` : '';
    const message = `${capitalise(wording.subject)} is served: ${exposed[0]!.message}${more}; expected none.`;
    return { status: 'fail', message, evidence };
  }
  const missing = unanswered(probes).length;
  if (missing > 0) {
    const message = `${missing} of ${paths} got no response or only a rate limit's 429 or 503, so ${wording.subject} cannot be ruled out.`;
    return { status: 'error', message, evidence };
  }
  if (isCatchAll(docs, probes)) {
    const message =
      `Every one of ${paths} answers the same page as a path that cannot exist (a catch-all), ` +
      `so whether ${wording.subject} is served cannot be told.`;
    return { status: 'warn', message, evidence };
  }
  return { status: 'pass', message: `None of ${paths} serves ${wording.subject}.`, evidence };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
