import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';

function errorOf(text: string): string {
  try {
    parseConfigText(text, 'shipshape.yaml');
  } catch (error) {
    assert.ok(error instanceof UsageError);
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('parseConfigText', () => {
  it('fills the policy defaults of the checklist', () => {
    const config = parseConfigText('target:\n  url: https://api.example.com\n', 'shipshape.yaml');
    assert.equal(config.policy.rate, 10);
    assert.equal(config.policy.burst, 20);
    assert.equal(config.policy.secretLength, 32);
    assert.deepEqual(config.policy.allowedPorts, [80, 443, 22]);
    assert.equal(config.policy.minTlsVersion, '1.2');
  });

  it('accepts an empty file', () => {
    assert.equal(parseConfigText('', 'shipshape.yaml').limits.maxRequests, 300);
  });

  it('names the file, line and key of a wrong type', () => {
    assert.match(
      errorOf('policy:\n  rate: 5\n  burst: twenty\n'),
      /^shipshape\.yaml:3: policy\.burst: /,
    );
  });

  it('names the line of an unknown key', () => {
    assert.match(
      errorOf('target:\n  url: https://a.example\n  uri: x\n'),
      /^shipshape\.yaml:3: target: unknown key "uri"/,
    );
  });

  it('reports a YAML syntax error with its line', () => {
    assert.match(errorOf('policy:\n  rate: [1,\n'), /^shipshape\.yaml:\d+: invalid YAML/);
  });

  it('rejects a URL that is not http or https', () => {
    assert.match(
      errorOf('target:\n  url: ftp://example.com\n'),
      /^shipshape\.yaml:2: target\.url: /,
    );
  });

  it('never echoes the value it rejects', () => {
    const message = errorOf('policy:\n  burst: s3cr3t-value-here\n');
    assert.doesNotMatch(message, /s3cr3t/);
  });
});
