import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/errors/exception-handler.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

const FASTAPI = `from fastapi import FastAPI
app = FastAPI()

@app.exception_handler(Exception)
async def on_error(request, exc):
    logger.exception("unhandled")
    return JSONResponse({"detail": "Internal server error"}, status_code=500)
`;

describe("'exception-handler'", () => {
  it('passes a FastAPI handler for Exception', async () => {
    const finding = await judge({ 'app/main.py': FASTAPI });
    assert.equal(finding.status, 'pass');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/main.py', line: 5 });
  });

  it('passes handlers registered by name in another file, and Express, Fastify, NestJS ones', async () => {
    const trees: Array<Record<string, string>> = [
      {
        'app/main.py': 'app = FastAPI()\napp.add_exception_handler(Exception, handle_all)\n',
        'app/errors.py': 'def handle_all(request, exc):\n    logger.error("x")\n',
      },
      {
        'src/app.js':
          'const app = express();\napp.use((err, req, res, next) => res.status(500).end());\n',
      },
      {
        'src/app.ts': 'const app = express();\napp.use(errorHandler);\n',
        'src/error.ts':
          'export const errorHandler = (err, req, res, next) => { res.sendStatus(500); };\n',
      },
      {
        'src/server.ts':
          'const app = Fastify();\napp.setErrorHandler((error, request, reply) => reply.code(500).send());\n',
      },
      {
        'src/main.ts':
          'const app = await NestFactory.create(AppModule);\napp.useGlobalFilters(new AllFilter());\n',
        'src/all.filter.ts':
          '@Catch()\nexport class AllFilter { catch(exception, host) { this.logger.error(exception); } }\n',
      },
    ];
    for (const tree of trees)
      assert.equal((await judge(tree)).status, 'pass', Object.keys(tree).join());
  });

  it('fails an application with only a narrow handler, or none', async () => {
    const narrow = FASTAPI.replace('exception_handler(Exception)', 'exception_handler(ValueError)');
    assert.equal((await judge({ 'app/main.py': narrow })).status, 'fail');
    assert.equal(
      (await judge({ 'src/app.js': 'const app = express();\napp.listen(3000);\n' })).status,
      'fail',
    );
  });

  it('marks the application, where the handler belongs, as the problem; a narrow handler as a note', async () => {
    const narrow = FASTAPI.replace('exception_handler(Exception)', 'exception_handler(ValueError)');
    const finding = await judge({ 'app/main.py': narrow });
    assert.deepEqual(
      finding.evidence?.map((evidence) => [evidence.location?.line, evidence.status]),
      [
        [2, 'fail'],
        [5, undefined],
      ],
    );
  });

  it('is manual without an application and skipped without source', async () => {
    assert.equal((await judge({ 'app/util.py': 'def f():\n    return 1\n' })).status, 'manual');
    assert.equal((await judge({ 'README.md': 'hi\n' })).status, 'skip');
  });

  it('reads the handler beside hostile files', async () => {
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/main.py': FASTAPI })).status, 'pass');
  });
});
