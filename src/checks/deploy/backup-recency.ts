import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { BackupFolder } from '../../gather/host/backups.js';
import { formatAge, hoursBetween } from '../../host/age.js';

export function judgeBackups(backups: BackupFolder, maxAgeHours: number): Finding {
  const where = backups.folder;
  if (backups.state === 'missing')
    return { status: 'fail', message: `The backup folder ${where} does not exist.` };
  if (backups.state === 'not-a-folder')
    return { status: 'fail', message: `${where} is not a folder.` };
  if (backups.state === 'unreadable')
    return { status: 'error', message: `The backup folder ${where} could not be read.` };
  const newest = backups.newest;
  if (!newest) return { status: 'fail', message: `The backup folder ${where} holds no file.` };

  const age = hoursBetween(newest.modifiedAt, backups.observedAt);
  const truncated = backups.truncated ? ' (the folder is large; only part was searched)' : '';
  const evidence = [
    {
      message: `Newest: ${newest.name}, ${newest.size} bytes, written ${newest.modifiedAt}`,
      location: { file: `${where}/${newest.name}` },
    },
    { message: `${backups.files} files in ${where}${truncated}` },
  ];
  if (newest.size === 0)
    return {
      status: 'fail',
      message: `The newest backup, ${newest.name}, is empty: the dump failed.`,
      evidence,
    };
  if (age > maxAgeHours) {
    return {
      status: 'fail',
      message: `The newest backup, ${newest.name}, is ${formatAge(age)} old, over the ${maxAgeHours}-hour limit.`,
      evidence,
    };
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
