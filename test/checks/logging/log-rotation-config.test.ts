import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/logging/log-rotation-config.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ loggingSetup: await gatherTree('loggingSetup', tree) }, checkContext);
}

const PLAIN = 'handler = logging.FileHandler("/var/log/app/security.log")\n';

describe("'log-rotation-config'", () => {
  it('passes a rotating handler, and a plain one a logrotate rule covers', async () => {
    const rotating = 'h = RotatingFileHandler("/var/log/app/security.log", maxBytes=1000000)\n';
    assert.equal((await judge({ 'app/log.py': rotating })).status, 'pass');
    const rule = '/var/log/app/*.log {\n  daily\n  rotate 14\n  compress\n}\n';
    assert.equal(
      (await judge({ 'app/log.py': PLAIN, 'deploy/logrotate.d/app': rule })).status,
      'pass',
    );
    const byName = 'h = logging.FileHandler(os.path.join(LOG_DIR, "security.log"))\n';
    assert.equal((await judge({ 'app/log.py': byName, 'ops/app.logrotate': rule })).status, 'pass');
  });

  it('fails a plain file handler that nothing rotates, at its line', async () => {
    const finding = await judge({
      'app/log.py': PLAIN,
      'deploy/logrotate.d/app': '/var/log/nginx/*.log {\n  daily\n}\n',
    });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/log.py', line: 1 });
  });

  it('is manual without log files, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal((await judge({ ...HOSTILE_FILES, 'app/log.py': PLAIN })).status, 'fail');
  });
});
