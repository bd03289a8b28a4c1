import type { OutcomeStatus } from './deployed.js';
import { isPlaceholder } from './placeholder.js';

export interface ConnectionUrl {
  scheme: string;
  user?: string;
  /** Undefined when the URL has no `:password` part; '' when it is empty. */
  password?: string;
}

// biome-ignore format: a packed word list reads better than one word a line
const DATABASE_SCHEMES = new Set([
  'postgres', 'postgresql', 'pgsql', 'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'redis',
  'rediss', 'mssql', 'sqlserver', 'cockroachdb', 'oracle', 'clickhouse',
]);

/** A database connection URL's scheme and credentials, or null for anything else. */
export function parseConnectionUrl(value: string): ConnectionUrl | null {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:(.*)@)?[^@]*$/is.exec(value.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  // A driver may follow the scheme: postgresql+asyncpg, mysql+pymysql.
  const base = scheme.startsWith('mongodb+srv') ? 'mongodb+srv' : scheme.split('+')[0]!;
  if (!DATABASE_SCHEMES.has(base)) return null;

  const userinfo = match[2];
  if (userinfo === undefined) return { scheme };
  const colon = userinfo.indexOf(':');
  if (colon === -1) return { scheme, user: decode(userinfo) };
  return {
    scheme,
    user: decode(userinfo.slice(0, colon)),
    password: decode(userinfo.slice(colon + 1)),
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Passwords that scanners try first: install defaults, tutorial values, top of leak lists. */
// biome-ignore format: a packed word list reads better than one word a line
const COMMON_PASSWORDS = new Set([
  'postgres', 'postgrespassword', 'password', 'password1', 'password123', 'passw0rd', 'changethis',
  'changeme', 'changeit', 'change_me', 'admin', 'admin123', 'administrator', 'root', 'root123',
  'toor', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890', 'secret',
  'example', 'pass', 'test', 'test123', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'oracle',
  'sa', 'default', 'letmein', 'qwerty', 'welcome', 'guest', 'user', 'dbpass', 'dbpassword',
  'db_password', 'database', 'app', 'demo',
]);

/** Administrative accounts that can read, change and drop every database on the server. */
export const SUPERUSERS = new Set(['postgres', 'root', 'sa', 'admin', 'administrator', 'mysql']);

/** A database password is never typed by hand, so a generated length costs nothing. */
export const MIN_DATABASE_PASSWORD = 16;

export interface CredentialProblem {
  status: OutcomeStatus;
  problem: string;
}

/** What is wrong with a user and password pair; an empty list when nothing is. */
export function judgeCredentials(
  user: string | undefined,
  password: string | undefined,
): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  // A user name that is also the password is a secret: it is described, never named.
  const sameAsUser = user !== undefined && password === user && password.trim() !== '';
  if (user !== undefined && SUPERUSERS.has(user.toLowerCase())) {
    problems.push(
      sameAsUser
        ? {
            status: 'fail',
            problem:
              'the user is a well-known superuser name and the password is that same name (not shown)',
          }
        : { status: 'warn', problem: `the user is the superuser ${user.toLowerCase()}` },
    );
  } else if (sameAsUser) {
    problems.push({ status: 'fail', problem: 'the password is the same as the user name' });
  }
  if (password === undefined) return problems;

  const length = [...password].length;
  if (password.trim() === '') problems.push({ status: 'fail', problem: 'the password is empty' });
  else if (COMMON_PASSWORDS.has(password.trim().toLowerCase())) {
    problems.push({ status: 'fail', problem: 'the password is a common default' });
  } else if (isPlaceholder(password)) {
    problems.push({ status: 'fail', problem: 'the password is a placeholder' });
  } else if (!sameAsUser && length < MIN_DATABASE_PASSWORD) {
    problems.push({
      status: 'warn',
      problem: `the password is short (${length} characters, expected ${MIN_DATABASE_PASSWORD}+)`,
    });
  }
  return problems;
}
