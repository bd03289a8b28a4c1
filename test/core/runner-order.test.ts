import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/core/config-schema.js';
import { defineCheck, defineGatherer, Registry } from '../../src/core/registry.js';
import { runProfile } from '../../src/core/runner.js';
import type { Profile } from '../../src/core/types.js';
import { HttpClient } from '../../src/gather/http.js';

declare module '../../src/core/types.js' {
  interface Artifacts {
    orderPages: string;
    orderBurst: string;
  }
}

const profile: Profile = {
  id: 'order',
  title: 'order',
  sections: [{ id: 's', title: 'S' }],
  items: [
    { id: 's.pages', section: 's', title: 'Pages', checks: ['pages'], manual: 'look' },
    { id: 's.burst', section: 's', title: 'Burst', checks: ['burst'], manual: 'look' },
  ],
};

function registryRecording(order: string[], first: boolean): Registry {
  const live = (artifact: 'orderPages' | 'orderBurst', isFirst: boolean) =>
    defineGatherer({
      artifact,
      kind: 'live',
      ...(isFirst ? { first: true } : {}),
      gather: async () => {
        order.push(`${artifact} start`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(`${artifact} end`);
        return artifact;
      },
    });
  const check = (id: string, artifact: 'orderPages' | 'orderBurst') =>
    defineCheck({
      id,
      title: id,
      severity: 'low',
      needs: [artifact],
      remediation: 'none',
      run: () => ({ status: 'pass', message: 'seen' }),
    });
  return new Registry()
    .addGatherer(live('orderPages', false))
    .addGatherer(live('orderBurst', first))
    .addCheck(check('pages', 'orderPages'))
    .addCheck(check('burst', 'orderBurst'));
}

async function orderOf(first: boolean): Promise<string[]> {
  const order: string[] = [];
  await runProfile({
    profile,
    registry: registryRecording(order, first),
    config: configSchema.parse({ target: { url: 'https://127.0.0.1/' } }),
    passive: false,
    http: (signal) =>
      new HttpClient({
        allowedHosts: [],
        maxRequests: 1,
        requestTimeoutMs: 1000,
        maxBodyBytes: 1024,
        signal,
      }),
  });
  return order;
}

describe('the order of live gatherers', () => {
  it('follows the profile, one at a time', async () => {
    assert.deepEqual(await orderOf(false), [
      'orderPages start',
      'orderPages end',
      'orderBurst start',
      'orderBurst end',
    ]);
  });

  it('gives the first turn to a gatherer marked first, whatever item needs it', async () => {
    assert.deepEqual(await orderOf(true), [
      'orderBurst start',
      'orderBurst end',
      'orderPages start',
      'orderPages end',
    ]);
  });
});
