import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeLogFreshness } from '../../../src/checks/logging/security-log-freshness.js';
import { readSecurityLogs } from '../../../src/gather/host/security-logs.js';
import { checkOf, HostRoot, itemOf, scanHost } from '../../host/host-root.js';

const LOG = '/var/log/app/security.log';

async function freshness(root: HostRoot, host: Record<string, unknown> = {}) {
  const report = await scanHost(root, host);
  return {
    check: checkOf(report, 'security-log-freshness'),
    item: itemOf(report, 'logging.written'),
  };
}

describe("'security-log-freshness' on a host root", () => {
  it('a log written an hour ago passes', async () => {
    const root = new HostRoot();
    root.write(LOG, '2024-06-03T10:00:00Z login_failed user=42\n', 1);
    const { check, item } = await freshness(root);
    assert.equal(check.status, 'pass');
    assert.equal(item.status, 'pass');
    assert.match(check.message, /security\.log \(42 bytes\) was last written 1 hours ago/);
  });

  it('a log last written two days ago fails, over the 24-hour limit', async () => {
    const root = new HostRoot();
    root.write(LOG, 'old entry\n', 48);
    const { check } = await freshness(root);
    assert.equal(check.status, 'fail');
    assert.match(check.message, /was last written 2 days ago, over the 24-hour limit/);
  });

  it('the limit follows policy.securityLogMaxAge', async () => {
    const root = new HostRoot();
    root.write(LOG, 'entry\n', 48);
    const project = await scanHost(root);
    assert.equal(checkOf(project, 'security-log-freshness').status, 'fail');
    const logs = await readSecurityLogs(root.path, [LOG], new Date());
    assert.equal(judgeLogFreshness(logs, 72).status, 'pass');
  });

  it('an absent log fails, never passes', async () => {
    const { check, item } = await freshness(new HostRoot());
    assert.equal(check.status, 'fail');
    assert.equal(item.status, 'fail');
    assert.match(check.message, /\/var\/log\/app\/security\.log does not exist/);
  });

  it('an empty log fails, and a folder in its place fails', async () => {
    const root = new HostRoot();
    root.write(LOG, '', 0);
    root.folder('/var/log/app/audit.log');
    const { check } = await freshness(root, { securityLogs: [LOG, '/var/log/app/audit.log'] });
    assert.equal(check.status, 'fail');
    assert.match(
      check.message,
      /security\.log is empty; \/var\/log\/app\/audit\.log is not a regular file/,
    );
  });

  it('every configured log must be fresh', async () => {
    const root = new HostRoot();
    root.write(LOG, 'fresh\n', 0.5);
    root.write('/var/log/app/auth.log', 'stale\n', 100);
    const { check } = await freshness(root, { securityLogs: [LOG, '/var/log/app/auth.log'] });
    assert.equal(check.status, 'fail');
    assert.match(check.message, /auth\.log \(6 bytes\) was last written 4 days ago/);
    assert.doesNotMatch(check.message, /security\.log/);
  });

  it('outside host mode it is skipped, naming --host', async () => {
    const root = new HostRoot();
    root.write(LOG, 'fresh\n', 0);
    const check = checkOf(await scanHost(root, {}, {}), 'security-log-freshness');
    assert.equal(check.status, 'skip');
    assert.match(check.message, /--host/);
  });
});
