import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding, Status } from '../../core/types.js';
import type { HttpResponse } from '../../gather/http.js';
import { DATABASE_SIGNATURES, findBodyLeaks } from '../errors/leak-signatures.js';
import { sameAnswer } from './answer-fingerprint.js';

type Probe = Artifacts['injectionProbe'];
type Endpoint = Probe['endpoints'][number];
type Point = Endpoint['points'][number];
type Attempt = Point['attempts'][number];

/** A one-second pg_sleep counts when the answer came this much later than the control's. */
const TIME_DELAY_MS = 800;

type Outcome = 'refused' | 'same' | 'different' | 'limited' | 'none';

interface Signal {
  status: Exclude<Status, 'pass' | 'manual' | 'skip' | 'error'>;
  message: string;
}

function outcomeOf(attempt: Attempt, point: Point): Outcome {
  const response = attempt.exchange.response;
  if (!response) return 'none';
  if (response.status === 429 || response.status === 503) return 'limited';
  if (response.status >= 400 && response.status < 500 && response.status !== 404) return 'refused';
  const control = point.control.exchange.response;
  if (!control) return 'different';
  return sameAnswer(response, attempt.value, control, point.control.value) ? 'same' : 'different';
}

/** A refusal or a rate limit's answer says nothing of how the condition was evaluated. */
function comparable(outcome: Outcome): boolean {
  return outcome === 'same' || outcome === 'different';
}

function find(point: Point, kind: Attempt['kind']): Attempt | undefined {
  return point.attempts.find((attempt) => attempt.kind === kind);
}

/** Errors and 5xx that the control did not cause: the payload broke a query. */
function breakage(attempt: Attempt, control: HttpResponse | undefined): Signal | undefined {
  const response = attempt.exchange.response;
  if (!response) return undefined;
  const leaks = findBodyLeaks(response.body, DATABASE_SIGNATURES);
  const controlLeaks = control ? findBodyLeaks(control.body, DATABASE_SIGNATURES) : [];
  if (leaks.length > controlLeaks.length) {
    return {
      status: 'fail',
      message: `${attempt.kind} payload -> ${response.status} with a ${leaks[0]!.signature.name}`,
    };
  }
  if (response.status >= 500 && response.status !== 503 && (control?.status ?? 0) < 500) {
    return {
      status: 'fail',
      message: `${attempt.kind} payload -> ${response.status}, where a harmless value got ${control?.status ?? 'no answer'}`,
    };
  }
  return undefined;
}

/** Answers that only a condition evaluated in SQL explains. */
function logicSignals(point: Point): Signal[] {
  const signals: Signal[] = [];
  const yes = find(point, 'boolean-true');
  const no = find(point, 'boolean-false');
  const yesAnswer = yes?.exchange.response;
  const noAnswer = no?.exchange.response;
  if (
    yes &&
    no &&
    yesAnswer &&
    noAnswer &&
    comparable(outcomeOf(yes, point)) &&
    comparable(outcomeOf(no, point))
  ) {
    if (!sameAnswer(yesAnswer, yes.value, noAnswer, no.value)) {
      signals.push({
        status: 'fail',
        message: "AND '1'='1 and AND '1'='2 were answered differently: the condition was evaluated",
      });
    }
  }
  for (const kind of [
    'tautology',
    'tautology-comment',
    'numeric-tautology',
    'inline-comment',
  ] as const) {
    const attempt = find(point, kind);
    if (attempt && outcomeOf(attempt, point) === 'different') {
      signals.push({
        status: 'fail',
        message: `${kind} payload changed the answer from a harmless value's`,
      });
    }
  }
  const time = find(point, 'time');
  const timeAnswer = time?.exchange.response;
  const control = point.control.exchange.response;
  if (timeAnswer && control && timeAnswer.elapsedMs - control.elapsedMs >= TIME_DELAY_MS) {
    signals.push({
      status: 'fail',
      message: `pg_sleep(1) payload answered ${timeAnswer.elapsedMs - control.elapsedMs} ms later than a harmless value`,
    });
  }
  return signals;
}

function otherSignals(point: Point): Signal[] {
  return point.attempts
    .filter((attempt) => ['quote', 'union', 'stacked'].includes(attempt.kind))
    .filter((attempt) => outcomeOf(attempt, point) === 'different')
    .map((attempt) => ({
      status: 'warn' as const,
      message: `${attempt.kind} payload was answered differently from a harmless value (${attempt.exchange.response?.status})`,
    }));
}

function signalsOf(point: Point): Signal[] {
  const control = point.control.exchange.response;
  const broken = point.attempts.flatMap((attempt) => breakage(attempt, control) ?? []);
  return [...broken, ...logicSignals(point), ...otherSignals(point)];
}

