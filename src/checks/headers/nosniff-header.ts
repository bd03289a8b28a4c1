import { defineCheck } from '../../core/registry.js';
import type { HttpResponse } from '../../gather/http.js';
import { headerValues, judgePages, type PageJudgement, quoteHeader } from './page-findings.js';

export function judgeNosniff(response: HttpResponse): PageJudgement {
  const values = headerValues(response, 'x-content-type-options');
  if (values.length === 0) return { status: 'fail', message: 'X-Content-Type-Options is absent' };

  const quoted = values.map(quoteHeader).join(', ');
  const tokens = values.flatMap((value) => value.split(',')).map((token) => token.trim());
  // Browsers read only the first token, case-insensitively (Fetch standard, "determine nosniff").
  if (tokens[0]?.toLowerCase() !== 'nosniff') {
    return { status: 'fail', message: `X-Content-Type-Options is ${quoted}, not "nosniff"` };
  }
  if (tokens.length > 1) {
    return { status: 'warn', message: `X-Content-Type-Options is ${quoted}: send "nosniff" once` };
  }
  return { status: 'pass', message: `X-Content-Type-Options is ${quoted}` };
}

export default defineCheck({
  id: 'nosniff-header',
  title: 'X-Content-Type-Options is nosniff',
  severity: 'low',
  // health first: pageHeaders reuses the health probe's answer (see hsts-policy).
  needs: ['health', 'pageHeaders'],
  remediation:
    'Add, in the nginx server block: add_header X-Content-Type-Options "nosniff" always; ' +
    '(the `always` keeps it on error responses too). In Express, helmet() sets it.',
  run: ({ pageHeaders }) => judgePages(pageHeaders.pages, judgeNosniff),
});
