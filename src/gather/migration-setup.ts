import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineGatherer } from '../core/registry.js';
import type { ProjectFile } from './files.js';
import type { Place, SchemaCreation } from './source.js';

/** A folder of migration scripts of one tool. */
export interface MigrationSet extends Place {
  tool: string;
  folder: string;
  count: number;
}

/** A line of the deployment that applies migrations: `alembic upgrade head` and the like. */
export interface MigrationStep extends Place {
  command: string;
}

export interface MigrationSetup {
  sets: MigrationSet[];
  steps: MigrationStep[];
  schemaCreations: SchemaCreation[];
  filesRead: number;
}

declare module '../core/types.js' {
  interface Artifacts {
    migrationSetup: MigrationSetup;
  }
}

/** Migration scripts by tool, from their paths: the folder is the first group. */
const MIGRATION_PATHS: Array<{ tool: string; pattern: RegExp }> = [
  { tool: 'Alembic', pattern: /^(.*?\/?versions)\/[^/]+\.py$/ },
  { tool: 'Django', pattern: /^(.*\/migrations)\/\d{4}_[^/]+\.py$/ },
  { tool: 'Prisma', pattern: /^(.*?prisma\/migrations)\/[^/]+\/migration\.sql$/ },
  { tool: 'Flyway', pattern: /^(.*)\/V\d+(?:[._]\d+)*__[^/]+\.sql$/ },
  { tool: 'SQL migrations', pattern: /^(.*migrations?)\/[^/]+\.(?:up\.)?sql$/ },
  { tool: 'knex, Sequelize or TypeORM', pattern: /^(.*migrations?)\/[^/]+\.[cm]?[jt]s$/ },
];

const APPLY_COMMAND =
  /\b(alembic\s+(?:-\S+\s+)*upgrade|prisma\s+migrate\s+deploy|knex\s+migrate:latest|sequelize(?:-cli)?\s+db:migrate|typeorm(?:-ts-node-\w+)?\s+migration:run|manage\.py\s+migrate|flyway\s+(?:\S+\s+)*migrate|migrate\s+(?:-\S+\s+\S+\s+)*up|npm\s+run\s+(?:db:)?migrate(?::\w+)?|yarn\s+(?:db:)?migrate|dbmate\s+up)\b/;
const STEP_FILE =
  /(?:^|\/)(?:Dockerfile[^/]*|Procfile|Makefile|justfile|[^/]*\.sh|package\.json|(?:docker-)?compose[^/]*\.ya?ml|[^/]*\.service|fly\.toml|render\.yaml|app\.json|\.github\/workflows\/[^/]+\.ya?ml|k8s\/[^/]+\.ya?ml|[^/]*(?:prestart|entrypoint|release|deploy)[^/]*)$/i;
const MAX_STEP_BYTES = 256 * 1024;
const MAX_STEP_FILES = 2000;

export default defineGatherer({
  artifact: 'migrationSetup',
  kind: 'static',
  async gather(context) {
    const index = await context.get('files');
    const source = await context.get('sourceFacts');
    const candidates = index.files
      .filter((file) => STEP_FILE.test(file.path) && file.size <= MAX_STEP_BYTES)
      .slice(0, MAX_STEP_FILES);
    const steps: MigrationStep[] = [];
    for (const file of candidates) {
      const text = await readFile(join(index.root, file.path), 'utf8').catch(() => '');
      steps.push(...findSteps(file.path, text));
    }
    return {
      sets: findMigrationSets(index.files),
      steps,
      schemaCreations: source.schemaCreations,
      filesRead: candidates.length,
    };
  },
});

export function findMigrationSets(files: ProjectFile[]): MigrationSet[] {
  const paths = new Set(files.map((file) => file.path));
  const sets = new Map<string, MigrationSet>();
  for (const file of files) {
    for (const { tool, pattern } of MIGRATION_PATHS) {
      const folder = pattern.exec(file.path)?.[1];
      if (folder === undefined) continue;
      // An Alembic script folder holds env.py beside versions/: other `versions` folders are not.
      if (tool === 'Alembic' && !paths.has(folder.replace(/versions$/, 'env.py'))) continue;
      const known = sets.get(folder);
      if (known) known.count += 1;
      else sets.set(folder, { tool, folder, count: 1, file: file.path, line: 1 });
      break;
    }
  }
  return [...sets.values()];
}

export function findSteps(file: string, text: string): MigrationStep[] {
  const steps: MigrationStep[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(?:#|\/\/)/.test(line)) return;
    const command = APPLY_COMMAND.exec(line)?.[1];
    if (command) steps.push({ file, line: i + 1, command: command.replace(/\s+/g, ' ') });
  });
  return steps;
}
