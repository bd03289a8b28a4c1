import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit } from '../../src/report/junit.js';
import { HOSTILE, sampleReport } from '../support/reports.js';

interface Case {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '@_type': string; '#text'?: string };
  error?: { '@_message': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: Case[];
}

function parse(xml: string): { '@_tests': string; '@_failures': string; testsuite: Suite[] } {
  assert.equal(XMLValidator.validate(xml), true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
    parseAttributeValue: false,
    trimValues: false,
  });
  return parser.parse(xml).testsuites;
}

const report = sampleReport();
const countOf = (status: string) => report.items.filter((item) => item.status === status).length;
const casesOf = (suites: Suite[]) => suites.flatMap((suite) => suite.testcase);

describe('renderJunit', () => {
  const parsed = parse(renderJunit(report));
  const cases = casesOf(parsed.testsuite);

  it('has one suite per section and one case per item', () => {
    assert.equal(parsed.testsuite.length, report.sections.length);
    assert.equal(cases.length, 49);
    assert.equal(parsed['@_tests'], '49');
    assert.deepEqual(
      parsed.testsuite.map((suite) => Number(suite['@_tests'])),
      report.sections.map(
        (section) => report.items.filter((item) => item.section === section.id).length,
      ),
    );
  });

  it('maps fail to failure, error to error, skip and manual to skipped, a live waiver to skipped', () => {
    const failures = cases.filter((entry) => entry.failure);
    const errors = cases.filter((entry) => entry.error);
    const skipped = cases.filter((entry) => entry.skipped);

    // One fail carries a live waiver: it is skipped, not failed. The expired one fails.
    assert.equal(failures.length, countOf('fail') - 1);
    assert.equal(errors.length, countOf('error'));
    assert.equal(skipped.length, countOf('skip') + countOf('manual') + 1);
    assert.equal(Number(parsed['@_failures']), failures.length);
    const waived = report.items.find((item) => item.waived && !item.waived.expired)!;
    const waivedCase = cases.find((entry) => entry['@_name'].startsWith(`${waived.id}:`))!;
    assert.ok(waivedCase.skipped);
    assert.match(waivedCase['system-out']!, /Waived until 2999-12-31/);
  });

  it('passes a warn, with its status in system-out, unless the gate is warn', () => {
    const warnCases = cases.filter((entry) => entry['system-out']?.startsWith('WARN'));
    assert.equal(warnCases.length, countOf('warn'));
    assert.ok(warnCases.every((entry) => !entry.failure));

    const strict = casesOf(parse(renderJunit(report, { failOn: 'warn' })).testsuite);
    assert.equal(
      strict.filter((entry) => entry.failure?.['@_type'] === 'warn').length,
      countOf('warn'),
    );
  });

  it('fails only what reaches a severity gate', () => {
    const gated = casesOf(parse(renderJunit(report, { failOn: 'critical' })).testsuite);
    const expected = report.items.filter(
      (item) =>
        item.status === 'fail' &&
        item.checks[0]!.severity === 'critical' &&
        !(item.waived && !item.waived.expired),
    );
    assert.ok(expected.length > 0);
    assert.equal(gated.filter((entry) => entry.failure).length, expected.length);
  });

  it('carries hostile text intact as data, and control bytes never break the XML', () => {
    const hostile = report.items.find((item) => item.summary.includes(HOSTILE))!;
    const entry = cases.find((candidate) => candidate['@_name'].startsWith(`${hostile.id}:`))!;
    const expected = `Observed ${HOSTILE}`.replace('\u0007', '\ufffd');
    assert.equal(entry.failure!['@_message'], expected);
    assert.ok(entry.failure!['#text']!.includes('javascript:alert(1)'));
  });

  it('says each thing once: the summary as the message, each check and its other evidence in the body', () => {
    const base = sampleReport();
    const item = base.items.find((entry) => entry.status === 'fail' && !entry.waived)!;
    const summary = 'No HSTS at site.conf:9 (and 1 more, listed in the evidence).';
    const single = {
      ...base,
      sections: base.sections.filter((section) => section.id === item.section),
      items: [
        {
          ...item,
          summary,
          checks: [
            {
              ...item.checks[0]!,
              id: 'nginx-hsts',
              message: summary,
              evidence: [
                { message: summary, location: { file: 'site.conf', line: 9 } },
                { message: 'server b: no HSTS', location: { file: 'site.conf', line: 14 } },
              ],
            },
          ],
        },
      ],
    };
    const entry = casesOf(parse(renderJunit(single)).testsuite)[0]!;
    assert.equal(entry.failure!['@_message'], summary);
    const body = entry.failure!['#text']!;
    assert.equal(body.split(summary).length - 1, 1, body);
    assert.deepEqual(body.split('\n'), [
      `[FAIL] nginx-hsts (${item.checks[0]!.severity}): ${summary} (site.conf:9)`,
      '  - server b: no HSTS (site.conf:14)',
      `  Fix: ${item.checks[0]!.remediation}`,
    ]);
  });
});
