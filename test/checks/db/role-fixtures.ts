import type { DatabaseSession, RoleFacts } from '../../../src/gather/database.js';

export function session(
  role: Partial<RoleFacts> = {},
  alembic: Partial<DatabaseSession['alembic']> = {},
): DatabaseSession {
  return {
    display: 'app@db.internal:5432/appdb',
    source: 'the given database URL',
    tls: true,
    serverVersion: '16.4',
    role: {
      name: 'app',
      superuser: false,
      createRole: false,
      createDatabase: false,
      replication: false,
      bypassRls: false,
      memberOf: [],
      ownsDatabase: false,
      createInDatabase: false,
      createInSchemas: [],
      owned: [],
      tablePrivileges: [
        { privilege: 'SELECT', tables: 4 },
        { privilege: 'INSERT', tables: 4 },
      ],
      ...role,
    },
    alembic: { table: true, revisions: ['bbbb2222'], ...alembic },
  };
}
