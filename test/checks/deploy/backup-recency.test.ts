import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOf, evidenceText, HostRoot, itemOf, scanHost } from '../../host/host-root.js';

const FOLDER = '/var/backups/db';

async function backups(root: HostRoot, host: Record<string, unknown> = { backupFolder: FOLDER }) {
  const report = await scanHost(root, host);
  return { check: checkOf(report, 'backup-recency'), item: itemOf(report, 'deploy.backup') };
}

describe("'backup-recency' on a host root", () => {
  it('a dump from last night passes, named as the newest beside an old one', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb-2024-05-01.dump`, 'PGDMP old', 24 * 30);
    root.write(`${FOLDER}/2024/06/appdb-2024-06-03.dump`, 'PGDMP new', 5);
    const { check, item } = await backups(root);
    assert.equal(check.status, 'pass');
    assert.equal(item.status, 'pass');
    assert.match(
      check.message,
      /The newest backup, 2024\/06\/appdb-2024-06-03\.dump, is 5 hours old/,
    );
    assert.match(evidenceText(check), /2 files in \/var\/backups\/db/);
  });

  it('only old dumps fail, over the 26-hour limit', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb-1.dump`, 'PGDMP', 24 * 9);
    root.write(`${FOLDER}/appdb-2.dump`, 'PGDMP', 24 * 3);
    const { check } = await backups(root);
    assert.equal(check.status, 'fail');
    assert.match(check.message, /appdb-2\.dump, is 3 days old, over the 26-hour limit/);
  });

  it('an empty newest dump fails: the dump failed', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb-1.dump`, 'PGDMP', 30);
    root.write(`${FOLDER}/appdb-2.dump`, '', 1);
    const { check } = await backups(root);
    assert.equal(check.status, 'fail');
    assert.match(check.message, /appdb-2\.dump, is empty/);
  });

  it('an empty folder fails', async () => {
    const root = new HostRoot();
    root.folder(FOLDER);
    root.write(`${FOLDER}/.keep`, '', 1);
    const { check } = await backups(root);
    assert.equal(check.status, 'fail');
    assert.equal(check.message, `The backup folder ${FOLDER} holds no file.`);
  });

  it('a missing folder fails', async () => {
    const { check, item } = await backups(new HostRoot());
    assert.equal(check.status, 'fail');
    assert.equal(item.status, 'fail');
    assert.equal(check.message, `The backup folder ${FOLDER} does not exist.`);
  });

  it('in host mode without host.backupFolder it is skipped, naming the key', async () => {
    const { check } = await backups(new HostRoot(), {});
    assert.equal(check.status, 'skip');
    assert.match(check.message, /host\.backupFolder/);
  });

  it('outside host mode it is skipped, naming --host', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb.dump`, 'PGDMP', 1);
    const check = checkOf(await scanHost(root, { backupFolder: FOLDER }, {}), 'backup-recency');
    assert.equal(check.status, 'skip');
    assert.match(check.message, /--host/);
  });
});
