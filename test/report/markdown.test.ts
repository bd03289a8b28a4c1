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

  it('lists every evidence line of the deciding checks with its place, and the summary`s once', () => {
    const base = sampleReport();
    const item = base.items.find((entry) => entry.status === 'fail')!;
    const at = (line: number) => ({ file: 'nginx.conf', line });
    const summary = 'server a at nginx.conf:5: no HSTS (and 1 more, listed in the evidence).';
    const many = Array.from({ length: 12 }, (_, index) => ({
      message: `port ${index} is open`,
      location: at(20 + index),
    }));
    const report: Report = {
      ...base,
      items: [
        {
          ...item,
          summary,
          checks: [
            checkResult('nginx-hsts', 'fail', {
              message: summary,
              evidence: [
                { message: summary, location: at(5) },
                { message: 'server b: no HSTS', location: at(9) },
                { message: 'seen live', url: 'https://app.example.test/' },
              ],
            }),
            checkResult('hsts-policy', 'pass', {
              evidence: [{ message: 'a sound answer', location: at(1) }],
            }),
          ],
        },
        {
          ...item,
          id: 'ports.open',
          checks: [checkResult('open-ports', 'fail', { evidence: many })],
        },
      ],
    };
    const markdown = renderMarkdown(report);
    const lines = block(markdown, item.id);
    assert.equal(lines[1], `  <br>${summary} (nginx.conf:5)`);
    assert.deepEqual(
      lines.filter((line) => line.startsWith('  <br>Evidence: ')),
      ['  <br>Evidence: server b: no HSTS (nginx.conf:9)', '  <br>Evidence: seen live'],
    );
    assert.equal(lines.filter((line) => line.includes(summary)).length, 1);

    const capped = block(markdown, 'ports.open').filter((line) =>
      line.startsWith('  <br>Evidence: '),
    );
    assert.equal(capped.length, 11);
    assert.equal(capped[0], '  <br>Evidence: port 0 is open (nginx.conf:20)');
    assert.equal(capped[9], '  <br>Evidence: port 9 is open (nginx.conf:29)');
    assert.equal(capped[10], '  <br>Evidence: and 2 more');
  });
});
