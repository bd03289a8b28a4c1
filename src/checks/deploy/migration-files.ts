import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { MigrationSetup } from '../../gather/migration-setup.js';
import { capped, evidenceAt, where } from '../source-places.js';

export function judgeMigrations(setup: MigrationSetup): Finding {
  const sets = setup.sets.map((set) =>
    evidenceAt(`${set.folder}: ${set.count} ${set.tool} migration${set.count === 1 ? '' : 's'}`, {
      file: set.file,
    }),
  );
  const steps = setup.steps.map((step) =>
    evidenceAt(`${where(step)}: runs \`${step.command}\``, step),
  );
  const creations = setup.schemaCreations.map((found) =>
    evidenceAt(`${where(found)}: ${found.how} creates the schema at start-up`, found),
  );
  const evidence = capped([...sets, ...steps, ...creations]);

  if (sets.length > 0 && steps.length > 0) {
    return {
      status: 'pass',
      message: 'The project has migrations and its deployment applies them.',
      evidence,
    };
  }
  if (sets.length > 0) {
    return {
      status: 'manual',
      message:
        'The project has migrations, but no deployment file was found to apply them: confirm the deploy runs them to head.',
      evidence,
    };
  }
  if (creations.length > 0) {
    return {
      status: 'warn',
      message:
        'The schema is created by the ORM at start-up, with no migrations: changes to existing tables are never applied.',
      evidence,
    };
  }
  return {
    status: 'manual',
    message:
      'No migrations were found in the project: confirm how the production schema is kept current.',
  };
}

export default defineCheck({
  id: 'migration-files',
  title: 'Migrations exist and the deployment applies them',
  severity: 'medium',
  needs: ['migrationSetup'],
  remediation:
    'Keep the schema in migrations (Alembic, Prisma Migrate, knex) and apply them in the deploy, ' +
    'before the new code starts: `alembic upgrade head`, `prisma migrate deploy`, ' +
    '`knex migrate:latest`; drop `metadata.create_all()` and `sequelize.sync()` from start-up.',
  run: ({ migrationSetup }) => judgeMigrations(migrationSetup),
});
