import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { HttpResponse } from '../../gather/http.js';
import { headerValues, judgePages, type PageJudgement, quoteHeader } from './page-findings.js';
import {
  type CspPolicy,
  effectiveSources,
  isNonceOrHash,
  isWildcardSource,
  normaliseSource,
  parseCspHeaders,
} from './parse-csp.js';

type Verdict = PageJudgement['status'];

interface Problem {
  status: Verdict;
  message: string;
}

/** Sources that let an attacker load script from a host or URL of their choosing. */
function isPermissiveScriptSource(source: string): boolean {
  return (
    ['*', 'http:', 'https:', 'data:'].includes(source) ||
    /^[a-z][a-z0-9+.-]*:\/\/\*\/?$/i.test(source)
  );
}

/** The problems of one policy's script sources; undefined when it does not restrict scripts. */
export function reviewScriptSources(policy: CspPolicy): Problem[] | undefined {
  const raw = effectiveSources(policy, 'script-src');
  if (raw === undefined) return undefined;
  const directive = policy.directives.has('script-src') ? 'script-src' : 'default-src';
  const sources = raw.map(normaliseSource);
  const hasNonceOrHash = sources.some(isNonceOrHash);
  const problems: Problem[] = [];

  // With a nonce or hash, CSP2+ browsers ignore 'unsafe-inline' (it is kept for old ones).
  if (sources.includes("'unsafe-inline'") && !hasNonceOrHash) {
    problems.push({ status: 'fail', message: `${directive} allows 'unsafe-inline'` });
  }
  // With 'strict-dynamic' and a nonce or hash, CSP3 browsers ignore host and scheme sources.
  const ignoresAllowlist = hasNonceOrHash && sources.includes("'strict-dynamic'");
  const permissive = ignoresAllowlist ? [] : sources.filter(isPermissiveScriptSource);
  if (permissive.length > 0) {
    problems.push({
      status: 'fail',
      message: `${directive} allows scripts from ${permissive.join(' ')}`,
    });
  }
  if (sources.includes("'unsafe-eval'")) {
    problems.push({ status: 'warn', message: `${directive} allows 'unsafe-eval'` });
  }
  return problems;
}

const worst = (problems: Problem[]): Verdict =>
  rollUp(['pass', ...problems.map((p) => p.status)]) as Verdict;
const RANK: Record<Verdict, number> = { pass: 0, warn: 1, error: 2, fail: 3 };

/** A script runs only if every policy allows it, so the strictest policy's review decides. */
function scriptProblems(policies: CspPolicy[]): Problem[] {
  const reviews = policies.map(reviewScriptSources).filter((review) => review !== undefined);
  if (reviews.length === 0) {
    return [{ status: 'fail', message: 'neither script-src nor default-src restricts scripts' }];
  }
  return reviews.reduce((best, review) =>
    RANK[worst(review)] < RANK[worst(best)] ? review : best,
  );
}

function restrictsObjects(policy: CspPolicy): boolean {
  const sources = effectiveSources(policy, 'object-src');
  return sources !== undefined && !sources.some(isWildcardSource);
}

/**
 * An injected <base> re-points relative script URLs, which matters only when scripts are let
 * in by nonce (or by hash with 'strict-dynamic'); under a host allowlist the new base is
 * refused anyway, as Google's CSP Evaluator also reasons.
 */
function needsBaseUri(policy: CspPolicy): boolean {
  const sources = (effectiveSources(policy, 'script-src') ?? []).map(normaliseSource);
  const hasNonce = sources.some((source) => /^'nonce-/i.test(source) && isNonceOrHash(source));
  const hasHash = sources.some((source) => isNonceOrHash(source) && !/^'nonce-/i.test(source));
  return hasNonce || (hasHash && sources.includes("'strict-dynamic'"));
}

function hygieneProblems(policies: CspPolicy[]): Problem[] {
  const problems: Problem[] = [];
  if (!policies.some(restrictsObjects)) {
    problems.push({
      status: 'warn',
      message: "object-src is not restricted (set object-src 'none')",
    });
  }
  // base-uri has no default-src fallback.
  const baseUriSet = policies.some((policy) => policy.directives.has('base-uri'));
  if (!baseUriSet && policies.some(needsBaseUri)) {
    problems.push({
      status: 'warn',
      message: "base-uri is not set for a nonce-based policy (set base-uri 'none')",
    });
  }
  for (const name of new Set(policies.flatMap((policy) => policy.duplicates))) {
    problems.push({
      status: 'warn',
      message: `${name} appears twice; browsers keep only the first`,
    });
  }
  return problems;
}

export function judgeCsp(response: HttpResponse): PageJudgement {
  const enforced = headerValues(response, 'content-security-policy');
  const reportOnly = headerValues(response, 'content-security-policy-report-only');
  const policies = parseCspHeaders(enforced);
  if (policies.length === 0) {
    return reportOnly.length > 0
      ? {
          status: 'warn',
          message: `only Content-Security-Policy-Report-Only is set, which blocks nothing: ${quoteHeader(reportOnly.join(', '))}`,
        }
      : { status: 'fail', message: 'Content-Security-Policy is absent' };
  }

  const problems = [...scriptProblems(policies), ...hygieneProblems(policies)];
  const quoted = quoteHeader(enforced.join(', '));
  if (problems.length === 0) return { status: 'pass', message: `${quoted} restricts scripts` };
  return {
    status: worst(problems),
    message: `${quoted}: ${problems.map((p) => p.message).join('; ')}`,
  };
}

export default defineCheck({
  id: 'csp-policy',
  title: 'Content-Security-Policy restricts scripts',
  severity: 'medium',
  // health first: pageHeaders reuses the health probe's answer (see hsts-policy).
  needs: ['health', 'pageHeaders'],
  remediation:
    "Add, in the nginx server block: add_header Content-Security-Policy \"default-src 'self'; " +
    "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'\" always; " +
    "For a JSON-only API: default-src 'none'; base-uri 'none'; frame-ancestors 'none'. Roll out as " +
    'Content-Security-Policy-Report-Only first and watch the reports: a strict policy can break ' +
    'inline scripts and third-party widgets.',
  run: ({ pageHeaders }) => judgePages(pageHeaders.pages, judgeCsp, true),
});
