import { defineCheck } from '../../core/registry.js';
import type { HttpResponse } from '../../gather/http.js';
import { headerValues, judgePages, type PageJudgement, quoteHeader } from './page-findings.js';
import { classifyFrameAncestors, type FrameAncestors, parseCspHeaders } from './parse-csp.js';
import { parseFrameOptions } from './parse-frame-options.js';

const STRICTNESS: readonly FrameAncestors[] = ['none', 'self', 'hosts', 'any'];

/** Every enforced policy must allow a frame, so the strictest frame-ancestors decides. */
export function frameAncestorsOf(response: HttpResponse): FrameAncestors | undefined {
  const found = parseCspHeaders(headerValues(response, 'content-security-policy'))
    .map((policy) => policy.directives.get('frame-ancestors'))
    .filter((sources) => sources !== undefined)
    .map(classifyFrameAncestors);
  if (found.length === 0) return undefined;
  return STRICTNESS.find((level) => found.includes(level));
}

const ANCESTORS_JUDGEMENTS: Record<FrameAncestors, PageJudgement> = {
  none: { status: 'pass', message: "CSP frame-ancestors 'none' forbids every frame" },
  // The checklist asks for DENY: letting the site or named hosts frame it does not meet it.
  self: {
    status: 'fail',
    message: "CSP frame-ancestors 'self' lets the site frame itself, not DENY",
  },
  hosts: {
    status: 'fail',
    message: 'CSP frame-ancestors lets listed hosts frame the site, not DENY',
  },
  any: { status: 'fail', message: 'CSP frame-ancestors lets any host frame the site' },
};

function judgeFrameOptions(values: string[]): PageJudgement {
  const verdict = parseFrameOptions(values);
  const quoted = values.map(quoteHeader).join(', ');
  switch (verdict.kind) {
    case 'absent':
      return { status: 'fail', message: 'neither X-Frame-Options nor CSP frame-ancestors is set' };
    case 'deny': {
      const repeated = verdict.repeated ? ' (repeated, harmless)' : '';
      return {
        status: 'pass',
        message: `X-Frame-Options ${quoted} forbids every frame${repeated}`,
      };
    }
    case 'sameorigin':
      return {
        status: 'fail',
        message: `X-Frame-Options ${quoted} lets the site frame itself; the checklist asks for DENY`,
      };
    case 'allow-from':
      return { status: 'fail', message: `X-Frame-Options ${quoted}: browsers ignore ALLOW-FROM` };
    case 'conflicting':
      return {
        status: 'fail',
        message: `X-Frame-Options ${quoted} conflict, so browsers ignore them`,
      };
    case 'invalid':
      return {
        status: 'fail',
        message: `X-Frame-Options ${quoted} is invalid, so browsers ignore it`,
      };
  }
}

export function judgeFraming(response: HttpResponse): PageJudgement {
  const frameOptions = headerValues(response, 'x-frame-options');
  const ancestors = frameAncestorsOf(response);
  if (ancestors === undefined) return judgeFrameOptions(frameOptions);

  // Browsers that know frame-ancestors ignore X-Frame-Options; it is shown for the record.
  const judgement = ANCESTORS_JUDGEMENTS[ancestors];
  const alongside =
    frameOptions.length > 0 ? ` (X-Frame-Options ${frameOptions.map(quoteHeader).join(', ')})` : '';
  return { status: judgement.status, message: `${judgement.message}${alongside}` };
}

export default defineCheck({
  id: 'framing-policy',
  title: 'Framing by other sites is denied',
  severity: 'medium',
  // health first: pageHeaders reuses the health probe's answer (see hsts-policy).
  needs: ['health', 'pageHeaders'],
  remediation:
    'Add, in the nginx server block: add_header X-Frame-Options "DENY" always; and, in the ' +
    "Content-Security-Policy, frame-ancestors 'none'. Framing by the site itself ('self', " +
    'SAMEORIGIN) does not meet the checklist; if the product needs it, record the exception.',
  run: ({ pageHeaders }) => judgePages(pageHeaders.pages, judgeFraming, true),
});
