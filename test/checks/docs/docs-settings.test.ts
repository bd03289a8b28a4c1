import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/docs/docs-settings.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

describe("'docs-settings'", () => {
  it('passes docs turned off, directly or in production only', async () => {
    const trees: Array<Record<string, string>> = [
      { 'app/main.py': 'app = FastAPI(openapi_url=None)\n' },
      { 'app/main.py': 'app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)\n' },
      {
        'app/main.py':
          'openapi_url = "/openapi.json" if settings.ENVIRONMENT != "production" else None\napp = FastAPI(openapi_url=openapi_url)\n',
      },
      {
        'src/app.ts':
          "const app = express();\nif (process.env.NODE_ENV !== 'production') {\n  app.use('/docs', swaggerUi.serve, swaggerUi.setup(spec));\n}\n",
      },
      { 'src/app.ts': 'const app = express();\napp.listen(3000);\n' },
    ];
    for (const tree of trees)
      assert.equal((await judge(tree)).status, 'pass', JSON.stringify(tree));
  });

  it('fails default FastAPI docs and unconditional Swagger mounts, with their lines', async () => {
    const finding = await judge({
      'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI(title="Shop")\n',
      'src/main.ts':
        "const app = await NestFactory.create(AppModule);\nSwaggerModule.setup('docs', app, document);\n",
    });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(
      finding.evidence?.map((evidence) => evidence.location),
      [
        { file: 'app/main.py', line: 3 },
        { file: 'src/main.ts', line: 2 },
      ],
    );
    assert.equal((await judge({ 'app/main.py': 'app = FastAPI(docs_url=None)\n' })).status, 'fail');
  });

  it('is manual for unreadable settings or no application, and skipped without source', async () => {
    assert.equal(
      (await judge({ 'app/main.py': 'app = FastAPI(**settings.fastapi_kwargs)\n' })).status,
      'manual',
    );
    assert.equal((await judge({ 'app/util.py': 'x = 1\n' })).status, 'manual');
    assert.equal((await judge({ 'a.txt': 'x' })).status, 'skip');
  });

  it('reads the app beside hostile files', async () => {
    assert.equal(
      (await judge({ ...HOSTILE_FILES, 'app/main.py': 'app = FastAPI()\n' })).status,
      'fail',
    );
  });
});
