import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXIT, exitCodeFor } from '../../src/cli/exit-codes.js';
import type { FailOn } from '../../src/core/gate.js';
import type { CheckResult, Report, Severity, Status } from '../../src/core/types.js';
import { checkResult, sampleReport } from '../support/reports.js';

/** A report whose only non-passing result is one check of this status and severity. */
function reportWith(status: Status, severity: Severity, extra: Partial<CheckResult> = {}): Report {
  const report = sampleReport();
  for (const item of report.items) {
    item.status = 'pass';
    item.checks = [checkResult(`${item.id}-check`, 'pass')];
    delete item.waived;
  }
  const target = report.items[0]!;
  target.status = status;
  target.checks = [checkResult('one-check', status, { severity, ...extra })];
  return report;
}

describe('exitCodeFor', () => {
  const cases: [Status, Severity, FailOn, number][] = [
    ['pass', 'critical', 'fail', EXIT.ok],
    ['fail', 'low', 'fail', EXIT.findings],
    ['error', 'info', 'fail', EXIT.findings],
    ['warn', 'critical', 'fail', EXIT.ok],
    ['warn', 'info', 'warn', EXIT.findings],
    ['manual', 'critical', 'warn', EXIT.ok],
    ['skip', 'critical', 'warn', EXIT.ok],
    ['fail', 'high', 'high', EXIT.findings],
    ['fail', 'critical', 'high', EXIT.findings],
    ['fail', 'medium', 'high', EXIT.ok],
    ['error', 'high', 'high', EXIT.findings],
    ['warn', 'critical', 'critical', EXIT.ok],
    ['fail', 'info', 'info', EXIT.findings],
    ['fail', 'low', 'medium', EXIT.ok],
  ];
  for (const [status, severity, failOn, code] of cases) {
    it(`a ${severity} ${status} with --fail-on ${failOn}: ${code}`, () => {
      assert.equal(exitCodeFor(reportWith(status, severity), failOn), code);
    });
  }

  it('ignores a live waiver and counts an expired one', () => {
    const waived = { id: 'one-check', reason: 'r', expires: '2999-01-01', expired: false };
    assert.equal(exitCodeFor(reportWith('fail', 'critical', { waived }), 'fail'), EXIT.ok);
    assert.equal(exitCodeFor(reportWith('fail', 'critical', { waived }), 'warn'), EXIT.ok);
    const expired = { ...waived, expires: '2000-01-01', expired: true };
    assert.equal(
      exitCodeFor(reportWith('fail', 'critical', { waived: expired }), 'fail'),
      EXIT.findings,
    );
  });
});
