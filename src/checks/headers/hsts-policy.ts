import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { HttpResponse } from '../../gather/http.js';
import { headerValues, judgePages, type PageJudgement, quoteHeader } from './page-findings.js';
import { parseHsts } from './parse-hsts.js';

const HEADER = 'strict-transport-security';

function duration(seconds: number): string {
  return seconds < 86_400 ? `${seconds} s` : `${Math.floor(seconds / 86_400)} days`;
}

export function judgeHsts(response: HttpResponse, url: string, minMaxAge: number): PageJudgement {
  const values = headerValues(response, HEADER);
  if (new URL(url).protocol === 'http:') {
    const sent = values.length > 0 ? ' (it was sent, and is ignored)' : '';
    return {
      status: 'fail',
      message: `served over plain HTTP, where browsers ignore Strict-Transport-Security${sent}`,
    };
  }
  if (values.length === 0)
    return { status: 'fail', message: 'Strict-Transport-Security is absent' };

  // RFC 6797 section 8.1: only the first header counts.
  const first = values[0]!;
  const parsed = parseHsts(first);
  const quoted = quoteHeader(first);
  if (!parsed.valid) {
    return {
      status: 'fail',
      message: `${quoted} is invalid (${parsed.problem}), so browsers ignore it`,
    };
  }

  const { maxAge, includeSubDomains, preload } = parsed.policy;
  const notes: PageJudgement[] = [];
  if (maxAge === 0) {
    notes.push({ status: 'fail', message: 'max-age=0 tells browsers to drop HSTS' });
  } else if (maxAge < minMaxAge) {
    // The policy's minimum is the checklist's requirement, so falling short of it fails.
    notes.push({
      status: 'fail',
      message: `max-age is ${duration(maxAge)}, below the policy's ${duration(minMaxAge)}`,
    });
  }
  if (values.length > 1) {
    notes.push({
      status: 'warn',
      message: `sent ${values.length} times; browsers use only the first`,
    });
  }

  const flags = `includeSubDomains ${includeSubDomains ? 'set' : 'not set'}, preload ${preload ? 'set' : 'not set'}`;
  const status = rollUp(['pass', ...notes.map((note) => note.status)]) as PageJudgement['status'];
  const problems = notes.map((note) => `; ${note.message}`).join('');
  return { status, message: `${quoted}: max-age ${duration(maxAge)}, ${flags}${problems}` };
}

export default defineCheck({
  id: 'hsts-policy',
  title: 'Strict-Transport-Security is set with a long max-age',
  severity: 'high',
  // health first: pageHeaders reuses the health probe's answer, and a live gatherer asked for
  // from inside another's turn would wait behind it.
  needs: ['health', 'pageHeaders'],
  remediation:
    'Serve the site over HTTPS only and add, in the nginx server block for 443: ' +
    'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always; ' +
    'Roll out with a short max-age first (300), confirm every subdomain serves HTTPS, then raise it: ' +
    'browsers keep the policy for max-age seconds and it cannot be withdrawn early.',
  run: ({ pageHeaders }, { policy }) =>
    judgePages(pageHeaders.pages, (response, url) => judgeHsts(response, url, policy.hstsMaxAge)),
});
