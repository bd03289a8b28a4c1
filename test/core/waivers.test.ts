import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { parseConfigText } from '../../src/core/config.js';
import { configSchema } from '../../src/core/config-schema.js';
import { UsageError } from '../../src/core/errors.js';
import { defineCheck, defineGatherer, Registry } from '../../src/core/registry.js';
import { runProfile } from '../../src/core/runner.js';
import type { ItemResult, Profile } from '../../src/core/types.js';
import { waiveItem } from '../../src/core/waivers.js';
import { HttpClient } from '../../src/gather/http.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { checkResult } from '../support/reports.js';

declare module '../../src/core/types.js' {
  interface Artifacts {
    waiverFixture: number;
  }
}

const profile: Profile = {
  id: 'test',
  title: 'test',
  sections: [{ id: 's', title: 'S' }],
  items: [
    { id: 's.failing', section: 's', title: 'Failing', checks: ['failing-check'], manual: 'look' },
    { id: 's.passing', section: 's', title: 'Passing', checks: ['passing-check'], manual: 'look' },
  ],
};

function registry(): Registry {
  return new Registry()
    .addGatherer(
      defineGatherer({ artifact: 'waiverFixture', kind: 'static', gather: async () => 1 }),
    )
    .addCheck(
      defineCheck({
        id: 'failing-check',
        title: 't',
        severity: 'high',
        needs: ['waiverFixture'],
        remediation: 'r',
        run: () => ({ status: 'fail', message: 'm', location: { file: 'app/.env', line: 4 } }),
      }),
    )
    .addCheck(
      defineCheck({
        id: 'passing-check',
        title: 't',
        severity: 'high',
        needs: [],
        remediation: 'r',
        run: () => ({ status: 'pass', message: 'm' }),
      }),
    );
}

async function scanOn(day: string, waivers: unknown[]) {
  return runProfile({
    profile,
    registry: registry(),
    config: configSchema.parse({ waivers }),
    now: () => new Date(day),
    http: (signal) =>
      new HttpClient({
        allowedHosts: [],
        maxRequests: 1,
        requestTimeoutMs: 1000,
        maxBodyBytes: 1024,
        signal,
      }),
  });
}

const waiver = { id: 's.failing', reason: 'Rotation scheduled', expires: '2025-06-30' };

describe('waivers in a scan', () => {
  it('a waived failure passes --fail-on fail, and the same waiver expired fails it', async () => {
    const waived = await scanOn('2025-06-30T23:59:59Z', [waiver]);
    const expired = await scanOn('2025-07-01T00:00:00Z', [waiver]);

    assert.equal(exitCodeFor(waived, 'fail'), 0);
    assert.equal(exitCodeFor(expired, 'fail'), 1);
    for (const report of [waived, expired])
      assert.equal(report.items[0]!.status, 'fail', 'the real status stays');
    assert.deepEqual(waived.items[0]!.checks[0]!.waived, {
      id: 's.failing',
      reason: 'Rotation scheduled',
      expires: '2025-06-30',
      expired: false,
    });
    assert.equal(expired.items[0]!.checks[0]!.waived!.expired, true);
    assert.deepEqual(
      waived.waivers!.map((entry) => entry.state),
      ['applied'],
    );
    assert.deepEqual(
      expired.waivers!.map((entry) => entry.state),
      ['expired'],
    );
  });

  it('says so in the summary, the Markdown and the terminal report', async () => {
    const waived = await scanOn('2025-06-01T00:00:00Z', [waiver]);
    const expired = await scanOn('2025-08-01T00:00:00Z', [waiver]);

    assert.match(waived.items[0]!.summary, /^Waived until 2025-06-30: Rotation scheduled\./);
    assert.match(expired.items[0]!.summary, /^Waiver expired on 2025-06-30/);
    assert.match(renderMarkdown(waived), /FAIL \(waived until 2025-06-30\)/);
    assert.match(
      renderMarkdown(expired),
      /## Waivers\n\n- Waiver for s\.failing expired on 2025-06-30/,
    );
    assert.match(renderTerminal(expired, { color: false }), /waiver expired 2025-06-30/);
  });

  it('waives by check id, and by file or file:line only where every location lies there', async () => {
    const cases: [unknown, boolean][] = [
      [{ ...waiver, id: 'failing-check' }, true],
      [{ ...waiver, location: 'app/.env' }, true],
      [{ ...waiver, location: './app/.env:4' }, true],
      [{ ...waiver, location: 'app/.env:5' }, false],
      [{ ...waiver, location: 'other/.env' }, false],
      [{ ...waiver, id: 'passing-check' }, false],
    ];
    for (const [entry, applies] of cases) {
      const report = await scanOn('2025-06-01T00:00:00Z', [entry]);
      assert.equal(exitCodeFor(report, 'fail'), applies ? 0 : 1, JSON.stringify(entry));
      assert.equal(report.waivers![0]!.state, applies ? 'applied' : 'unused');
    }
  });

  it('rejects a waiver that names no item or check', async () => {
    await assert.rejects(scanOn('2025-06-01T00:00:00Z', [{ ...waiver, id: 's.typo' }]), UsageError);
  });

  it("names a missing reason or expiry as missing, at the waiver's line", () => {
    const message = (text: string) => {
      try {
        parseConfigText(text, 'shipshape.yaml');
      } catch (error) {
        assert.ok(error instanceof UsageError);
        return error.message;
      }
      assert.fail('expected a UsageError');
    };
    const head = 'policy:\n  rate: 10\nwaivers:\n  - id: headers.csp\n';
    assert.equal(
      message(`${head}    reason: Legacy widget\n`),
      'shipshape.yaml:4: waivers[0]: expires is missing; add expires: YYYY-MM-DD',
    );
    assert.equal(
      message(`${head}    expires: 2030-01-01\n`),
      'shipshape.yaml:4: waivers[0]: reason is missing; add reason: why the result is accepted for now',
    );
    // A key that is there with no value is the value's mistake, on the key's own line.
    assert.match(
      message(`${head}    reason: r\n    expires:\n`),
      /^shipshape\.yaml:6: waivers\[0\]\.expires: expected string; change the value$/,
    );
  });

  it('rejects a waiver without a reason or a date', () => {
    assert.equal(
      configSchema.safeParse({ waivers: [{ id: 'x', expires: '2025-01-01' }] }).success,
      false,
    );
    assert.equal(
      configSchema.safeParse({ waivers: [{ id: 'x', reason: 'r', expires: 'soon' }] }).success,
      false,
    );
  });
});

describe('waiveItem', () => {
  const item = (checks: ItemResult['checks']): ItemResult => ({
    id: 'a.b',
    section: 'a',
    title: 'T',
    status: 'fail',
    summary: 'S',
    checks,
  });
  const config = [{ id: 'first', reason: 'r', expires: '2030-01-01' }];

  it('waives the item only when every result that keeps it from passing is waived', () => {
    const partly = waiveItem(
      item([checkResult('first', 'fail'), checkResult('second', 'warn')]),
      config,
      '2025-01-01',
    );
    assert.equal(partly.waived, undefined);
    assert.equal(partly.checks[0]!.waived?.expired, false);

    const wholly = waiveItem(
      item([checkResult('first', 'fail'), checkResult('second', 'manual')]),
      config,
      '2025-01-01',
    );
    assert.equal(wholly.waived?.expired, false);
  });

  it('leaves a pass alone', () => {
    const result = waiveItem(item([checkResult('first', 'pass')]), config, '2025-01-01');
    assert.equal(result.checks[0]!.waived, undefined);
  });
});
