import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { BackupFolder } from '../../gather/host/backups.js';
import { formatAge, hoursBetween } from '../../host/age.js';

const RUN_AS_READER = "run shipshape as a user who may read it (root, or the backup job's user)";

export function judgeBackups(backups: BackupFolder, maxAgeHours: number): Finding {
  const where = backups.folder;
  if (backups.state === 'missing')
    return { status: 'fail', message: `The backup folder ${where} does not exist.` };
  if (backups.state === 'not-a-folder')
    return {
      status: 'error',
      message: `host.backupFolder ${where} is not a folder (${backups.reason ?? 'not a folder'}): give the folder the dumps are written to.`,
    };
  if (backups.state === 'unreadable')
    return {
      status: 'error',
      message: `The backup folder ${where} could not be examined (${backups.reason ?? 'unreadable'}): ${RUN_AS_READER}.`,
    };
  const newest = backups.newest;
  const evidence: Evidence[] = newest
    ? [
        {
          message: `Newest: ${newest.name}, ${newest.size} bytes, written ${newest.modifiedAt}`,
          location: { file: `${where}/${newest.name}` },
        },
        {
          message: `${backups.files} files in ${where}${backups.truncated ? ' (the folder is large; only part was searched)' : ''}`,
        },
      ]
    : [];
  const unread = backups.unread.slice(0, 5).join(', ');
  if (backups.unread.length > 0)
    evidence.push({ message: `Could not be examined in ${where}: ${unread}` });
  // What could not be examined may hold a newer dump: only a recent one seen is certain.
  const failing = (failure: string): Finding =>
    backups.unread.length > 0
      ? {
          status: 'error',
          message: `${failure}, but part of ${where} could not be examined (${unread}): ${RUN_AS_READER}.`,
          evidence,
        }
      : { status: 'fail', message: `${failure}.`, evidence };
  if (!newest) return failing(`The backup folder ${where} holds no file`);

  const age = hoursBetween(newest.modifiedAt, backups.observedAt);
  if (newest.size === 0)
    return failing(`The newest backup, ${newest.name}, is empty: the dump failed`);
  if (age > maxAgeHours) {
    return failing(
      `The newest backup, ${newest.name}, is ${formatAge(age)} old, over the ${maxAgeHours}-hour limit`,
    );
  }
  return {
    status: 'pass',
    message: `The newest backup, ${newest.name}, is ${formatAge(age)} old (limit ${maxAgeHours} hours). Whether it restores is not tested.`,
    evidence,
  };
}

export default defineCheck({
  id: 'backup-recency',
  title: 'A recent database backup exists',
  severity: 'high',
  needs: ['backupFolder'],
  remediation:
    'Schedule a nightly dump, e.g. /etc/cron.d/pg-backup: `15 2 * * * postgres pg_dump -Fc ' +
    'appdb > /var/backups/db/appdb-$(date +\\%F).dump`, prune old ones with `find ' +
    '/var/backups/db -mtime +14 -delete`, copy them off the host, and restore one into a ' +
    'scratch database now and then (`pg_restore -d scratch FILE`).',
  run: ({ backupFolder }, { policy }) => judgeBackups(backupFolder, policy.backupMaxAge),
});
