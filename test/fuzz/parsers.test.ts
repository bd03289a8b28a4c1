// Every parser of outside input, fed generated and mutated text: each returns its result or
// throws a ParseError with a location, and none takes long. FUZZ_RUNS sets the cases per parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseChecklist } from '../../src/checklist/parse.js';
import { parseCspHeaders } from '../../src/checks/headers/parse-csp.js';
import { parseFrameOptions } from '../../src/checks/headers/parse-frame-options.js';
import { parseHsts } from '../../src/checks/headers/parse-hsts.js';
import { ParseError } from '../../src/core/errors.js';
import { parseEnvText } from '../../src/gather/env-parse.js';
import { readableText } from '../../src/gather/http.js';
import { parseNginx } from '../../src/gather/nginx/parse.js';
import type { NginxDirective } from '../../src/gather/nginx/types.js';
import { parseSavedOutput } from '../../src/host/firewall/detect.js';
import { parseLogrotate } from '../../src/host/logrotate.js';
import { parseLine } from '../../src/logs/parse.js';
import { fuzzOptions, inputsOf, lineCount, timed, tokenSoup } from '../support/fuzz.js';
import {
  CHECKLIST_SAMPLES,
  CHECKLIST_TOKENS,
  ENV_SAMPLES,
  ENV_TOKENS,
  FIREWALL_SAMPLES,
  FIREWALL_TOKENS,
  HEADER_TOKENS,
  LOG_SAMPLES,
  LOG_TOKENS,
  LOGROTATE_SAMPLES,
  NGINX_SAMPLES,
  NGINX_TOKENS,
} from './samples.js';

function assertLine(line: number | undefined, text: string, what: string): void {
  if (line === undefined) return;
  assert.ok(
    Number.isInteger(line) && line >= 1 && line <= lineCount(text) + 1,
    `${what} line ${line}`,
  );
}

function walkDirectives(directives: NginxDirective[], visit: (directive: NginxDirective) => void) {
  for (const directive of directives) {
    visit(directive);
    if (directive.block) walkDirectives(directive.block, visit);
  }
}

