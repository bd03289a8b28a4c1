import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexKeyLines, parseEnvText } from '../../src/gather/env-parse.js';
import { isSecretKeyName } from '../../src/gather/secret-values.js';

const parse = (text: string) => parseEnvText(text, isSecretKeyName);
const lineOf = (text: string, key: string) => parse(text).find((entry) => entry.key === key)?.line;
const entryValue = (text: string, key: string) =>
  parse(text).find((entry) => entry.key === key)?.value;

describe('parseEnvText', () => {
  const cases: { name: string; text: string; key: string; line: number; value: string }[] = [
    { name: 'plain', text: 'A=1\nB=2\n', key: 'B', line: 2, value: '2' },
    { name: 'export prefix', text: '# c\nexport TOKEN=abc\n', key: 'TOKEN', line: 2, value: 'abc' },
    { name: 'double quotes', text: 'X="a b"\n', key: 'X', line: 1, value: 'a b' },
    { name: 'single quotes', text: "\nX='a#b'\n", key: 'X', line: 2, value: 'a#b' },
    { name: 'inline comment', text: 'X=abc # note\n', key: 'X', line: 1, value: 'abc' },
    { name: 'spaces around =', text: 'VAR_1 = 1234\n', key: 'VAR_1', line: 1, value: '1234' },
    { name: 'CRLF', text: 'A=1\r\nB=2\r\n', key: 'B', line: 2, value: '2' },
    { name: 'byte order mark', text: '\uFEFFA=1\nB=2', key: 'A', line: 1, value: '1' },
    { name: 'last one wins', text: 'K=first\nO=x\nK=second\n', key: 'K', line: 3, value: 'second' },
    {
      name: 'after a multi-line value',
      text: 'CERT="-----BEGIN-----\nINNER=no\n-----END-----"\nAFTER=yes\n',
      key: 'AFTER',
      line: 4,
      value: 'yes',
    },
    {
      name: 'escaped quote in a multi-line value',
      text: 'M="multi \\"escaped\\"\n  value"\nNEXT=1\n',
      key: 'NEXT',
      line: 3,
      value: '1',
    },
    {
      name: 'unclosed quote reads as one line',
      text: 'Q="open\nNEXT=1\n',
      key: 'NEXT',
      line: 2,
      value: '1',
    },
  ];

  for (const { name, text, key, line, value } of cases) {
    it(name, () => {
      assert.equal(lineOf(text, key), line);
      assert.equal(entryValue(text, key), value);
    });
  }

  it('does not take KEY= inside a quoted value for a key', () => {
    const text = 'CERT="-----BEGIN-----\nINNER=no\n-----END-----"\n';

    assert.equal(indexKeyLines(text).has('INNER'), false);
    assert.deepEqual(
      parse(text).map((entry) => entry.key),
      ['CERT'],
    );
  });

  it('marks secret-looking keys', () => {
    const entries = parse('SECRET_KEY=a\nPORT=80\nDB_PASSWORD=b\n');

    assert.deepEqual(
      entries.map((entry) => [entry.key, entry.secret]),
      [
        ['SECRET_KEY', true],
        ['PORT', false],
        ['DB_PASSWORD', true],
      ],
    );
  });
});
