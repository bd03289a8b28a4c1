import { parse, registerDynamicLanguage, Lang } from '@ast-grep/napi';
import python from '@ast-grep/lang-python';
registerDynamicLanguage({ python });
for (const src of ['def g(:\n    pass\n', 'def f(db, x):\n    db.execute(f"SELECT {x}")\n# x\ndef g(:\n    pass\n', 'class A\n  x = = 2\n']) {
  const r = parse('python', src).root();
  console.log(JSON.stringify(src), r.find({ rule: { kind: 'ERROR' } })?.text(), r.text().length);
  const walk = (n: any, d: number) => { if (d < 6) { console.log(' '.repeat(d) + n.kind() + (n.isLeaf() ? ' ' + JSON.stringify(n.text()) : '')); for (const c of n.children()) walk(c, d + 1); } };
  if (src.startsWith('def g')) walk(r, 0);
}
const t = parse(Lang.TypeScript, 'function (( {').root();
console.log(t.find({ rule: { kind: 'ERROR' } })?.text());
