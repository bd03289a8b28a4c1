import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Artifacts, Evidence, Finding, Status } from '../../core/types.js';
import { quoteHeader } from '../headers/page-findings.js';
import { LIMITED_STATUSES } from '../rate-limited.js';
import { type DocsPathProbe, isMaskedByCatchAll, summariseOutcomes } from './docs-responses.js';

type DocsProbe = Artifacts['docsProbe'];

interface PathVerdict {
  status: Exclude<Status, 'manual' | 'skip'>;
  message: string;
}

// 410 Gone says as plainly as 404 that nothing is there.
const NOT_FOUND = new Set([404, 410]);

export function judgeDocsPath(probe: DocsPathProbe, docs: DocsProbe): PathVerdict {
  const { response, error } = probe.exchange;
  if (!response)
    return {
      status: 'error',
      message: `${probe.path} got no response (${error ?? 'unknown error'})`,
    };

  const { status } = response;
  const answers = `${probe.path} answers ${status}`;
  if (LIMITED_STATUSES.has(status)) {
    return { status: 'error', message: `${answers}, a rate limit's answer: the path was not seen` };
  }
  if (NOT_FOUND.has(status)) return { status: 'pass', message: answers };
  if (status === 401 || status === 403) {
    return { status: 'warn', message: `${answers}: hidden, but the refusal shows it exists` };
  }
  if (status >= 300 && status < 400) {
    const location = response.headers.location?.[0];
    const target = location ? ` to ${quoteHeader(location)}` : '';
    return { status: 'warn', message: `${answers}, a redirect${target}` };
  }
  if (status >= 200 && status < 300) {
    const masked = isMaskedByCatchAll(probe, docs) ? ' (a catch-all answers every path)' : '';
    return { status: 'fail', message: `${answers}${masked}` };
  }
  return { status: 'warn', message: answers };
}

export function judgeDocsStatusCodes(docs: DocsProbe): Finding {
  const probes = docs.probes.filter((probe) => probe.role === 'ui');
  if (probes.length === 0) return { status: 'error', message: 'No documentation path was probed.' };

  const verdicts = probes.map((probe) => ({ probe, ...judgeDocsPath(probe, docs) }));
  const status = rollUp(verdicts.map((verdict) => verdict.status));
  const deciding = verdicts.filter((verdict) => verdict.status === status);
  const evidence: Evidence[] = deciding
    .filter((verdict) => verdict.status !== 'pass')
    .map(({ probe, message }) => ({ message, url: probe.exchange.request.url }));
  evidence.push(...summariseOutcomes(probes, docs));

  if (status === 'pass') {
    return {
      status,
      message: `All ${probes.length} documentation paths answer 404 or 410.`,
      evidence,
    };
  }
  const count = deciding.length === 1 ? '' : ` (and ${deciding.length - 1} more)`;
  return {
    status,
    message: `${deciding[0]!.message}${count}; expected 404 on every documentation path.`,
    evidence,
  };
}

export default defineCheck({
  id: 'docs-status-code',
  title: 'Documentation paths answer 404',
  severity: 'low',
  needs: ['docsProbe'],
  remediation:
    'Make every documentation path answer 404: turn the docs off in the framework ' +
    '(FastAPI(docs_url=None, redoc_url=None, openapi_url=None)) and make sure no catch-all ' +
    'route or nginx try_files fallback answers 200 for them, e.g. ' +
    'location ~ ^/(docs|redoc|swagger|api-docs) { return 404; }',
  run: ({ docsProbe }) => judgeDocsStatusCodes(docsProbe),
});
