import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { indexProject } from '../../src/gather/files.js';
import { extractFiles } from '../../src/gather/source/pool.js';
import { hideLiterals } from '../../src/gather/source/syntax.js';
import { mergeFacts, selectSources } from '../../src/gather/source.js';
import { gatherTree, removeTrees, sourceContext, writeTree } from '../support/source-tree.js';

after(removeTrees);

const PYTHON_SQL = `from sqlalchemy import text

def search(db, cursor, term, user_id):
    db.execute(text(f"SELECT * FROM items WHERE name = '{term}'"))
    sql = "SELECT * FROM users WHERE id = %s" % user_id
    cursor.execute(sql)
    db.execute("DELETE FROM t WHERE x = {}".format(term))
    db.execute("SELECT * FROM t WHERE a = '" + term + "'")
    query = "SELECT * FROM t WHERE b = "
    query += term
    cursor.execute(query)
    cursor.execute("SELECT * FROM t WHERE id = %s", (user_id,))
    db.execute(text("SELECT * FROM t WHERE id = :id"), {"id": user_id})
    db.execute(text("SELECT * FROM t WHERE id = :id").bindparams(id=user_id))
    label = f"hello {term}"
    print(text(label))
`;

const TS_SQL = `import { Pool } from 'pg';
export async function find(pool: Pool, prisma: any, knex: any, sequelize: any, id: string) {
  await pool.query(\`SELECT * FROM users WHERE id = \${id}\`);
  await prisma.$queryRawUnsafe('SELECT * FROM orders WHERE id = ' + id);
  await knex('users').whereRaw(\`name = '\${id}'\`);
  const q = \`DELETE FROM t WHERE id = \${id}\`;
  await sequelize.query(q);
  await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  await prisma.$queryRaw\`SELECT * FROM users WHERE id = \${id}\`;
  await sql\`SELECT \${id}\`;
  await knex.raw('SELECT * FROM t WHERE id = ?', [id]);
  console.log(\`user \${id} queried\`);
}
`;

