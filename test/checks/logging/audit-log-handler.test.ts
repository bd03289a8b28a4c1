import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/logging/audit-log-handler.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ loggingSetup: await gatherTree('loggingSetup', tree) }, checkContext);
}

const SECURITY = 'security = logging.getLogger("security")\n';

describe("'audit-log-handler'", () => {
  it('passes a security logger with a file handler, in code or in a logging config', async () => {
    const code = `${SECURITY}security.addHandler(RotatingFileHandler("/var/log/app/security.log"))\n`;
    const finding = await judge({ 'app/log.py': code });
    assert.equal(finding.status, 'pass');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/log.py', line: 1 });
    const ini =
      '[logger_security]\nhandlers=file\n\n[handler_file]\nclass=handlers.RotatingFileHandler\nargs=("/var/log/app/security.log", "a", 1000000, 5)\n';
    assert.equal((await judge({ 'logging.ini': ini })).status, 'pass');
    const winston =
      "const auditLogger = winston.createLogger({ transports: [new winston.transports.File({ filename: 'audit.log' })] });\n";
    assert.equal((await judge({ 'src/log.js': winston })).status, 'pass');
  });

  it('warns for a security logger on a stream, and for file logs without one', async () => {
    assert.equal((await judge({ 'app/log.py': SECURITY })).status, 'warn');
    const file =
      'logger = logging.getLogger("app")\nlogger.addHandler(logging.FileHandler("app.log"))\n';
    assert.equal((await judge({ 'app/log.py': file })).status, 'warn');
  });

  it('fails without any security logger, and skips an empty project', async () => {
    assert.equal(
      (await judge({ 'app/x.py': 'import logging\nlogger = logging.getLogger(__name__)\n' }))
        .status,
      'fail',
    );
    assert.equal((await judge({ 'README.md': '' })).status, 'skip');
  });

  it('reads past hostile files', async () => {
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/log.py': SECURITY })).status, 'warn');
  });
});
