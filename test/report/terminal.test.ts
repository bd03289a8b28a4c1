import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { renderTerminal, wrap } from '../../src/report/terminal.js';
import { checkResult, sampleReport } from '../support/reports.js';

const LONG_MESSAGE = `${'word '.repeat(80)}END-OF-MESSAGE`;
const LONG_SUMMARY = `${'summary '.repeat(40)}END-OF-SUMMARY`;
const LONG_FIX = `${'step '.repeat(80)}END-OF-FIX`;

function longReport(): Report {
  const base = sampleReport();
  const item = base.items.find((entry) => entry.status === 'fail')!;
  return {
    ...base,
    waivers: [],
    items: [
      {
        ...item,
        waived: undefined,
        summary: LONG_SUMMARY,
        checks: [
          checkResult('c', 'fail', {
            evidence: [{ message: LONG_MESSAGE, location: { file: 'app/main.py', line: 7 } }],
            remediation: LONG_FIX,
          }),
        ],
      },
    ],
  };
}

describe('terminal report', () => {
  it('says once what the summary and the evidence both say, with the place on the summary', () => {
    const report = longReport();
    const item = report.items[0]!;
    item.summary = LONG_MESSAGE;
    const lines = renderTerminal(report, { color: false }).split('\n');
    assert.equal(lines.filter((line) => line.includes('END-OF-MESSAGE')).length, 1);
    assert.ok(lines.some((line) => line.trim() === `${LONG_MESSAGE} app/main.py:7`));
  });

  it('cuts nothing without a width (a pipe or a file)', () => {
    const text = renderTerminal(longReport(), { color: false });
    const lines = text.split('\n');
    assert.ok(lines.some((line) => line.trim() === LONG_SUMMARY));
    assert.ok(lines.some((line) => line.endsWith(`- ${LONG_MESSAGE} app/main.py:7`)));
    assert.ok(lines.some((line) => line.endsWith(`fix: ${LONG_FIX}`)));
    assert.ok(!text.includes('…'));
  });

  it('wraps to the terminal`s width and keeps every word', () => {
    for (const width of [60, 100, 237]) {
      const text = renderTerminal(longReport(), { color: false, width });
      const lines = text.split('\n');
      for (const line of lines) assert.ok(line.length <= width, `${width}: ${line}`);
      const flat = text.replace(/\s+/g, ' ');
      assert.ok(flat.includes(`word END-OF-MESSAGE app/main.py:7`));
      assert.ok(flat.includes(`fix: ${LONG_FIX}`));
      assert.equal((flat.match(/\bstep\b/g) ?? []).length, 80);
      assert.ok(!text.includes('…'));
    }
  });

  it('wraps coloured text by its visible width', () => {
    const text = renderTerminal(longReport(), { color: true, width: 80 });
    const visible = text.replace(/\u001b\[[0-9;]*m/g, '');
    for (const line of visible.split('\n')) assert.ok(line.length <= 80, line);
  });

  it('breaks at spaces with a hanging indent, and cuts only a word longer than a line', () => {
    assert.deepEqual(wrap('aaa bbb ccc', '> ', '  ', 9), ['> aaa bbb', '  ccc']);
    assert.deepEqual(wrap('abcdefghij', '', '', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrap('one line', '- ', '  '), ['- one line']);
  });
});
