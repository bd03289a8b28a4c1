import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HostileBehaviour } from './behaviours.js';
import {
  BUDGET_MARGIN_MS,
  describeOutcome,
  type HostileOutcome,
  LINGER_MS,
  MEMORY_BOUND_MIB,
  mapLimit,
  scanHostile,
  staticItemIds,
  statusOf,
  TIME_BUDGET_S,
} from './harness.js';
import { type RecordingServer, startOtherHost } from './servers.js';

/** Items decided from the HTTP answers of the target. */
export const HTTP_ITEMS = [
  'deploy.health',
  'headers.hsts',
  'headers.frame-options',
  'headers.csp',
  'headers.nosniff',
  'docs.disabled',
  'docs.openapi-hidden',
  'docs.not-found',
  'bots.blocked',
  'tls.https-redirect',
];

export const TLS_ITEMS = ['tls.certificate', 'tls.min-version'];

export interface Expectation {
  /** Items the behaviour must turn into `error` or `fail`. */
  affected: string[];
  /** HTTP items that may rightly pass against it (the answer was valid and good enough). */
  mayPass?: string[];
}

/** Scans per round: start-up is CPU-bound, and the machine has two cores. */
const CONCURRENCY = 3;
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Controls other than line feed and tab: a target's bytes must never reach a report as such.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Scans a well-behaved server and each hostile one in a child process, then checks each run:
 * within budget, within memory, the exit code, the affected items, the untouched static items,
 * and nothing sent to the other host. Prints a line per scan with its wall time and memory.
 */
export function hostileSuite(
  title: string,
  expectations: Partial<Record<HostileBehaviour, Expectation>>,
): void {
  describe(title, () => {
    const behaviours = Object.keys(expectations) as HostileBehaviour[];
    const outcomes = new Map<HostileBehaviour, HostileOutcome>();
    let other: RecordingServer;

    before(async () => {
      other = await startOtherHost();
      const all = ['well-behaved' as const, ...behaviours];
      for (const outcome of await mapLimit(all, CONCURRENCY, (b) => scanHostile(b, other))) {
        outcomes.set(outcome.behaviour, outcome);
        console.log(`# ${describeOutcome(outcome)}`);
      }
    });
    after(() => other?.close());

    const baseline = () => outcomes.get('well-behaved')!;

    it('the well-behaved baseline scans within its budget and answers the HTTP items', () => {
      const { run, report } = baseline();
      assert.equal(run.killed, false);
      assert.equal(statusOf(report, 'deploy.health'), 'pass');
      assert.equal(statusOf(report, 'headers.nosniff'), 'pass');
    });

    for (const behaviour of behaviours) {
      const expected = expectations[behaviour]!;
      it(`${behaviour}: finishes in budget and memory, with the exit code of its findings`, () => {
        assertRunBounds(outcomes.get(behaviour)!);
      });
      it(`${behaviour}: affected items error or fail with a reason, static items unaffected`, () => {
        assertItems(outcomes.get(behaviour)!, expected, baseline());
      });
      it(`${behaviour}: requests are counted, identified, and reports hold no control bytes`, () => {
        assertTraffic(outcomes.get(behaviour)!);
      });
    }

    it('no connection reached the other host, whatever the targets said', () => {
      assert.equal(other.record.connections, 0);
      assert.equal(other.record.bytes, 0);
    });
  });
}

function assertRunBounds({ run }: HostileOutcome): void {
  assert.equal(run.killed, false, 'the scan hung and was killed');
  assert.equal(run.exitCode, 1, run.stderr.slice(0, 2000));
  assert.ok(run.wallMs <= TIME_BUDGET_S * 1000 + BUDGET_MARGIN_MS, `wall ${run.wallMs} ms`);
  assert.deepEqual(run.lingering, [], 'resources still open after the scan');
  const linger = run.lifetimeMs - run.startupMs - run.wallMs;
  assert.ok(linger <= LINGER_MS, `the process lived ${Math.round(linger)} ms past main()`);
  assert.ok(run.peakRssMib <= MEMORY_BOUND_MIB, `peak ${Math.round(run.peakRssMib)} MiB`);
}

function assertItems(
  outcome: HostileOutcome,
  expected: Expectation,
  baseline: HostileOutcome,
): void {
  const { report } = outcome;
  for (const id of expected.affected) {
    const item = report.items.find((candidate) => candidate.id === id)!;
    assert.ok(['error', 'fail'].includes(item.status), `${id} is ${item.status}`);
    assert.ok(item.summary.length > 10, `${id} gives no reason`);
  }
  for (const id of HTTP_ITEMS) {
    if (expected.mayPass?.includes(id)) continue;
    assert.notEqual(statusOf(report, id), 'pass', `${id} passed against ${outcome.behaviour}`);
  }
  for (const id of staticItemIds()) {
    assert.equal(statusOf(report, id), statusOf(baseline.report, id), `static item ${id} moved`);
  }
  assert.equal(report.items.length, baseline.report.items.length);
}

function assertTraffic(outcome: HostileOutcome): void {
  const { report, record, outputs } = outcome;
  assert.ok(report.stats.requests <= 300);
  // The server cannot see more HTTP requests than the scanner counted.
  assert.ok(record.requests.length <= (report.stats.requestsByKind?.http ?? 0));
  for (const request of record.requests) {
    assert.match(request.headers['x-shipshape-request-id'] ?? '', REQUEST_ID);
  }
  assert.doesNotMatch(outputs.terminal, CONTROL);
  assert.doesNotMatch(outputs.markdown, CONTROL);
  assert.doesNotMatch(JSON.stringify(report), /\\u00[01][0-9a-f]|[\u007f-\u009f]/);
  assert.equal(JSON.parse(outputs.sarif).version, '2.1.0');
}
