import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import { quoteHeader } from '../headers/page-findings.js';
import { LIMITED_STATUSES } from '../rate-limited.js';
import {
  type BodyLeak,
  findBodyLeaks,
  findHeaderLeaks,
  type HeaderLeak,
} from './leak-signatures.js';

type ErrorAttempt = Artifacts['errorProbe']['attempts'][number];

const PROVOCATION_NAMES: Record<ErrorAttempt['provocation'], string> = {
  'malformed-json': 'malformed JSON',
  'wrong-types': 'fields of the wrong type',
  'huge-value': 'huge values',
  'unknown-route': 'an unknown route',
  'wrong-method': 'a method the endpoint does not take',
  'odd-bytes': 'a path with invalid bytes',
};

interface Verdict {
  attempt: ErrorAttempt;
  body: BodyLeak[];
  headers: HeaderLeak[];
}

function verdictOf(attempt: ErrorAttempt): Verdict {
  const response = attempt.exchange.response;
  if (!response) return { attempt, body: [], headers: [] };
  return { attempt, body: findBodyLeaks(response.body), headers: findHeaderLeaks(response) };
}

function describeAttempt({ attempt }: Verdict): string {
  const answer = attempt.exchange.response?.status ?? `no answer (${attempt.exchange.error})`;
  return `${PROVOCATION_NAMES[attempt.provocation]} at ${attempt.method} ${attempt.path} -> ${answer}`;
}

function describeLeaks(verdict: Verdict): string {
  const body = verdict.body.map(
    (leak) => `${leak.signature.name} at byte ${leak.offset} of the body`,
  );
  const headers = verdict.headers.map((leak) => `${leak.header}: ${quoteHeader(leak.value)}`);
  return [...body, ...headers].join('; ');
}

function evidenceOf(verdicts: Verdict[]): Evidence[] {
  return verdicts.map((verdict) => {
    const leaks = describeLeaks(verdict);
    return {
      message: `${describeAttempt(verdict)}${leaks ? `: ${leaks}` : verdict.attempt.exchange.response ? ': nothing internal shown' : ''}`,
      url: verdict.attempt.exchange.request.url,
    };
  });
}

/** The kinds found, each once, in the order of the signatures. */
function kindsOf(verdicts: Verdict[]): string {
  const kinds = new Set(
    verdicts.flatMap((verdict) => verdict.body.map((leak) => leak.signature.name)),
  );
  for (const leak of verdicts.flatMap((verdict) => verdict.headers)) {
    kinds.add(leak.versioned ? `a version in ${leak.header}` : `the product in ${leak.header}`);
  }
  return [...kinds].join(', ');
}

export function judgeErrorLeakage(probe: Artifacts['errorProbe']): Finding {
  const verdicts = probe.attempts.map(verdictOf);
  const evidence = evidenceOf(verdicts);
  // A rate limit's 429 or 503 answers before the application is provoked: it shows nothing.
  const answered = verdicts.filter((verdict) => {
    const response = verdict.attempt.exchange.response;
    return response !== undefined && !LIMITED_STATUSES.has(response.status);
  });
  if (answered.length === 0) {
    return {
      status: 'error',
      message: `None of the ${verdicts.length} provoked errors got an answer from the application (no answer, or a rate limit's 429 or 503).`,
      evidence,
    };
  }

  const failing = answered.filter(
    (verdict) => verdict.body.length > 0 || verdict.headers.some((leak) => leak.versioned),
  );
  if (failing.length > 0) {
    return {
      status: 'fail',
      message: `${failing.length} of ${answered.length} provoked error answers show internals (${kindsOf(failing)}): ${failing.map(describeAttempt).join('; ')}.`,
      evidence,
    };
  }
  const naming = answered.filter((verdict) => verdict.headers.length > 0);
  if (naming.length > 0) {
    return {
      status: 'warn',
      message: `Error answers name the framework (${kindsOf(naming)}), without a version.`,
      evidence,
    };
  }
  const unanswered = verdicts.length - answered.length;
  if (unanswered * 2 > verdicts.length) {
    return {
      status: 'error',
      message: `Only ${answered.length} of ${verdicts.length} provoked errors got an answer from the application (the rest: no answer, or a rate limit's 429 or 503), too few to clear it.`,
      evidence,
    };
  }
  const note = unanswered > 0 ? `; ${unanswered} got no answer from the application` : '';
  return {
    status: 'pass',
    message: `None of the ${answered.length} provoked error answers shows a stack trace, path, SQL, exception or version${note}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'error-leakage',
  title: 'Error answers show no internals',
  severity: 'high',
  needs: ['health', 'errorProbe'],
  remediation:
    'Register a global exception handler that logs the error and answers a fixed message ' +
    '(FastAPI: @app.exception_handler(Exception) returning JSONResponse({"detail": "Internal ' +
    'server error"}, 500) and debug=False; Express: a last app.use((err, req, res, next) => ...) ' +
    'and NODE_ENV=production), and hide versions: server_tokens off; in nginx, ' +
    'app.disable("x-powered-by") in Express, proxy_hide_header X-Powered-By in nginx.',
  run: ({ errorProbe }) => judgeErrorLeakage(errorProbe),
});
