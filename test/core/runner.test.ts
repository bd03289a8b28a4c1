import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/core/config-schema.js';
import { NotGivenError } from '../../src/core/errors.js';
import { defineCheck, defineGatherer, Registry } from '../../src/core/registry.js';
import { runProfile } from '../../src/core/runner.js';
import type { Profile } from '../../src/core/types.js';
import { HttpClient } from '../../src/gather/http.js';

declare module '../../src/core/types.js' {
  interface Artifacts {
    testCounter: number;
    testMissing: never;
    testBroken: never;
    testLive: string;
    testActive: string;
    testSlow: string;
  }
}

const profile: Profile = {
  id: 'test',
  title: 'test',
  sections: [{ id: 's', title: 'S' }],
  items: [
    {
      id: 's.one',
      section: 's',
      title: 'One',
      checks: ['counter-a', 'counter-b'],
      manual: 'look at one',
    },
    { id: 's.missing', section: 's', title: 'Missing', checks: ['missing'], manual: 'look at two' },
    { id: 's.broken', section: 's', title: 'Broken', checks: ['broken'], manual: 'look' },
    {
      id: 's.throws',
      section: 's',
      title: 'Throws',
      checks: ['throws', 'counter-a'],
      manual: 'look',
    },
    { id: 's.live', section: 's', title: 'Live', checks: ['live'], manual: 'look' },
    { id: 's.active', section: 's', title: 'Active', checks: ['active'], manual: 'look' },
    { id: 's.unbuilt', section: 's', title: 'Unbuilt', checks: [], manual: 'do it by hand' },
  ],
};

function makeRegistry(calls: Record<string, number>): Registry {
  const counted = (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
  };
  const registry = new Registry()
    .addGatherer(
      defineGatherer({
        artifact: 'testCounter',
        kind: 'static',
        gather: async () => {
          counted('testCounter');
          return 7;
        },
      }),
    )
    .addGatherer(
      defineGatherer({
        artifact: 'testMissing',
        kind: 'static',
        gather: async () => {
          throw new NotGivenError('no such file');
        },
      }),
    )
    .addGatherer(
      defineGatherer({
        artifact: 'testBroken',
        kind: 'static',
        gather: async () => {
          throw new Error('disk on fire');
        },
      }),
    )
    .addGatherer(
      defineGatherer({
        artifact: 'testLive',
        kind: 'live',
        gather: async () => {
          counted('testLive');
          return 'live';
        },
      }),
    )
    .addGatherer(
      defineGatherer({
        artifact: 'testActive',
        kind: 'active',
        gather: async () => {
          counted('testActive');
          return 'active';
        },
      }),
    );

  const passWhen = (ok: boolean) => ({
    status: ok ? ('pass' as const) : ('fail' as const),
    message: 'm',
  });
  return registry
    .addCheck(
      defineCheck({
        id: 'counter-a',
        title: 't',
        severity: 'high',
        needs: ['testCounter'],
        remediation: 'r',
        run: (a) => passWhen(a.testCounter === 7),
      }),
    )
    .addCheck(
      defineCheck({
        id: 'counter-b',
        title: 't',
        severity: 'high',
        needs: ['testCounter'],
        remediation: 'r',
        run: (a) => passWhen(a.testCounter === 8),
      }),
    )
    .addCheck(
      defineCheck({
        id: 'missing',
        title: 't',
        severity: 'high',
        needs: ['testMissing'],
        remediation: 'r',
        run: () => passWhen(true),
      }),
    )
    .addCheck(
      defineCheck({
        id: 'broken',
        title: 't',
        severity: 'high',
        needs: ['testBroken'],
        remediation: 'r',
        run: () => passWhen(true),
      }),
    )
    .addCheck(
      defineCheck({
        id: 'throws',
        title: 't',
        severity: 'high',
        needs: [],
        remediation: 'r',
        run: () => {
          throw new Error('bug');
        },
      }),
    )
    .addCheck(
      defineCheck({
        id: 'live',
        title: 't',
        severity: 'high',
        needs: ['testLive'],
        remediation: 'r',
        run: () => passWhen(true),
      }),
    )
    .addCheck(
      defineCheck({
        id: 'active',
        title: 't',
        severity: 'high',
        needs: ['testActive'],
        remediation: 'r',
        run: () => passWhen(true),
      }),
    );
}

async function run(raw: unknown, passive = false, calls: Record<string, number> = {}) {
  const config = configSchema.parse(raw);
  return runProfile({
    profile,
    registry: makeRegistry(calls),
    config,
    passive,
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

const statusOf = (report: Awaited<ReturnType<typeof run>>, id: string) =>
  report.items.find((item) => item.id === id)?.status;

describe('runProfile', () => {
  it('gathers each artifact once, however many checks need it', async () => {
    const calls: Record<string, number> = {};
    const report = await run({ target: { url: 'https://127.0.0.1/' } }, false, calls);
    assert.equal(calls.testCounter, 1);
    assert.equal(calls.testLive, 1);
    assert.equal(statusOf(report, 's.one'), 'fail');
  });

  it('keeps every item, in profile order', async () => {
    const report = await run({});
    assert.deepEqual(
      report.items.map((item) => item.id),
      profile.items.map((item) => item.id),
    );
    assert.equal(report.stats.items.manual, 1);
  });

  it('turns a gatherer without input into skip and a broken one into error, for its checks only', async () => {
    const report = await run({});
    const missing = report.items.find((item) => item.id === 's.missing')!;
    assert.equal(missing.status, 'skip');
    assert.match(missing.checks[0]!.message, /no such file/);
    assert.equal(statusOf(report, 's.broken'), 'error');
    assert.match(
      report.items.find((item) => item.id === 's.broken')!.checks[0]!.message,
      /disk on fire/,
    );
  });

  it('contains a throwing check to itself', async () => {
    const report = await run({});
    const item = report.items.find((entry) => entry.id === 's.throws')!;
    assert.deepEqual(
      item.checks.map((check) => check.status),
      ['error', 'pass'],
    );
    assert.equal(item.status, 'error');
  });

  it('skips live gatherers without a URL and active ones when passive', async () => {
    const calls: Record<string, number> = {};
    const withoutUrl = await run({}, false, calls);
    assert.equal(statusOf(withoutUrl, 's.live'), 'skip');
    assert.equal(calls.testLive, undefined);

    const passive = await run({ target: { url: 'https://127.0.0.1/' } }, true, calls);
    assert.equal(statusOf(passive, 's.live'), 'pass');
    assert.equal(statusOf(passive, 's.active'), 'skip');
    assert.equal(calls.testActive, undefined);
  });

  it('reports an item without checks as manual with how to verify it', async () => {
    const report = await run({});
    const item = report.items.find((entry) => entry.id === 's.unbuilt')!;
    assert.equal(item.status, 'manual');
    assert.match(item.summary, /do it by hand/);
  });
});
