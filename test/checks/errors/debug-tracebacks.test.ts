import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/errors/debug-tracebacks.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

describe("'debug-tracebacks'", () => {
  it('passes code without debug switches', async () => {
    const finding = await judge({
      'app/main.py': 'app = FastAPI(debug=settings.debug)\nDEBUG = False\n',
    });
    assert.equal(finding.status, 'pass');
  });

  it('fails each debug switch with its place', async () => {
    const finding = await judge({
      'app/main.py': 'app = FastAPI(debug=True)\n',
      'app/settings.py': 'DEBUG = True\n',
      'app/run.py': 'app.run(debug=True)\n',
      'web/server.js': "process.env.NODE_ENV = 'development';\n",
    });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.evidence?.map((evidence) => evidence.location?.file).sort(), [
      'app/main.py',
      'app/run.py',
      'app/settings.py',
      'web/server.js',
    ]);
  });

  it('skips a project without source, and reads past hostile files', async () => {
    assert.equal((await judge({ '.env': 'DEBUG=true\n' })).status, 'skip');
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/s.py': 'DEBUG = True\n' })).status, 'fail');
  });
});
