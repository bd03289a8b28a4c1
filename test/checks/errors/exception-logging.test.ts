import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/errors/exception-logging.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

const handler = (body: string) =>
  `app = FastAPI()\n\n@app.exception_handler(Exception)\nasync def on_error(request, exc):\n${body}`;

describe("'exception-logging'", () => {
  it('passes a handler that logs and answers a generic message', async () => {
    const code = handler(
      '    logger.exception("boom")\n    return JSONResponse({"detail": "Internal error"})\n',
    );
    assert.equal((await judge({ 'app/main.py': code })).status, 'pass');
  });

  it('passes a handler that logs through a logger it asks for on the spot', async () => {
    for (const call of [
      'logging.getLogger(__name__).exception("unhandled")',
      'structlog.get_logger().error("unhandled", exc_info=exc)',
    ]) {
      const code = handler(`    ${call}\n    return JSONResponse({"detail": "Internal error"})\n`);
      assert.equal((await judge({ 'app/main.py': code })).status, 'pass', call);
    }
  });

  it('fails a handler that does not log', async () => {
    const code = handler('    return JSONResponse({"detail": "Internal error"})\n');
    const finding = await judge({ 'app/main.py': code });
    assert.equal(finding.status, 'fail');
    assert.ok(finding.evidence?.every((evidence) => evidence.status === 'fail'));
  });

  it('fails a handler that echoes the error, at the line of the response', async () => {
    const code = handler('    logger.error("x")\n    return JSONResponse({"detail": str(exc)})\n');
    const finding = await judge({ 'app/main.py': code });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/main.py', line: 6 });
    assert.deepEqual(
      finding.evidence?.map((evidence) => evidence.status),
      ['fail'],
    );
    const js =
      'app.use((err, req, res, next) => { logger.error(err); res.status(500).json({ error: err.stack }); });\n';
    assert.equal((await judge({ 'src/app.js': `const app = express();\n${js}` })).status, 'fail');
  });

  it('names the line of its location in its text, after the handler`s own place', async () => {
    const code = handler('    logger.error("x")\n    return JSONResponse({"detail": str(exc)})\n');
    const finding = await judge({ 'app/main.py': code });
    const echo = finding.evidence![0]!;
    assert.deepEqual(echo.location, { file: 'app/main.py', line: 6 });
    assert.match(
      echo.message,
      /^app\/main\.py:4: .* puts the error into the response at app\/main\.py:6$/,
    );
  });

  it('is manual without a handler, skipped without source, and survives hostile files', async () => {
    assert.equal((await judge({ 'app/main.py': 'app = FastAPI()\n' })).status, 'manual');
    assert.equal((await judge({ 'notes.txt': 'x\n' })).status, 'skip');
    const code = handler('    logger.exception("boom")\n    return PlainTextResponse("error")\n');
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/main.py': code })).status, 'pass');
  });
});
