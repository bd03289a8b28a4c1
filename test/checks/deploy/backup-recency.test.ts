import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judgeBackups } from '../../../src/checks/deploy/backup-recency.js';
import { type FolderReader, readBackupFolder } from '../../../src/gather/host/backups.js';
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

const NOW = new Date();

/** The real file system, except that listing `refused` (a host path) fails with `code`. */
function refusing(root: HostRoot, refused: string, code = 'EACCES'): FolderReader {
  const blocked = join(root.path, refused);
  return {
    list: (path) =>
      path === blocked
        ? Promise.reject(Object.assign(new Error(`${code}: ${path}`), { code }))
        : readdir(path, { withFileTypes: true }),
    stat: (path) => stat(path),
  };
}

describe("'backup-recency' when the folder cannot be examined", () => {
  it('a folder that cannot be listed is an error with the reason, not "holds no file"', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb.dump`, 'PGDMP', 1);
    const backups = await readBackupFolder(root.path, FOLDER, NOW, refusing(root, FOLDER));
    assert.equal(backups.state, 'unreadable');
    assert.equal(backups.reason, 'EACCES');
    const finding = judgeBackups(backups, 26);
    assert.equal(finding.status, 'error');
    assert.match(
      finding.message,
      /^The backup folder \/var\/backups\/db could not be examined \(EACCES\): run shipshape as a user who may read it/,
    );
  });

  it('a file given instead of a folder is an error that says so', async () => {
    const root = new HostRoot();
    root.write(FOLDER, 'PGDMP', 1);
    const { check, item } = await backups(root);
    assert.equal(check.status, 'error');
    assert.equal(item.status, 'error');
    assert.match(check.message, /host\.backupFolder \/var\/backups\/db is not a folder \(a file\)/);
  });

  it('an old newest dump beside a subfolder that cannot be listed is an error, naming it', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb-1.dump`, 'PGDMP', 24 * 9);
    root.folder(`${FOLDER}/2024`);
    const backups = await readBackupFolder(
      root.path,
      FOLDER,
      NOW,
      refusing(root, `${FOLDER}/2024`),
    );
    assert.deepEqual(backups.unread, ['2024/ (EACCES)']);
    const finding = judgeBackups(backups, 26);
    assert.equal(finding.status, 'error');
    assert.match(
      finding.message,
      /appdb-1\.dump, is 9 days old, over the 26-hour limit, but part of \/var\/backups\/db could not be examined \(2024\/ \(EACCES\)\)/,
    );
  });

  it('a recent dump passes even when a subfolder cannot be listed, and the evidence says so', async () => {
    const root = new HostRoot();
    root.write(`${FOLDER}/appdb-1.dump`, 'PGDMP', 2);
    root.folder(`${FOLDER}/old`);
    const backups = await readBackupFolder(root.path, FOLDER, NOW, refusing(root, `${FOLDER}/old`));
    const finding = judgeBackups(backups, 26);
    assert.equal(finding.status, 'pass');
    assert.match(
      evidenceText(finding),
      /Could not be examined in \/var\/backups\/db: old\/ \(EACCES\)/,
    );
  });
});
