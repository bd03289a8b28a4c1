import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { DatabaseRole, DatabaseSettings } from '../../gather/database-settings.js';
import { capped, evidenceAt, where } from '../source-places.js';

const SECRET_NAME = ', whose name is also a secret value (its password, say)';

/** A role whose name is also a secret (its own password, say) is described, never named. */
function roleName(role: DatabaseRole): string {
  const secret = role.nameIsSecret ? SECRET_NAME : '';
  if (role.superuser === '') return `a role of ${role.length} characters${secret}`;
  return secret
    ? `a well-known administrator role${secret}`
    : `the administrator role ${role.superuser}`;
}

function describeRole(role: DatabaseRole): string {
  return `${where(role)}: ${role.source} connects as ${roleName(role)}`;
}

export function judgeDatabaseRole(settings: DatabaseSettings): Finding {
  if (settings.roles.length === 0) {
    return {
      status: 'manual',
      message: 'No database role was found in the database URLs or user keys of the env files.',
    };
  }
  const evidence = capped(settings.roles.map((role) => evidenceAt(describeRole(role), role)));
  const superusers = settings.roles.filter((role) => role.superuser !== '');
  if (superusers.length > 0) {
    return {
      status: 'fail',
      message: superusers[0]!.nameIsSecret
        ? `The application connects as ${roleName(superusers[0]!)}.`
        : `The application connects as ${superusers[0]!.superuser}, an administrator role.`,
      evidence,
    };
  }
  return {
    status: 'manual',
    message:
      'The application role is not an administrator name; its grants can only be read from the database (\\du).',
    evidence,
  };
}

export default defineCheck({
  id: 'database-role-name',
  title: 'The application does not connect as an administrator role',
  severity: 'high',
  needs: ['databaseSettings'],
  remediation:
    'Create a role for the application (`CREATE ROLE app LOGIN PASSWORD ...` without SUPERUSER, ' +
    'CREATEDB or CREATEROLE), grant it only SELECT, INSERT, UPDATE, DELETE on its tables, and ' +
    'put that role in the database URL instead of postgres or root.',
  run: ({ databaseSettings }) => judgeDatabaseRole(databaseSettings),
});
