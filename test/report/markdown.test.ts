import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { checkResult, sampleReport } from '../support/reports.js';

/** The lines of one item's block: its task line and the `<br>` lines under it. */
function block(markdown: string, id: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.includes(`\`${id}\``));
  assert.ok(start >= 0, id);
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('  <br>'));
  return lines.slice(start, end);
}

describe('Markdown report', () => {
  it('puts the fix under each failing or warning item, and under no other', () => {
    const report = sampleReport();
    const markdown = renderMarkdown(report);
    for (const item of report.items) {
      const fixes = block(markdown, item.id).filter((line) => line.startsWith('  <br>Fix: '));
      if (item.status === 'fail' || item.status === 'warn') {
        assert.deepEqual(fixes, [`  <br>Fix: Fix ${item.checks[0]!.id}.`], item.id);
      } else {
        assert.deepEqual(fixes, [], item.id);
      }
    }
  });

  it('gives each distinct fix of the failing checks once, whole and escaped', () => {
    const base = sampleReport();
    const item = base.items.find((entry) => entry.status === 'fail')!;
    const long = `Set \`limit_req zone=api burst=20 nodelay;\` in ${'every API location '.repeat(30)}`;
    const report: Report = {
      ...base,
      items: [
        {
          ...item,
          checks: [
            checkResult('a', 'fail', { remediation: long }),
            checkResult('b', 'warn', { remediation: long }),
            checkResult('c', 'fail', { remediation: 'Run <b>this</b>.' }),
            checkResult('d', 'pass', { remediation: 'Not shown.' }),
          ],
        },
      ],
    };
    const fixes = block(renderMarkdown(report), item.id).filter((line) =>
      line.startsWith('  <br>Fix: '),
    );
    assert.equal(fixes.length, 2);
    assert.ok(fixes[0]!.endsWith('every API location'));
    assert.ok(fixes[0]!.includes('\\`limit\\_req zone=api burst=20 nodelay;\\`'));
    assert.equal(fixes[1], '  <br>Fix: Run \\<b\\>this\\</b\\>.');
  });

  it('leads with the evidence of a problem, not a sound line of the same check', () => {
    const base = sampleReport();
    const item = base.items.find((entry) => entry.status === 'fail')!;
    const report: Report = {
      ...base,
      items: [
        {
          ...item,
          checks: [
            checkResult('environment-mode', 'fail', {
              evidence: [
                {
                  message: 'ENVIRONMENT at .env:2 is production.',
                  location: { file: '.env', line: 2 },
                  status: 'pass',
                },
                {
                  message: 'ENVIRONMENT at .env.production:1 is staging; expected production.',
                  location: { file: '.env.production', line: 1 },
                  status: 'fail',
                },
              ],
            }),
          ],
        },
      ],
    };
    const evidence = block(renderMarkdown(report), item.id).find((line) =>
      line.startsWith('  <br>Evidence: '),
    );
    assert.equal(
      evidence,
      '  <br>Evidence: ENVIRONMENT at .env.production:1 is staging; expected production. (.env.production:1)',
    );
  });
});
