import { defineCheck } from '../../core/registry.js';
import type { EnvFile, EnvFileSet } from '../../gather/env.js';
import { type CredentialProblem, judgeCredentials, parseConnectionUrl } from './credentials.js';
import {
  decide,
  deployedNames,
  evidenceAt,
  type Located,
  locatedEntries,
  noDeploymentFinding,
  type Outcome,
  placeOf,
  resolveValue,
  unresolvedOutcome,
  worstOf,
} from './deployed.js';
import { type DatabaseKey, databaseKey } from './keys.js';

/** What a key that passes shows. */
const SOUND = {
  url: 'the user is not a superuser and the password is not a default',
  password: 'the password is not a default',
  user: 'the user is not a superuser',
};

interface DatabaseSetting extends Located {
  key: DatabaseKey;
}

export default defineCheck({
  id: 'database-credentials',
  title: 'Database credentials are not defaults',
  severity: 'critical',
  needs: ['envFiles'],
  remediation:
    'Create a dedicated application role with a generated password (`openssl rand -base64 24`), ' +
    "e.g. `CREATE ROLE app LOGIN PASSWORD '...'` in Postgres, grant it only the app's tables, " +
    'and put that role and password in DATABASE_URL.',
  run({ envFiles }) {
    const skip = noDeploymentFinding(envFiles);
    if (skip) return skip;

    const outcomes = envFiles.deployment.flatMap((file) => judgeFile(file, envFiles));
    if (outcomes.length === 0) {
      return {
        status: 'skip',
        message:
          'No database connection settings (DATABASE_URL, DB_USER, DB_PASSWORD, ' +
          `POSTGRES_PASSWORD ...) are set in ${deployedNames(envFiles)}.`,
      };
    }
    return decide(
      outcomes,
      'The database credentials are a non-default user with a long, uncommon password.',
    );
  },
});

function judgeFile(file: EnvFile, envFiles: EnvFileSet): Outcome[] {
  const settings: DatabaseSetting[] = [];
  for (const located of locatedEntries([file])) {
    const key = databaseKey(located.entry.key);
    if (key) settings.push({ ...located, key });
  }

  const outcomes: Outcome[] = [];
  for (const setting of settings) {
    if (setting.key.kind === 'url') outcomes.push(...judgeUrl(setting, envFiles));
    if (setting.key.kind === 'password') outcomes.push(judgePassword(setting, settings, envFiles));
    if (setting.key.kind === 'user' && !hasPassword(setting, settings)) {
      outcomes.push(judgeLoneUser(setting, envFiles));
    }
  }
  return outcomes;
}

function judgeUrl(setting: DatabaseSetting, envFiles: EnvFileSet): Outcome[] {
  const { value, unresolved } = resolveValue(setting, envFiles);
  if (unresolved.length > 0) return [unresolvedOutcome(setting, unresolved)];
  const url = parseConnectionUrl(value);
  if (url === null) return [];

  if (url.password === undefined) {
    const problem = url.user === undefined ? 'connects without credentials' : 'has no password';
    const expected = 'expected an application user and a generated password';
    const message = `${setting.entry.key} at ${placeOf(setting)} ${problem}; ${expected}.`;
    const credentials = judgeCredentials(url.user, undefined);
    return [
      { status: 'warn', evidence: evidenceAt(setting, message) },
      ...toOutcomes(setting, credentials),
    ];
  }
  return [toOutcome(setting, judgeCredentials(url.user, url.password), 'url')];
}

function judgePassword(
  setting: DatabaseSetting,
  settings: DatabaseSetting[],
  envFiles: EnvFileSet,
): Outcome {
  const { value, unresolved } = resolveValue(setting, envFiles);
  if (unresolved.length > 0) return unresolvedOutcome(setting, unresolved);

  const userSetting = settings.find(
    (other) => other.key.kind === 'user' && other.key.group === setting.key.group,
  );
  const user = userSetting ? resolveValue(userSetting, envFiles).value : impliedUser(setting.key);
  return toOutcome(setting, judgeCredentials(user, value), 'password');
}

/** `MYSQL_ROOT_PASSWORD` sets the password of root, whatever the user keys say. */
function impliedUser(key: DatabaseKey): string | undefined {
  return key.group.endsWith('_ROOT') ? 'root' : undefined;
}

function judgeLoneUser(setting: DatabaseSetting, envFiles: EnvFileSet): Outcome {
  const { value } = resolveValue(setting, envFiles);
  return toOutcome(setting, judgeCredentials(value, undefined), 'user');
}

function hasPassword(user: DatabaseSetting, settings: DatabaseSetting[]): boolean {
  return settings.some(
    (other) => other.key.kind === 'password' && other.key.group === user.key.group,
  );
}

function toOutcome(
  setting: DatabaseSetting,
  problems: CredentialProblem[],
  what: keyof typeof SOUND,
): Outcome {
  const where = `${setting.entry.key} at ${placeOf(setting)}`;
  if (problems.length === 0) {
    return {
      status: 'pass',
      evidence: evidenceAt(setting, `${where}: ${SOUND[what]}.`),
    };
  }
  const status = worstOf(problems.map((problem) => problem.status));
  const message = `${where}: ${problems.map((problem) => problem.problem).join('; ')}.`;
  return { status, evidence: evidenceAt(setting, message) };
}

function toOutcomes(setting: DatabaseSetting, problems: CredentialProblem[]): Outcome[] {
  return problems.length === 0 ? [] : [toOutcome(setting, problems, 'user')];
}
