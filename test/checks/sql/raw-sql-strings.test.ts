import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/sql/raw-sql-strings.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

describe("'raw-sql-strings'", () => {
  it('is the check bound to sql.raw-queries', () => assert.equal(check.id, 'raw-sql-strings'));

  it('passes parameterised queries in Python and TypeScript', async () => {
    const finding = await judge({
      'app/db.py':
        'def f(db, i):\n    db.execute(text("SELECT * FROM t WHERE id = :id"), {"id": i})\n',
      'web/db.ts':
        "export const f = (pool, id) => pool.query('SELECT * FROM t WHERE id = $1', [id]);\n",
    });
    assert.equal(finding.status, 'pass');
  });

  it('fails each kind of built SQL with its file and line', async () => {
    const finding = await judge({
      'backend/app/api/users.py':
        'def f(db, name):\n    db.execute(text(f"SELECT * FROM u WHERE n = \'{name}\'"))\n',
      'backend/app/services/report.py':
        'def g(cur, r):\n    q = "SELECT * FROM s WHERE r = \'%s\'" % r\n    cur.execute(q)\n',
      'web/src/db.ts':
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is source under test
        'export const h = (pool, id) => pool.query(`SELECT * FROM t WHERE id = ${id}`);\n',
    });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(
      finding.evidence?.map((evidence) => evidence.location),
      [
        { file: 'backend/app/api/users.py', line: 2 },
        { file: 'backend/app/services/report.py', line: 3 },
        { file: 'web/src/db.ts', line: 1 },
      ],
    );
    assert.match(finding.message, /^3 calls run SQL built from strings/);
    assert.ok(finding.evidence?.every((evidence) => evidence.status === 'fail'));
  });

  it('says one call runs SQL built from strings', async () => {
    const finding = await judge({
      'app/db.py':
        'def f(db, name):\n    db.execute(text(f"SELECT * FROM u WHERE n = \'{name}\'"))\n',
    });
    assert.match(finding.message, /^1 call runs SQL built from strings, in 1 source file/);
  });

  it('skips a project without source files', async () => {
    assert.equal((await judge({ 'README.md': '# hello\n' })).status, 'skip');
  });

  it('warns, not passes, when a file could not be read in full', async () => {
    const finding = await judge({ ...HOSTILE_FILES, 'app/ok.py': 'x = 1\n' });
    assert.equal(finding.status, 'warn');
    const marked = finding.evidence?.filter((evidence) => evidence.status === 'warn') ?? [];
    assert.ok(marked.length > 0);
    assert.ok(
      marked.every((evidence) =>
        /syntax errors|could not be (read|analysed)/.test(evidence.message),
      ),
    );
  });

  it('still fails on a query in a file with invalid bytes', async () => {
    const bad = Buffer.concat([
      Buffer.from('def f(db, x):\n    db.execute(f"SELECT {x}")\n'),
      Buffer.from([0xc3, 0x28]),
    ]);
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/bad.py': bad })).status, 'fail');
  });
});