interface PointVerdict {
  label: string;
  url: string;
  signals: Signal[];
  outcomes: Outcome[];
}

function judgePoint(endpoint: Endpoint, point: Point): PointVerdict {
  const label = `${point.location === 'query' ? 'query parameter' : 'body field'} ${point.name} of ${endpoint.method} ${endpoint.path}`;
  return {
    label,
    url: point.control.exchange.request.url,
    signals: signalsOf(point),
    outcomes: point.attempts.map((attempt) => outcomeOf(attempt, point)),
  };
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  refused: 'refused',
  same: 'answered the same as a harmless value',
  different: 'answered differently from a harmless value',
  limited: 'rate-limited',
  none: 'got no answer',
};

/** `8 refused, 2 answered the same as a harmless value`: counts in words, in order met. */
function summarise(outcomes: Outcome[]): string {
  const counts = new Map<Outcome, number>();
  for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return [...counts].map(([outcome, count]) => `${count} ${OUTCOME_WORDS[outcome]}`).join(', ');
}

function evidenceOf(verdicts: PointVerdict[]): Evidence[] {
  return verdicts.map((verdict) => {
    const found = verdict.signals.map((signal) => signal.message).join('; ');
    return {
      message: `${verdict.label}: ${summarise(verdict.outcomes)}${found ? `; ${found}` : ''}`,
      url: verdict.url,
    };
  });
}

export function judgeInjection(probe: Probe): Finding {
  const verdicts = probe.endpoints.flatMap((endpoint) =>
    endpoint.points.map((point) => judgePoint(endpoint, point)),
  );
  const evidence = evidenceOf(verdicts);
  const outcomes = verdicts.flatMap((verdict) => verdict.outcomes);
  if (outcomes.length === 0)
    return { status: 'error', message: 'No injection payload was sent.', evidence };

  const failing = verdicts.filter((verdict) =>
    verdict.signals.some((signal) => signal.status === 'fail'),
  );
  if (failing.length > 0) {
    const first = failing[0]!;
    const message = first.signals.find((signal) => signal.status === 'fail')!.message;
    return {
      status: 'fail',
      message: `Payloads reached the database at ${failing.map((verdict) => verdict.label).join(', ')}: ${message}.`,
      evidence,
    };
  }
  const unclear = outcomes.filter((outcome) => outcome === 'none' || outcome === 'limited').length;
  if (unclear === outcomes.length)
    return {
      status: 'error',
      message: `None of the ${outcomes.length} payloads got a usable answer.`,
      evidence,
    };
  // When most answers were rate-limited or missing, the few left cannot clear the endpoint.
  if (unclear * 2 > outcomes.length)
    return {
      status: 'error',
      message: `Only ${outcomes.length - unclear} of ${outcomes.length} payloads got a usable answer (${summarise(outcomes)}): too few to tell; raise the rate limit for the scanning address or run the scan again later.`,
      evidence,
    };

  const warning = verdicts.filter((verdict) => verdict.signals.length > 0);
  if (warning.length > 0) {
    return {
      status: 'warn',
      message: `Some payloads were answered differently from a harmless value at ${warning.map((verdict) => verdict.label).join(', ')}; check by hand that they did not reach SQL.`,
      evidence,
    };
  }
  const refused = outcomes.filter((outcome) => outcome === 'refused').length;
  if (!probe.configured && refused < outcomes.length - unclear) {
    return {
      status: 'manual',
      message: `No API path is configured, and of the ${outcomes.length} payloads sent to the health endpoint, ${summarise(outcomes)}, which proves nothing about the API: list endpoints that query the database in probes.apiPaths.`,
      evidence,
    };
  }
  const note = unclear > 0 ? `; ${unclear} got no usable answer` : '';
  return {
    status: 'pass',
    message: `All payloads were refused or answered like a harmless value (${summarise(outcomes)}) at ${verdicts.length} injection points${note}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'sql-injection-payloads',
  title: 'SQL injection payloads are refused or have no effect',
  severity: 'critical',
  needs: ['health', 'injectionProbe'],
  remediation:
    'Pass every value to SQL as a bound parameter (SQLAlchemy select(...).where(Model.name == value) ' +
    'or text("... WHERE name = :name") with params; node-postgres query(text, [values])), validate ' +
    'input types with the framework (Pydantic, zod) and answer 400/422 on invalid input; an input ' +
    'filter middleware that refuses SQL metacharacters is a second line, not the fix.',
  run: ({ injectionProbe }) => judgeInjection(injectionProbe),
});