describe('sourceFacts gatherer', () => {
  it('finds each way of building Python SQL, and no parameterised query', async () => {
    const facts = await gatherTree('sourceFacts', { 'app/db.py': PYTHON_SQL });
    assert.deepEqual(
      facts.rawSql.map((call) => [call.line, call.building]),
      [
        [4, 'f-string'],
        [6, '%-formatting'],
        [7, '.format()'],
        [8, 'concatenation'],
        [11, 'concatenation'],
      ],
    );
    assert.deepEqual(facts.rawSql[1]!.via, { variable: 'sql', line: 5 });
    assert.deepEqual(facts.rawSql[0]!.names, ['term']);
  });

  it('finds template literals and concatenation in JavaScript SQL calls, not tagged templates', async () => {
    const facts = await gatherTree('sourceFacts', { 'src/find.ts': TS_SQL });
    assert.deepEqual(
      facts.rawSql.map((call) => [call.line, call.call, call.building]),
      [
        [3, 'pool.query', 'template literal'],
        [4, 'prisma.$queryRawUnsafe', 'concatenation'],
        [5, 'knex("…"(5 chars)).whereRaw', 'template literal'],
        [7, 'sequelize.query', 'template literal'],
      ],
    );
    assert.deepEqual(facts.rawSql[3]!.via, { variable: 'q', line: 6 });
  });

  it('leaves test files out and counts them', async () => {
    const facts = await gatherTree('sourceFacts', {
      'tests/test_db.py': PYTHON_SQL,
      'src/find.test.ts': TS_SQL,
      'app/ok.py': 'x = 1\n',
    });
    assert.equal(facts.rawSql.length, 0);
    assert.equal(facts.testFilesSkipped, 2);
    assert.equal(facts.filesScanned, 1);
  });

  it('reports syntax errors and invalid UTF-8 and still reads the rest', async () => {
    const broken = Buffer.concat([
      Buffer.from('def f(db, x):\n    db.execute(f"SELECT {x}")\n# \xff\xfe bad bytes\n', 'latin1'),
      Buffer.from('class A\n  x = = 2\n'),
    ]);
    const facts = await gatherTree('sourceFacts', { 'app/broken.py': broken });
    assert.equal(facts.rawSql.length, 1);
    assert.deepEqual(facts.problems.map((problem) => problem.problem).sort(), [
      'encoding',
      'syntax',
    ]);
  });

  it('survives a very long concatenation and a minified bundle', async () => {
    const chain = `def f(db, x):\n    db.execute("SELECT 1 WHERE a = " ${'+ x '.repeat(20_000)})\n`;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is source under test
    const bundle = `var a=1;${'function b(){return pool.query(`SELECT ${x}`)}'.repeat(500)}`;
    const facts = await gatherTree('sourceFacts', { 'app/chain.py': chain, 'web/app.js': bundle });
    assert.equal(facts.rawSql.length, 1);
    assert.equal(facts.filesParsed, 1);
  });

  it('registers passwords of database URLs written in code as secrets', async () => {
    const { context, secrets } = sourceContext(
      writeTree({
        'app/db.py': 'engine = create_engine("postgresql://app:s3cretpass@db:5432/app")\n',
      }),
    );
    const facts = await context.get('sourceFacts');
    assert.equal(facts.databaseClients.length, 1);
    assert.equal(secrets.scrub('s3cretpass'), '[redacted]');
    assert.ok(!JSON.stringify(facts).includes('s3cretpass'));
  });

  it('never keeps a string literal of the code in the facts it reports', async () => {
    const facts = await gatherTree('sourceFacts', {
      'src/server.js': [
        "const express = require('express');",
        "const { Pool } = require('pg');",
        'const app = express();',
        "app.use('/docs', auth('Tk-UNIQUE-JS-01'), swaggerUi.serve, swaggerUi.setup(spec));",
        "db.query('SELECT * FROM t WHERE a = ' + lookup('Tk-UNIQUE-JS-02'));",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source, as text
        "client('Tk-UNIQUE-JS-03').query(`SELECT * FROM t WHERE id = ${id}`);",
        "stripe.paymentIntents.create({ amount: price('Tk-UNIQUE-JS-04'), currency: 'usd' });",
        "new Pool({ connectionString: process.env.DATABASE_URL, max: get('Tk-UNIQUE-JS-05') });",
        "process.env.NODE_ENV = 'Tk-UNIQUE-JS-06';",
        "fetch('/api/checkout?key=Tk-UNIQUE-JS-07', { body: JSON.stringify({ amount: total }) });",
        "let q = 'SELECT * FROM t WHERE a = ';",
        "q += lookup('Tk-UNIQUE-JS-08'); // Tk-UNIQUE-JS-09",
        'db.query(q);',
        '',
      ].join('\n'),
      'app/main.py': [
        'from fastapi import FastAPI',
        'from sqlalchemy import create_engine',
        'app = FastAPI()',
        "app.add_exception_handler(errors.get('Tk-UNIQUE-PY-01'), handler)",
        'db.execute(f"SELECT * FROM t WHERE a = {lookup(\'Tk-UNIQUE-PY-02\')}")',
        'engine = create_engine(os.environ["DATABASE_URL"], pool_size=get("Tk-UNIQUE-PY-03"))',
        'stripe.PaymentIntent.create(amount=price("Tk-UNIQUE-PY-04"), currency="usd")',
        '',
      ].join('\n'),
    });
    // Each of them was found, so the facts did describe those calls.
    assert.equal(facts.docsMounts.length, 1);
    assert.equal(facts.rawSql.length, 4);
    assert.equal(facts.payments.length, 2);
    assert.equal(facts.clientAmounts.length, 1);
    assert.equal(facts.databaseClients.length, 2);
    assert.equal(facts.debugSwitches.length, 1);
    const text = JSON.stringify(facts);
    assert.equal(/Tk-UNIQUE/.exec(text)?.[0], undefined, text);
    assert.match(facts.docsMounts[0]!.what, /^app\.use\("…"\(5 chars\), auth\("…"\(15 chars\)\), /);
  });

  it('gives the same facts on worker threads as on the main thread', async () => {
    const tree: Record<string, string> = {};
    for (let i = 0; i < 40; i += 1) {
      tree[`app/m${i}.py`] = PYTHON_SQL;
      tree[`web/m${i}.ts`] = TS_SQL;
    }
    const index = await indexProject(writeTree(tree), new AbortController().signal);
    const { sources } = selectSources(index);
    const signal = new AbortController().signal;
    const here = mergeFacts(await extractFiles(index.root, sources, { signal, workers: 0 }), {
      tooLarge: 0,
      tests: 0,
    });
    const threads = mergeFacts(await extractFiles(index.root, sources, { signal, workers: 2 }), {
      tooLarge: 0,
      tests: 0,
    });
    assert.equal(here.rawSql.length, 40 * 9);
    assert.deepEqual(threads, here);
  });

  it('is not given without a project folder', async () => {
    await assert.rejects(sourceContext(undefined).context.get('sourceFacts'), {
      name: 'NotGivenError',
    });
  });
});

describe('hideLiterals', () => {
  it('hides every literal and comment, nested ones too, and keeps the code around them', () => {
    const cases: [string, string][] = [
      ["auth('Tk-1')", 'auth("…"(4 chars))'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source, as text
      ['f(`a${`inner-secret`}b`)', 'f("…"(19 chars))'],
      ['x.match(/sk_live_[a-z]+/g) / 2', 'x.match("…"(14 chars)) / 2'],
      ['run("""tri"ple""", key) # pw=abc', 'run("…"(7 chars), key)  '],
      ['f(a) // token abc\ng(b /* pw */)', 'f(a)  \ng(b  )'],
      ["this.#field.call('x')", 'this.#field.call("…"(1 char))'],
      ["open('unterminated", 'open("…"(12 chars)'],
    ];
    for (const [code, shown] of cases) assert.equal(hideLiterals(code), shown, code);
  });
});
