import { defineCheck } from '../../core/registry.js';
import { rollUp } from '../../core/status.js';
import type { Finding } from '../../core/types.js';
import type { DatabaseSession } from '../../gather/database.js';

interface Problem {
  status: 'fail' | 'warn';
  message: string;
}

/** Cloud providers' stand-ins for superuser, and roles that reach the server's files or shell. */
const SUPERUSER_LIKE = new Set([
  'rds_superuser',
  'cloudsqlsuperuser',
  'azure_pg_admin',
  'pg_execute_server_program',
  'pg_read_server_files',
  'pg_write_server_files',
]);
/** Roles that see or change every table, past the grants of each. */
const BROAD_ROLES = new Set(['pg_read_all_data', 'pg_write_all_data', 'rds_replication']);

export function roleAttributeProblems(session: DatabaseSession): Problem[] {
  const { role } = session;
  const problems: Problem[] = [];
  if (role.superuser) problems.push({ status: 'fail', message: 'is a superuser' });
  for (const name of role.memberOf.filter((member) => SUPERUSER_LIKE.has(member))) {
    problems.push({ status: 'fail', message: `is a member of ${name}` });
  }
  const attributes: [boolean, string][] = [
    [role.createRole, 'CREATEROLE'],
    [role.createDatabase, 'CREATEDB'],
    [role.replication, 'REPLICATION'],
    [role.bypassRls, 'BYPASSRLS'],
  ];
  for (const [held, name] of attributes) {
    if (held && !role.superuser) problems.push({ status: 'warn', message: `has ${name}` });
  }
  for (const name of role.memberOf.filter((member) => BROAD_ROLES.has(member))) {
    problems.push({ status: 'warn', message: `is a member of ${name}` });
  }
  return problems;
}

export function judgeRoleAttributes(session: DatabaseSession): Finding {
  const { role } = session;
  const evidence = [
    {
      message: `Connected as ${session.display} (${session.source}), Postgres ${session.serverVersion}${session.tls ? ', over TLS' : ', without TLS'}`,
    },
    {
      message: `Role ${role.name}: superuser ${role.superuser}, createrole ${role.createRole}, createdb ${role.createDatabase}, replication ${role.replication}, bypassrls ${role.bypassRls}`,
    },
    { message: `Member of: ${role.memberOf.join(', ') || 'no role'}` },
  ];
  const problems = roleAttributeProblems(session);
  if (problems.length === 0) {
    return {
      status: 'pass',
      message: `The application role ${role.name} has no superuser, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS attribute.`,
      evidence,
    };
  }
  return {
    status: rollUp(problems.map((problem) => problem.status)),
    message: `The application role ${role.name} ${problems.map((problem) => problem.message).join(', ')}; expected a role with none of these.`,
    evidence,
  };
}

export default defineCheck({
  id: 'database-role-attributes',
  title: 'Application database role has no administrative attributes',
  severity: 'critical',
  needs: ['databaseSession'],
  remediation:
    'Create a separate role for the application and use it in DATABASE_URL: `CREATE ROLE app ' +
    "LOGIN PASSWORD '...' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;` then " +
    'grant it only data rights: `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ' +
    'public TO app;`. Keep the owner or superuser role for migrations only.',
  run: ({ databaseSession }) => judgeRoleAttributes(databaseSession),
});
