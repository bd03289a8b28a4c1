import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report, Status } from '../../src/core/types.js';
import {
  certificateDaysLeft,
  certificateDrift,
  diffReports,
  renderDrift,
} from '../../src/monitor/drift.js';
import { checkResult, sampleReport } from '../support/reports.js';

const THRESHOLDS = { warnDays: 30, failDays: 7 };

/** A report where every item passes, with a certificate that has `days` left. */
function baseline(days: number): Report {
  const report = sampleReport();
  for (const item of report.items) {
    item.status = 'pass';
    delete item.waived;
    item.checks = [checkResult(`${item.id}-check`, 'pass')];
  }
  const certificate = report.items.find((item) => item.id === 'tls.certificate')!;
  certificate.checks[0]!.evidence = [
    { message: 'Issuer: CN=test CA' },
    {
      message: `Valid from 2025-01-01T00:00:00.000Z to 2025-09-01T00:00:00.000Z: ${days} days left at 2025-06-01T12:00:00.000Z`,
    },
  ];
  return report;
}

function withStatus(report: Report, id: string, status: Status): Report {
  const copy = structuredClone(report);
  const item = copy.items.find((candidate) => candidate.id === id)!;
  item.status = status;
  item.checks[0]!.status = status;
  return copy;
}

describe('diffReports', () => {
  it('finds nothing between two equal reports', () => {
    const drift = diffReports(baseline(60), baseline(60), THRESHOLDS);
    assert.deepEqual(drift, { changes: [], headersLost: [], alerts: [] });
    assert.equal(renderDrift(drift, THRESHOLDS), '  no change\n');
  });

  it('lists each status change, old to new, and alerts only on fail and error', () => {
    let current = withStatus(baseline(60), 'docs.disabled', 'fail');
    current = withStatus(current, 'env.production', 'warn');
    current = withStatus(current, 'deploy.health', 'error');
    const previous = withStatus(baseline(60), 'sql.raw-queries', 'fail');
    const drift = diffReports(previous, current, THRESHOLDS);

    assert.deepEqual(drift.changes.map(({ id, from, to }) => `${id} ${from}->${to}`).sort(), [
      'deploy.health pass->error',
      'docs.disabled pass->fail',
      'env.production pass->warn',
      'sql.raw-queries fail->pass',
    ]);
    assert.deepEqual(drift.alerts.map((change) => change.id).sort(), [
      'deploy.health',
      'docs.disabled',
    ]);
    const text = renderDrift(drift, THRESHOLDS);
    assert.match(text, /docs\.disabled\s+pass -> fail/);
    assert.match(text, /sql\.raw-queries\s+fail -> pass/);
  });

  it('names a security header that stopped passing, and only headers that passed', () => {
    let previous = withStatus(baseline(60), 'headers.hsts', 'warn');
    previous = withStatus(previous, 'headers.nosniff', 'fail');
    let current = withStatus(baseline(60), 'headers.csp', 'fail');
    current = withStatus(current, 'headers.hsts', 'fail');
    current = withStatus(current, 'headers.frame-options', 'warn');
    const drift = diffReports(previous, current, THRESHOLDS);

    assert.deepEqual(drift.headersLost.map((change) => change.id).sort(), [
      'headers.csp',
      'headers.frame-options',
    ]);
    const text = renderDrift(drift, THRESHOLDS);
    assert.match(text, /security header lost: headers\.csp no longer passes \(fail\)/);
    assert.match(text, /security header lost: headers\.frame-options no longer passes \(warn\)/);
    assert.doesNotMatch(text, /header lost: headers\.hsts/);
  });

  it('raises no alert for an item under a live waiver, but still shows the change', () => {
    const current = withStatus(baseline(60), 'docs.disabled', 'fail');
    current.items.find((item) => item.id === 'docs.disabled')!.waived = {
      id: 'docs.disabled',
      reason: 'until the release',
      expires: '2999-01-01',
      expired: false,
    };
    const drift = diffReports(baseline(60), current, THRESHOLDS);
    assert.equal(drift.changes.length, 1);
    assert.equal(drift.alerts.length, 0);
    assert.match(renderDrift(drift, THRESHOLDS), /pass -> fail \(waived\)/);
  });

  it('reads the days left from the tls.certificate evidence and reports the thresholds crossed', () => {
    assert.equal(certificateDaysLeft(baseline(44)), 44);
    assert.equal(certificateDaysLeft(sampleReport()), undefined);

    const warn = diffReports(baseline(31), baseline(29), THRESHOLDS);
    assert.deepEqual(warn.certificate, { fromDays: 31, toDays: 29, crossed: 'warn' });
    assert.match(
      renderDrift(warn, THRESHOLDS),
      /certificate: 31 -> 29 days left: under the warn threshold \(30 days\)/,
    );

    const fail = diffReports(baseline(40), baseline(6), THRESHOLDS);
    assert.equal(fail.certificate?.crossed, 'fail');
    assert.match(renderDrift(fail, THRESHOLDS), /under the fail threshold \(7 days\)/);

    assert.equal(
      diffReports(baseline(3), baseline(-1), THRESHOLDS).certificate?.crossed,
      'expired',
    );
    assert.deepEqual(diffReports(baseline(50), baseline(49), THRESHOLDS).certificate, {
      fromDays: 50,
      toDays: 49,
    });
    assert.equal(
      diffReports(baseline(29), baseline(20), THRESHOLDS).certificate?.crossed,
      undefined,
    );
    assert.match(
      renderDrift(diffReports(baseline(5), baseline(89), THRESHOLDS), THRESHOLDS),
      /renewed/,
    );
  });

  it('counts a certificate seen for the first time from above every threshold', () => {
    assert.deepEqual(certificateDrift(undefined, 20, THRESHOLDS), {
      fromDays: null,
      toDays: 20,
      crossed: 'warn',
    });
    assert.equal(certificateDrift(20, undefined, THRESHOLDS), undefined);
  });

  it('leaves out items that only one report has', () => {
    const previous = baseline(60);
    const current = withStatus(baseline(60), 'docs.disabled', 'fail');
    current.items = current.items.filter((item) => item.id !== 'env.production');
    previous.items = previous.items.filter((item) => item.id !== 'docs.disabled');
    assert.deepEqual(diffReports(previous, current, THRESHOLDS).changes, []);
  });
});
