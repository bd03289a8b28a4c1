import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { DatabaseSession, RoleFacts } from '../../gather/database.js';

/** Table rights beyond reading and writing rows: they change or bypass the schema's rules. */
const SCHEMA_LEVEL_PRIVILEGES = new Set(['TRUNCATE', 'TRIGGER', 'REFERENCES']);

export function ddlRights(role: RoleFacts): string[] {
  const rights: string[] = [];
  if (role.ownsDatabase) rights.push('owns the database');
  for (const owned of role.owned) {
    rights.push(
      `owns ${owned.count} ${owned.kind}${owned.count === 1 ? '' : 's'} (${owned.examples.join(', ')})`,
    );
  }
  if (role.createInDatabase) rights.push('may create schemas (CREATE on the database)');
  if (role.createInSchemas.length > 0)
    rights.push(`may create objects in ${role.createInSchemas.join(', ')}`);
  for (const grant of role.tablePrivileges.filter((entry) =>
    SCHEMA_LEVEL_PRIVILEGES.has(entry.privilege),
  )) {
    rights.push(
      `holds ${grant.privilege} on ${grant.tables} table${grant.tables === 1 ? '' : 's'}`,
    );
  }
  return rights;
}

function privilegeEvidence(session: DatabaseSession): Evidence[] {
  const grants = session.role.tablePrivileges
    .map((grant) => `${grant.privilege} on ${grant.tables}`)
    .join(', ');
  return [
    { message: `Connected as ${session.display} (${session.source})` },
    { message: `Table privileges: ${grants || 'none'}` },
  ];
}

export function judgeRoleOwnership(session: DatabaseSession): Finding {
  const { role } = session;
  const evidence = privilegeEvidence(session);
  if (role.superuser) {
    return {
      status: 'fail',
      message: `The application role ${role.name} is a superuser: it may change or drop anything.`,
      evidence,
    };
  }
  const rights = ddlRights(role);
  if (rights.length === 0) {
    return {
      status: 'pass',
      message: `The application role ${role.name} owns no objects and cannot create or alter any; it only reads and writes rows.`,
      evidence,
    };
  }
  return {
    status: 'warn',
    message: `The application role ${role.name} ${rights.join('; ')}: it can change the schema, not only the data.`,
    evidence: [...rights.map((right) => ({ message: `${role.name} ${right}` })), ...evidence],
  };
}

export default defineCheck({
  id: 'database-role-ownership',
  title: 'Application database role owns nothing and has no DDL rights',
  severity: 'high',
  needs: ['databaseSession'],
  remediation:
    'Let a migration role own the schema and give the application role only row rights: ' +
    '`ALTER TABLE ... OWNER TO migrator;`, `REVOKE CREATE ON SCHEMA public FROM app;`, `REVOKE ' +
    'CREATE ON DATABASE appdb FROM app;`, `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN ' +
    'SCHEMA public TO app;` and `ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public ' +
    'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app;`. Run Alembic as the migration role.',
  run: ({ databaseSession }) => judgeRoleOwnership(databaseSession),
});
