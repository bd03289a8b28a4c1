/** What a key of an env file configures, as far as the env checks care. */

const MODE_KEY = /^(?:[A-Z0-9]+_)?(?:ENV|ENVIRONMENT|STAGE)$/;
/** Keys that match the mode pattern but hold a path or a tool's name, not the app's mode. */
const NOT_MODE_KEYS = new Set([
  'VIRTUAL_ENV',
  'CONDA_ENV',
  'PIPENV',
  'PYENV',
  'NVM_ENV',
  'DOTENV_ENV',
]);

/** `ENVIRONMENT`, `NODE_ENV`, `APP_ENV`, `RAILS_ENV`, `STAGE`, `ASPNETCORE_ENVIRONMENT` ... */
export function isModeKey(key: string): boolean {
  const upper = key.toUpperCase();
  return MODE_KEY.test(upper) && !NOT_MODE_KEYS.has(upper);
}

/** `DEBUG`, `APP_DEBUG`, `FLASK_DEBUG`, `DJANGO_DEBUG`, `DEBUG_MODE` ... */
export function isDebugKey(key: string): boolean {
  return /^(?:[A-Z0-9]+_)?DEBUG(?:_MODE)?$/.test(key.toUpperCase());
}

/** Third parties whose secrets the application holds but does not sign with. */
// biome-ignore format: a packed word list reads better than one word a line
const PROVIDERS = new Set([
  'STRIPE', 'PAYPAL', 'BRAINTREE', 'SQUARE', 'ADYEN', 'RAZORPAY', 'PADDLE', 'MOLLIE', 'KLARNA',
  'AWS', 'S3', 'MINIO', 'R2', 'GCP', 'GOOGLE', 'AZURE', 'GITHUB', 'GITLAB', 'FACEBOOK', 'TWITTER',
  'X', 'TWILIO', 'SENDGRID', 'MAILGUN', 'POSTMARK', 'RECAPTCHA', 'HCAPTCHA', 'TURNSTILE', 'SENTRY',
  'OPENAI', 'ANTHROPIC', 'SUPABASE', 'FIREBASE', 'CLOUDINARY', 'ALGOLIA', 'PUSHER', 'SLACK',
  'DISCORD', 'LINKEDIN', 'MICROSOFT', 'OAUTH', 'OIDC', 'AUTH0', 'OKTA', 'CLERK', 'RESEND',
]);

const APP_SECRET_KEYS = [
  /^(?:APP_|API_|DJANGO_|FLASK_|FASTAPI_|RAILS_|LARAVEL_|SERVER_)?SECRET(?:_KEY)?(?:_BASE)?$/,
  /^APP_KEY$/,
  new RegExp(
    '^(?:JWT|JWT_ACCESS|JWT_REFRESH|ACCESS_TOKEN|REFRESH_TOKEN|TOKEN|SESSION|COOKIE|AUTH|' +
      'NEXTAUTH|BETTER_AUTH|CSRF|HMAC|SIGNING|ENCRYPTION)_(?:SECRET|SECRET_KEY|KEY)$',
  ),
];

/**
 * Keys that sign or encrypt the application's own sessions and tokens: `SECRET_KEY`,
 * `JWT_SECRET`, `SESSION_SECRET`, `APP_KEY`, `DJANGO_SECRET_KEY`. A third party's secret
 * (`STRIPE_SECRET_KEY`) is issued by that party and is not the application's to make strong.
 */
export function isAppSecretKey(key: string): boolean {
  const upper = key.toUpperCase();
  if (PROVIDERS.has(upper.split('_')[0]!)) return false;
  if (APP_SECRET_KEYS.some((pattern) => pattern.test(upper))) return true;
  return /^[A-Z0-9]+_SECRET_KEY$/.test(upper);
}

export type DatabaseKeyKind = 'url' | 'user' | 'password';

// biome-ignore format: a packed word list reads better than one word a line
const DATABASE_PREFIXES = new Set([
  'DB', 'DATABASE', 'POSTGRES', 'POSTGRESQL', 'PG', 'PSQL', 'MYSQL', 'MARIADB', 'MONGO', 'MONGODB',
  'SQL', 'SQLALCHEMY', 'REDIS', 'MSSQL',
]);
const USER_WORDS = new Set(['USER', 'USERNAME', 'USR', 'LOGIN']);
const PASSWORD_WORDS = new Set(['PASSWORD', 'PASS', 'PW', 'PWD', 'PASSWD']);
const URL_WORDS = new Set(['URL', 'URI', 'DSN', 'CONNECTION', 'CONNECTION_STRING']);

export interface DatabaseKey {
  kind: DatabaseKeyKind;
  /** Keys with one group pair a user with a password: `POSTGRES` for `POSTGRES_USER`. */
  group: string;
}

/**
 * `DATABASE_URL`, `*_DATABASE_URL`, `DB_CONNECTION`, `POSTGRES_PASSWORD`, `DB_USER`,
 * `MYSQL_ROOT_PASSWORD`, `PGPASSWORD`, `PGUSER`.
 */
export function databaseKey(key: string): DatabaseKey | null {
  const upper = key.toUpperCase();
  const compact = /^PG(USER|PASSWORD)$/.exec(upper);
  if (compact) return { kind: compact[1] === 'USER' ? 'user' : 'password', group: 'PG' };

  const segments = upper.split('_');
  const dbAt = segments.findIndex((segment) => DATABASE_PREFIXES.has(segment));
  if (dbAt === -1) return null;
  const rest = segments.slice(dbAt + 1);
  const last = rest.at(-1) ?? '';
  const group = segments.slice(0, dbAt + 1).join('_');

  if (URL_WORDS.has(last) || rest.join('_') === 'CONNECTION_STRING') return { kind: 'url', group };
  if (USER_WORDS.has(last)) return { kind: 'user', group: qualified(group, rest) };
  if (PASSWORD_WORDS.has(last)) return { kind: 'password', group: qualified(group, rest) };
  return null;
}

/** `MYSQL_ROOT_PASSWORD` belongs with `MYSQL_ROOT_USER`, not with `MYSQL_USER`. */
function qualified(group: string, rest: string[]): string {
  const middle = rest.slice(0, -1);
  return middle.length === 0 ? group : `${group}_${middle.join('_')}`;
}

/** `STRIPE_SECRET_KEY`, `STRIPE_PUBLISHABLE_KEY`, `STRIPE_SKEY`, `STRIPE_API_KEY`; not webhooks. */
export function isStripeKeyName(key: string): boolean {
  const segments = key.toUpperCase().split(/[_.-]+/);
  if (!segments.includes('STRIPE') || segments.includes('WEBHOOK')) return false;
  return segments.some((segment) =>
    ['KEY', 'SKEY', 'PKEY', 'SECRET', 'PUBLISHABLE', 'APIKEY', 'SK', 'PK'].includes(segment),
  );
}
