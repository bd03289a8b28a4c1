import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseNginx } from '../../../src/gather/nginx/parse.js';
import type { NginxDirective } from '../../../src/gather/nginx/types.js';

function parse(text: string) {
  return parseNginx(text, 'nginx.conf');
}

/** name, args and line of each directive, blocks nested: what a test compares. */
function shape(directives: NginxDirective[]): unknown[] {
  return directives.map((directive) => [
    directive.name,
    directive.args,
    directive.line,
    ...(directive.block ? [shape(directive.block)] : []),
  ]);
}

function errorsOf(text: string): [number, string][] {
  return parse(text).errors.map((error) => [error.line, error.message]);
}

describe('parseNginx: tokens', () => {
  it('keeps the file and line of every directive, nested blocks included', () => {
    const parsed = parse('events {}\nhttp {\n  server {\n    listen 80;\n  }\n}\n');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(shape(parsed.directives), [
      ['events', [], 1, []],
      ['http', [], 2, [['server', [], 3, [['listen', ['80'], 4]]]]],
    ]);
    assert.equal(parsed.directives[1]!.file, 'nginx.conf');
  });

  it('dates a directive that spans lines by its first word', () => {
    const parsed = parse('resolver\n  1.1.1.1\n  valid=60s;\n');
    assert.deepEqual(shape(parsed.directives), [['resolver', ['1.1.1.1', 'valid=60s'], 1]]);
  });

  it('reads quoted words with braces, semicolons and escapes inside', () => {
    const parsed = parse(`add_header X "a \\"b\\" {c;}" always;\nreturn 200 'it\\'s';`);
    assert.deepEqual(shape(parsed.directives), [
      ['add_header', ['X', 'a "b" {c;}', 'always'], 1],
      ['return', ['200', "it's"], 2],
    ]);
  });

  it('keeps backslashes nginx keeps, as in regexes, and turns \\n and \\t into characters', () => {
    const parsed = parse('location ~ \\.php$ { return 200 "a\\nb\\tc"; }');
    const location = parsed.directives[0]!;
    assert.deepEqual(location.args, ['~', '\\.php$']);
    assert.deepEqual(location.block![0]!.args, ['200', 'a\nb\tc']);
  });

  it('reads # as a comment only at the start of a word', () => {
    const parsed = parse('# whole line\nset $a x#y; # trailing\nlog_format f #c\n  "v";\n');
    assert.deepEqual(shape(parsed.directives), [
      ['set', ['$a', 'x#y'], 2],
      ['log_format', ['f', 'v'], 3],
    ]);
  });

  it('does not open a block at the brace of $' + '{var}', () => {
    const word = '/a/$' + '{uri}';
    const parsed = parse(`try_files ${word} =404;`);
    assert.deepEqual(shape(parsed.directives), [['try_files', [word, '=404'], 1]]);
  });

  it('starts a new word at ) after a quote, as in if ($a = "b")', () => {
    const parsed = parse('if ($a = "b") { return 403; }');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.directives[0]!.args, ['($a', '=', 'b', ')']);
  });

  it('records the span of each argument as written, quotes included', () => {
    const text = 'pid "/run/nginx.pid";';
    const [directive] = parse(text).directives;
    const span = directive!.argSpans[0]!;
    assert.equal(text.slice(span.start, span.end), '"/run/nginx.pid"');
    assert.equal(text.slice(directive!.span.start, directive!.span.end), text);
  });

  it('hands an OpenResty *_by_lua_block to Lua, braces in strings and comments included', () => {
    const text =
      'content_by_lua_block {\n  ngx.say("{") -- }\n  local t = { [[}]] }\n}\nlisten 80;';
    const parsed = parse(text);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.directives[0]!.name, 'content_by_lua_block');
    assert.match(parsed.directives[0]!.raw!, /ngx\.say/);
    assert.deepEqual(shape(parsed.directives.slice(1)), [['listen', ['80'], 5]]);
  });
});

describe('parseNginx: syntax errors at the line nginx reports', () => {
  it('reports a missing semicolon at the closing brace and reads on', () => {
    const text =
      'http {\n  server {\n    location / {\n      proxy_pass http://a\n    }\n    listen 80;\n  }\n}\n';
    assert.deepEqual(errorsOf(text), [[5, 'unexpected "}"']]);
    const server = parse(text).directives[0]!.block![0]!;
    assert.deepEqual(shape(server.block!), [
      ['location', ['/'], 3, [['proxy_pass', ['http://a'], 4]]],
      ['listen', ['80'], 6],
    ]);
  });

  it('reports an unclosed block at the end of the file', () => {
    assert.deepEqual(errorsOf('events {}\nhttp {\n'), [
      [3, 'unexpected end of file, expecting "}"'],
    ]);
  });

  it('reports a last directive without its semicolon', () => {
    assert.deepEqual(errorsOf('worker_processes 1'), [
      [1, 'unexpected end of file, expecting ";" or "}"'],
    ]);
  });

  it('reports a brace that closes nothing', () => {
    assert.deepEqual(errorsOf('events {}\n}\nhttp {}\n'), [[2, 'unexpected "}"']]);
    assert.equal(parse('events {}\n}\nhttp {}\n').directives.length, 2);
  });

  it('reports text glued to a closing quote', () => {
    assert.deepEqual(errorsOf('a "left"-quote;'), [[1, 'unexpected "-"']]);
  });

  it('reports a block or semicolon without a directive', () => {
    assert.deepEqual(errorsOf('events {}\n;\n{ listen 80; }\n'), [
      [2, 'unexpected ";"'],
      [3, 'unexpected "{"'],
    ]);
  });

  it('reports an unclosed quote at the end of the file', () => {
    assert.deepEqual(errorsOf('return 200 "open\n'), [
      [2, 'unexpected end of file, expecting ";" or "}"'],
    ]);
  });

  it('stops nesting past 64 levels instead of exhausting the stack', () => {
    const deep = `${'a {'.repeat(200)}${'}'.repeat(200)}`;
    const parsed = parse(deep);
    assert.equal(parsed.errors.length, 1);
    assert.match(parsed.errors[0]!.message, /nested more than 64/);
  });

  it('never throws, and every error has a line within the text', () => {
    const alphabet = fc.constantFrom(...'ab {};#"\'\\$\n ()'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (chars) => {
        const text = chars.join('');
        const lines = text.split('\n').length;
        for (const error of parse(text).errors) {
          assert.ok(error.line >= 1 && error.line <= lines, `line ${error.line} of ${lines}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
