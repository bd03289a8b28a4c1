import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { AlembicFolder, AlembicRevisions } from '../../gather/alembic.js';
import type { DatabaseSession } from '../../gather/database.js';

function folderEvidence(folders: AlembicFolder[]): Evidence[] {
  return folders.flatMap((folder) => [
    {
      message: `${folder.path}: ${folder.revisions.length} revisions, heads ${folder.heads.join(', ') || 'none'}`,
    },
    ...folder.unreadable.map((file) => ({
      message: `${file}: no readable revision line`,
      location: { file },
    })),
  ]);
}

/** The folder whose history holds the database's revisions, or the only one. */
function matchingFolder(folders: AlembicFolder[], revisions: string[]): AlembicFolder | undefined {
  const holds = (folder: AlembicFolder) =>
    revisions.every((id) => folder.revisions.some((revision) => revision.id === id));
  return folders.find(holds);
}

export function judgeMigrations(alembic: AlembicRevisions, session: DatabaseSession): Finding {
  const evidence = [
    ...folderEvidence(alembic.folders),
    {
      message: `Database ${session.display}: alembic_version ${session.alembic.table ? `holds ${session.alembic.revisions.join(', ') || 'no row'}` : 'is missing'}`,
    },
  ];
  if (session.alembic.error) {
    return {
      status: 'error',
      message: `Could not read alembic_version as ${session.display}: ${session.alembic.error}.`,
      evidence,
    };
  }
  if (alembic.folders.every((folder) => folder.heads.length === 0)) {
    return {
      status: 'error',
      message: 'No revision could be read from the Alembic versions folder.',
      evidence,
    };
  }
  if (!session.alembic.table || session.alembic.revisions.length === 0) {
    return {
      status: 'fail',
      message: `The database ${session.display} has no Alembic revision: the migrations were never applied.`,
      evidence,
    };
  }

  const current = session.alembic.revisions;
  const folder = matchingFolder(alembic.folders, current);
  if (!folder) {
    return {
      status: 'warn',
      message: `The database is at ${current.join(', ')}, which no revision file in the project declares: the deployed code is newer than this checkout, or the history was rewritten.`,
      evidence,
    };
  }
  const atHead =
    current.length === folder.heads.length && folder.heads.every((head) => current.includes(head));
  if (atHead) {
    return {
      status: 'pass',
      message: `The database is at the head revision ${current.join(', ')}.`,
      evidence,
    };
  }
  return {
    status: 'fail',
    message: `The database is at ${current.join(', ')}; the project's head is ${folder.heads.join(', ')}: migrations are pending.`,
    evidence,
  };
}

export default defineCheck({
  id: 'migration-revision',
  title: 'Database is at the latest Alembic revision',
  severity: 'medium',
  // The static artifact first: without an Alembic folder the check skips before any connection.
  needs: ['alembicRevisions', 'databaseSession'],
  remediation:
    'Run `alembic upgrade head` with the migration role as part of the deployment, before the ' +
    'new code starts, and check `alembic current` against `alembic heads` afterwards.',
  run: ({ alembicRevisions, databaseSession }) =>
    judgeMigrations(alembicRevisions, databaseSession),
});
