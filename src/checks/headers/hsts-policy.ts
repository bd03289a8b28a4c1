import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { HttpResponse } from '../../gather/http.js';
import { headerValues, judgePages, type PageJudgement, quoteHeader } from './page-findings.js';
import { type HstsPolicy, parseHsts } from './parse-hsts.js';

const HEADER = 'strict-transport-security';

/**
 * Below a day, HSTS is still being tried out (hstspreload.org suggests starting at 300 s) and
 * lapses between visits: fail. From a day up to the policy's minimum it protects, but weakly:
 * warn. max-age=0 tells browsers to drop the policy and fails here too.
 */
const ROLLOUT_MAX_AGE = 86_400;

function duration(seconds: number): string {
  if (seconds < 86_400) return `${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? '1 day' : `${days} days`;
}

function policyNotes(policy: HstsPolicy, headerCount: number, minMaxAge: number): PageJudgement[] {
  const notes: PageJudgement[] = [];
  // A policy that asks for less than a day is honoured as given.
  if (policy.maxAge === 0 || policy.maxAge < Math.min(ROLLOUT_MAX_AGE, minMaxAge)) {
    notes.push({ status: 'fail', message: 'a max-age under a day is a rollout value' });
  } else if (policy.maxAge < minMaxAge) {
    notes.push({ status: 'warn', message: `max-age is below the policy's ${duration(minMaxAge)}` });
  }
  if (headerCount > 1) {
    notes.push({
      status: 'warn',
      message: `sent ${headerCount} times; browsers use only the first`,
    });
  }
  return notes;
}

function describePolicy({ maxAge, includeSubDomains, preload }: HstsPolicy): string {
  const flag = (name: string, on: boolean) => `${name} ${on ? 'set' : 'not set'}`;
  return `max-age ${duration(maxAge)}, ${flag('includeSubDomains', includeSubDomains)}, ${flag('preload', preload)}`;
}

export function judgeHsts(response: HttpResponse, url: string, minMaxAge: number): PageJudgement {
  const values = headerValues(response, HEADER);
  if (new URL(url).protocol === 'http:') {
    const sent = values.length > 0 ? ' (it was sent, and is ignored)' : '';
    const message = `served over plain HTTP, where browsers ignore Strict-Transport-Security${sent}`;
    return { status: 'fail', message };
  }
  if (values.length === 0) {
    return { status: 'fail', message: 'Strict-Transport-Security is absent' };
  }

  // RFC 6797 section 8.1: only the first header counts.
  const quoted = quoteHeader(values[0]!);
  const parsed = parseHsts(values[0]!);
  if (!parsed.valid) {
    return {
      status: 'fail',
      message: `${quoted} is invalid (${parsed.problem}), so browsers ignore it`,
    };
  }

  const notes = policyNotes(parsed.policy, values.length, minMaxAge);
  const status = rollUp(['pass', ...notes.map((note) => note.status)]) as PageJudgement['status'];
  const problems = notes.map((note) => `; ${note.message}`).join('');
  return { status, message: `${quoted}: ${describePolicy(parsed.policy)}${problems}` };
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
