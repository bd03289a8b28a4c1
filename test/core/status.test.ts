import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollUp } from '../../src/core/status.js';
import type { Status } from '../../src/core/types.js';

describe('rollUp', () => {
  const cases: [Status[], Status][] = [
    [['pass', 'fail', 'error'], 'fail'],
    [['pass', 'error', 'warn'], 'error'],
    [['pass', 'warn'], 'warn'],
    [['pass', 'manual', 'skip'], 'pass'],
    [['manual', 'skip'], 'manual'],
    [['skip'], 'skip'],
    [[], 'skip'],
  ];
  for (const [statuses, expected] of cases) {
    it(`${statuses.join('+') || 'nothing'} -> ${expected}`, () => {
      assert.equal(rollUp(statuses), expected);
    });
  }
});