describe('parsers under fuzzing', () => {
  it('env files: every entry has a key and a line of the file', () => {
    fc.assert(
      fc.property(inputsOf(ENV_SAMPLES, ENV_TOKENS), (text) => {
        const entries = timed(() => parseEnvText(text, (key) => /KEY|SECRET/.test(key)));
        for (const entry of entries) {
          assert.match(entry.key, /^[\w.-]+$/);
          assert.equal(typeof entry.value, 'string');
          assertLine(entry.line, text.replace(/^\uFEFF/, ''), entry.key);
        }
      }),
      fuzzOptions(),
    );
  });

  it('nginx: directives and syntax errors carry lines of the file', () => {
    fc.assert(
      fc.property(inputsOf(NGINX_SAMPLES, NGINX_TOKENS), (text) => {
        const parsed = timed(() => parseNginx(text, 'fuzz.conf'));
        for (const error of parsed.errors) {
          assert.equal(error.file, 'fuzz.conf');
          assertLine(error.line, text, 'error');
        }
        walkDirectives(parsed.directives, (directive) => {
          // Only a quoted name can be empty: `"" 1;` is a map's entry for an empty value.
          if (directive.name === '') assert.match(text.slice(directive.span.start), /^["']/);
          assertLine(directive.line, text, directive.name);
        });
      }),
      fuzzOptions(),
    );
  });

  it('nginx: nesting deeper than any configuration is an error, not a stack overflow', () => {
    const deep = `${'server { '.repeat(50_000)}${'}'.repeat(50_000)}`;
    const parsed = timed(() => parseNginx(deep, 'deep.conf'), 5000);
    assert.ok(parsed.errors.length > 0);
  });

  it('cases the fuzzer found stay fixed', () => {
    // A quote left open at the end was read as a directive named "".
    const open = parseNginx('"', 'fuzz.conf');
    assert.deepEqual(open.directives, []);
    assert.deepEqual(
      open.errors.map((error) => error.message),
      ['unexpected end of file, expecting ";" or "}"'],
    );
    const left = parseNginx('user "nobody', 'fuzz.conf');
    assert.deepEqual(
      left.directives.map((directive) => [directive.name, directive.args]),
      [['user', []]],
    );
    // A quoted empty name is a map's entry, not an error.
    const map = parseNginx('map $a $b { "" 1; default 0; }', 'fuzz.conf');
    assert.deepEqual(map.errors, []);
    assert.deepEqual(
      map.directives[0]?.block?.map((directive) => directive.name),
      ['', 'default'],
    );
    // Broken nft JSON and unknown text threw plain errors instead of a located ParseError.
    for (const text of ['{"nftables"', '"Status: active\n', '{"nftables": 1}']) {
      assert.throws(
        () => parseSavedOutput(text, 'saved-output'),
        (error: unknown) => error instanceof ParseError && error.location.file === 'saved-output',
      );
    }
    // A max-age past 2^53 is valid HSTS; it is held as the largest exact number.
    const hsts = parseHsts('max-age=99999999999999999999');
    assert.ok(hsts.valid);
    assert.equal(hsts.policy.maxAge, Number.MAX_SAFE_INTEGER);
  });

  it('Markdown checklists: every task sits on a line of the file', () => {
    fc.assert(
      fc.property(inputsOf(CHECKLIST_SAMPLES, CHECKLIST_TOKENS), (text) => {
        const checklist = timed(() => parseChecklist(text), 1000);
        for (const task of checklist.tasks) {
          assertLine(task.line, text, task.text);
          assert.ok(task.markOffset >= 0 && task.markOffset < text.length);
        }
      }),
      fuzzOptions(),
    );
  });

  it('firewall outputs: a ruleset, or a ParseError that names the output', () => {
    fc.assert(
      fc.property(inputsOf(FIREWALL_SAMPLES, FIREWALL_TOKENS), (text) => {
        try {
          const ruleset = timed(() => parseSavedOutput(text, 'saved-output'));
          assert.ok(Array.isArray(ruleset.tables));
        } catch (error) {
          if (!(error instanceof ParseError)) throw error;
          assert.equal(error.location.file, 'saved-output');
          assertLine(error.location.line, text, 'error');
        }
      }),
      fuzzOptions(),
    );
  });

  it('logrotate configuration: rules carry lines of the file', () => {
    fc.assert(
      fc.property(
        inputsOf(LOGROTATE_SAMPLES, [
          '{',
          '}',
          '\n',
          'daily',
          'rotate 7',
          'postrotate',
          'endscript',
          'include /etc/x',
          '/var/log/*.log ',
          '#',
        ]),
        (text) => {
          const config = timed(() => parseLogrotate(text, 'logrotate.conf'));
          for (const rule of config.rules) assertLine(rule.line, text, 'rule');
        },
      ),
      fuzzOptions(),
    );
  });

  it('log lines: a record, malformed or blank, quickly, however long the line', () => {
    const long = fc
      .tuple(
        fc.constantFrom(...LOG_SAMPLES),
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom('"', '\\', ' ', 'a"'),
      )
      .map(([sample, times, filler]) => sample.slice(0, sample.length / 2) + filler.repeat(times));
    fc.assert(
      fc.property(fc.oneof(inputsOf(LOG_SAMPLES, LOG_TOKENS), long), (text) => {
        const parsed = timed(() => parseLine(text));
        assert.ok(
          parsed === 'blank' || parsed === 'malformed' || typeof parsed.format === 'string',
        );
      }),
      fuzzOptions(),
    );
  });

  it('header values: HSTS, CSP and X-Frame-Options parsers judge any value', () => {
    fc.assert(
      fc.property(tokenSoup(HEADER_TOKENS, 40), (value) => {
        const hsts = timed(() => parseHsts(value));
        if (hsts.valid)
          assert.ok(Number.isSafeInteger(hsts.policy.maxAge) && hsts.policy.maxAge >= 0);
        timed(() => parseCspHeaders([value, value]));
        timed(() => parseFrameOptions([value]));
      }),
      fuzzOptions(),
    );
  });

  it('header values as the client hands them on: no control or reordering character is left', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)),
          maxLength: 80,
        }),
        (latin1) => {
          const text = readableText(latin1);
          assert.doesNotMatch(
            text,
            /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
          );
        },
      ),
      fuzzOptions(),
    );
  });
});
