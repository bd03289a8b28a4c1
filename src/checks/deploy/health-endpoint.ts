import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import { quoteHeader } from '../headers/page-findings.js';

type HealthAttempt = Artifacts['health']['attempts'][number];

function describeAttempt({ path, exchange }: HealthAttempt): string {
  const { response, error } = exchange;
  if (!response) return `${path}: no response (${error ?? 'unknown error'})`;
  return `${path}: ${response.status} in ${response.elapsedMs} ms`;
}

function isRedirect(attempt: HealthAttempt): boolean {
  const status = attempt.exchange.response?.status ?? 0;
  return status >= 300 && status < 400;
}

function describeRedirect(attempt: HealthAttempt): string {
  const location = attempt.exchange.response?.headers.location?.[0];
  return `${describeAttempt(attempt)}${location ? ` to ${quoteHeader(location)}` : ''}`;
}

/** Pass on a 2xx; else warn on a redirect; else error if one got no answer; else fail. */
export function judgeHealth(health: Artifacts['health']): Finding {
  const { attempts, found } = health;
  const evidence: Evidence[] = attempts.map((attempt) => ({
    message: describeAttempt(attempt),
    url: attempt.exchange.request.url,
  }));
  const tried = `tried ${attempts.map((attempt) => attempt.path).join(', ')}`;

  if (found) {
    return {
      status: 'pass',
      message: `The health endpoint answers ${describeAttempt(found)}.`,
      evidence,
    };
  }
  if (attempts.length === 0)
    return { status: 'error', message: 'No health path was tried.', evidence };

  const redirected = attempts.find(isRedirect);
  if (redirected) {
    const message = `The health endpoint redirects (${describeRedirect(redirected)}); expected a 2xx.`;
    return { status: 'warn', message, evidence };
  }
  const silent = attempts.filter((attempt) => !attempt.exchange.response);
  if (silent.length > 0) {
    const message = `No health answer could be read (${silent.map(describeAttempt).join('; ')}); ${tried}.`;
    return { status: 'error', message, evidence };
  }
  const answers = attempts.map(describeAttempt).join('; ');
  return {
    status: 'fail',
    message: `No health path answers 2xx (${answers}); ${tried}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'health-endpoint',
  title: 'Health endpoint answers 2xx',
  severity: 'high',
  needs: ['health'],
  remediation:
    'Expose a cheap health route that answers 200, e.g. in FastAPI @app.get("/api/v1/health") ' +
    'returning {"status": "ok"}, and let nginx proxy it. If it lives elsewhere, set ' +
    'probes.health in shipshape.yaml to its path.',
  run: ({ health }) => judgeHealth(health),
});
