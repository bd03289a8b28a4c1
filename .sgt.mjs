import { parse, registerDynamicLanguage, Lang } from '@ast-grep/napi';
import python from '@ast-grep/lang-python';
registerDynamicLanguage({ python });
const root = parse('python', 'def f():\n    q = 1\n    q += 2\n    w = 3\nx = (1 +\n')
  .root();
console.log(root.findAll({ rule: { any: [{ kind: 'assignment' }, { kind: 'augmented_assignment' }], has: { field: 'left', regex: '^q$' } } }).map((n) => n.text()));
console.log(root.findAll({ rule: { kind: 'ERROR' } }).map((n) => [n.text(), n.range().start.line]));
const bo = parse('python', 'x = a % b').root().find({ rule: { kind: 'binary_operator' } });
console.log(bo.field('operator')?.text(), bo.field('left').text());
const t = parse(Lang.TypeScript, 'let q = 1; q += x; const {a} = b; function g(a, b) {}').root();
console.log(t.findAll({ rule: { kind: 'augmented_assignment_expression' } }).map((n) => [n.field('operator')?.text(), n.field('left').text()]));
console.log(t.find({rule:{kind:'formal_parameters'}}).namedChildren().length);
const m = parse(Lang.TypeScript, 'class A { @Get() x() {} }').root();
console.log(m.find({ rule: { kind: 'ERROR' } }));
