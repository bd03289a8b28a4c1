import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/logging/alert-hook.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ loggingSetup: await gatherTree('loggingSetup', tree) }, checkContext);
}

const SENTRY = 'sentry_sdk.init(dsn=os.getenv("SENTRY_DSN"), traces_sample_rate=0.1)\n';

describe("'alert-hook'", () => {
  it('passes an error tracker whose DSN the deployment sets, and a webhook', async () => {
    const finding = await judge({
      'app/main.py': SENTRY,
      '.env': 'SENTRY_DSN=https://abc123@o1.ingest.sentry.io/1\n',
    });
    assert.equal(finding.status, 'pass');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/main.py', line: 1 });
    assert.ok(!JSON.stringify(finding).includes('abc123'));
    const slack = 'requests.post(os.environ["SLACK_WEBHOOK_URL"], json={"text": msg})\n';
    assert.equal(
      (
        await judge({
          'app/alert.py': slack,
          '.env': 'SLACK_WEBHOOK_URL=https://hooks.example/x\n',
        })
      ).status,
      'pass',
    );
  });

  it('warns when the tracker has no DSN in the deployment, or the DSN is unused', async () => {
    assert.equal((await judge({ 'app/main.py': SENTRY, '.env': 'SENTRY_DSN=\n' })).status, 'warn');
    assert.equal(
      (await judge({ 'app/x.py': 'x = 1\n', '.env': 'SENTRY_DSN=https://k@sentry.io/1\n' })).status,
      'warn',
    );
  });

  it('is manual without any alert channel, and reads past hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    const tree = {
      ...HOSTILE_FILES,
      'src/main.ts': "Sentry.init({ dsn: 'https://k@o1.ingest.sentry.io/1' });\n",
    };
    assert.equal((await judge(tree)).status, 'pass');
  });
});
