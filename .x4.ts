import { readFileSync, readdirSync } from 'node:fs';
import { parse, registerDynamicLanguage } from '@ast-grep/napi';
import python from '@ast-grep/lang-python';
registerDynamicLanguage({ python });
const dir = '/tmp/sg/bsmall/module0';
const texts = readdirSync(dir).filter((f) => f.endsWith('.py')).map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
const big = '(?:^|\\.)(?:execute\\w*|exec_driver_sql|mogrify|fetch\\w*|text|raw|read_sql\\w*)$|(?:^|\\.)(?:FastAPI|Starlette|Flask|run)$|(?:^|\\.)(?:exception_handler|add_exception_handler|errorhandler|register_error_handler|middleware|FastAPI|Starlette)$|(?:create_(?:async_)?engine|ConnectionPool|create_pool|connect|create_all)$|(?:^|\\.)(?:getLogger|get_logger|\\w*FileHandler|basicConfig|add|SMTPHandler|HTTPHandler|init|configure|initialize)$';
const roots = texts.map((t) => parse('python', t).root());
for (const [name, rule] of [
  ['kind', { kind: 'call' }],
  ['small', { kind: 'call', has: { field: 'function', regex: 'execute$' } }],
  ['big', { kind: 'call', has: { field: 'function', regex: big } }], ['bigascii', { kind: 'call', has: { field: 'function', regex: big.replaceAll('\\w', '[A-Za-z0-9_]') } }], ['bignou', { kind: 'call', has: { field: 'function', regex: '(?-u)' + big } }],
  ['error', { kind: 'ERROR' }],
] as const) {
  const t = performance.now();
  let n = 0;
  for (let k = 0; k < 5; k++) for (const r of roots) n += r.findAll({ rule } as never).length;
  console.log(name, n / 5, ((performance.now() - t) / 5 / roots.length).toFixed(2), 'ms/file');
}
const t = performance.now();
for (const x of texts) parse('python', x);
console.log('parse', ((performance.now() - t) / texts.length).toFixed(2), 'ms/file');
function nativeRegex(source: string): string {
  return source.replace(/\\([wsdb])/g, (_m, c: string) => ({ w: '[0-9A-Za-z_]', s: '[\\t\\n\\f\\r ]', d: '[0-9]', b: '(?-u:\\b)' })[c]!);
}
const conv = nativeRegex(big + '|\\bfoo\\s\\d');
const t2 = performance.now();
for (let k = 0; k < 5; k++) for (const r of roots) r.findAll({ rule: { kind: 'call', has: { field: 'function', regex: conv } } });
console.log('converted', ((performance.now() - t2) / 5 / roots.length).toFixed(2), 'ms/file');
