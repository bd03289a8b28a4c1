import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifyFrameAncestors,
  effectiveSources,
  isNonceOrHash,
  isWildcardSource,
  normaliseSource,
  parseCspHeaders,
  parseCspPolicy,
} from '../../../src/checks/headers/parse-csp.js';

describe('parseCspPolicy', () => {
  it('splits directives, lower-cases names and keeps sources as written', () => {
    const policy = parseCspPolicy(
      "Default-Src 'self'; script-src 'self' https://CDN.example.com ;",
    );
    assert.deepEqual([...policy.directives.keys()], ['default-src', 'script-src']);
    assert.deepEqual(policy.directives.get('script-src'), ["'self'", 'https://CDN.example.com']);
    assert.deepEqual(policy.duplicates, []);
  });

  it('keeps the first of a repeated directive and records the repeat', () => {
    const policy = parseCspPolicy("script-src 'self'; script-src *");
    assert.deepEqual(policy.directives.get('script-src'), ["'self'"]);
    assert.deepEqual(policy.duplicates, ['script-src']);
  });

  it('ignores directives with invalid names and empty tokens', () => {
    const policy = parseCspPolicy('; ;sc\u00efpt-src *; img-src data:');
    assert.deepEqual([...policy.directives.keys()], ['img-src']);
  });

  it('reads a directive without sources as an empty list', () => {
    assert.deepEqual(parseCspPolicy('frame-ancestors').directives.get('frame-ancestors'), []);
  });
});

describe('parseCspHeaders', () => {
  it('finds every policy across headers and commas', () => {
    const policies = parseCspHeaders([
      "default-src 'self', script-src 'none'",
      "object-src 'none'",
    ]);
    assert.equal(policies.length, 3);
    assert.deepEqual(parseCspHeaders([]), []);
    assert.deepEqual(parseCspHeaders([' , ']), []);
  });
});

describe('CSP source helpers', () => {
  it('falls back to default-src', () => {
    const policy = parseCspPolicy("default-src 'none'; img-src 'self'");
    assert.deepEqual(effectiveSources(policy, 'script-src'), ["'none'"]);
    assert.deepEqual(effectiveSources(policy, 'img-src'), ["'self'"]);
    assert.equal(effectiveSources(parseCspPolicy("img-src 'self'"), 'script-src'), undefined);
  });

  it('normalises keywords and schemes only', () => {
    assert.equal(normaliseSource("'SELF'"), "'self'");
    assert.equal(normaliseSource('HTTPS:'), 'https:');
    assert.equal(normaliseSource('https://CDN.example.com'), 'https://CDN.example.com');
  });

  const sources: Array<[string, boolean, boolean]> = [
    ["'nonce-abc123=='", true, false],
    ["'sha256-AbC+/=='", true, false],
    ["'SHA384-abc'", true, false],
    ["'nonce-'", false, false],
    ['*', false, true],
    ['https:', false, true],
    ['data:', false, true],
    ['https://*', false, true],
    ['https://*.example.com', false, false],
    ["'self'", false, false],
  ];
  for (const [source, nonceOrHash, wildcard] of sources) {
    it(`classifies ${source}`, () => {
      assert.equal(isNonceOrHash(source), nonceOrHash);
      assert.equal(isWildcardSource(source), wildcard);
    });
  }

  const ancestors: Array<[string[], string]> = [
    [["'none'"], 'none'],
    [[], 'none'],
    [["'self'"], 'self'],
    [["'SELF'"], 'self'],
    [["'self'", 'https://partner.example'], 'hosts'],
    [["'none'", "'self'"], 'self'],
    [['*'], 'any'],
    [['https:'], 'any'],
  ];
  for (const [list, expected] of ancestors) {
    it(`frame-ancestors ${list.join(' ') || '(empty)'} is ${expected}`, () => {
      assert.equal(classifyFrameAncestors(list), expected);
    });
  }
});
