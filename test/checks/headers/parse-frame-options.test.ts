import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFrameOptions } from '../../../src/checks/headers/parse-frame-options.js';

describe('parseFrameOptions', () => {
  const cases: Array<[string[], string]> = [
    [[], 'absent'],
    [[''], 'absent'],
    [['DENY'], 'deny'],
    [[' deny '], 'deny'],
    [['SAMEORIGIN'], 'sameorigin'],
    [['ALLOW-FROM https://example.com'], 'allow-from'],
    [['DENY, SAMEORIGIN'], 'conflicting'],
    [['DENY', 'SAMEORIGIN'], 'conflicting'],
    [['ALLOWALL'], 'invalid'],
    [['deny;'], 'invalid'],
  ];
  for (const [values, kind] of cases) {
    it(`${JSON.stringify(values)} is ${kind}`, () => {
      assert.equal(parseFrameOptions(values).kind, kind);
    });
  }

  it('notes a value sent more than once', () => {
    assert.deepEqual(parseFrameOptions(['DENY', 'deny']), { kind: 'deny', repeated: true });
    assert.deepEqual(parseFrameOptions(['DENY']), { kind: 'deny', repeated: false });
  });
});
