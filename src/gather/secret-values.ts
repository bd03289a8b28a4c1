/** Parts of a key name that mark its value as a secret wherever they appear in the name. */
const SECRET_WORDS =
  /SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|APIKEY|API_KEY|PRIVATE|CREDENTIAL|SALT/;

/** Whole segments of a key name that mark a secret (`LASTFM_KEY`, `POSTGRES_PW`). */
const SECRET_SEGMENTS = new Set(['KEY', 'SKEY', 'PKEY', 'PW', 'PWD', 'PASS', 'DSN']);

/**
 * A last segment that makes the value a setting about a secret, not the secret itself
 * (`TOKEN_EXPIRE_MINUTES`, `SECRET_KEY_FILE`, `AWS_ACCESS_KEY_ID`).
 */
// biome-ignore format: a packed word list reads better than one word a line
const SETTING_SEGMENTS = new Set([
  'ID', 'IDS', 'NAME', 'USER', 'USERNAME', 'EMAIL', 'HOST', 'HOSTNAME', 'PORT', 'URL', 'URI',
  'ENDPOINT', 'DOMAIN', 'PATH', 'FILE', 'DIR', 'PREFIX', 'SUFFIX', 'HEADER', 'TYPE', 'ALGORITHM',
  'ALG', 'LENGTH', 'LEN', 'SIZE', 'BITS', 'MIN', 'MAX', 'EXPIRE', 'EXPIRES', 'EXPIRY', 'EXPIRATION',
  'TTL', 'TIMEOUT', 'LIFETIME', 'AGE', 'MINUTES', 'SECONDS', 'HOURS', 'DAYS', 'ENABLED', 'ENABLE',
  'DISABLED', 'REQUIRED', 'VERSION', 'REGION', 'MODEL', 'PROVIDER', 'ISSUER', 'AUDIENCE', 'SCOPE',
  'SCOPES', 'ROUNDS', 'ITERATIONS', 'FORMAT', 'LOCATION', 'MODE', 'LEVEL', 'COUNT', 'LIMIT',
  'ATTEMPTS', 'ROTATION',
]);

/** Whether a key's value is a secret: a password, token, API key or signing key. */
export function isSecretKeyName(key: string): boolean {
  const upper = key.toUpperCase();
  if (/WEBHOOK_URL$/.test(upper)) return true;

  const segments = upper.split(/[_.-]+/).filter((segment) => segment !== '');
  const last = segments.at(-1);
  if (last === undefined || SETTING_SEGMENTS.has(last)) return false;
  return SECRET_WORDS.test(upper) || segments.some((segment) => SECRET_SEGMENTS.has(segment));
}

/** Values that are secrets by their shape, whatever the key is called. */
const SECRET_SHAPES = [
  /^(?:sk|rk)_(?:live|test)_/,
  /^whsec_/,
  /^(?:ghp|gho|ghu|ghs|ghr|github_pat)_/,
  /^xox[abeprs]-/,
  /^sk-[A-Za-z0-9_-]{16,}/,
  /^(?:AKIA|ASIA)[A-Z0-9]{16}$/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

export function hasSecretShape(value: string): boolean {
  return SECRET_SHAPES.some((shape) => shape.test(value.trim()));
}

const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/gi;

/** Passwords written into connection URLs (`postgresql://user:password@host/db`). */
export function findUrlPasswords(value: string): string[] {
  const found: string[] = [];
  for (const match of value.matchAll(URL_PASSWORD)) {
    const password = match[1]!;
    if (/^\$\{?[A-Za-z_]\w*\}?$/.test(password)) continue;
    found.push(password);
    const decoded = safeDecode(password);
    if (decoded !== password) found.push(decoded);
  }
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Well-known default values that are ordinary words. Their disclosure tells nothing the checks
 * do not already report ("a common default password"); registering them would make the report's
 * scrubber blank every use of words such as "secret" or "password" across all its messages.
 */
// biome-ignore format: a packed word list reads better than one word a line
const PUBLIC_DEFAULTS = new Set([
  'secret', 'password', 'postgres', 'changeme', 'changethis', 'changeit', 'example', 'default',
]);

/** The values of an env file that must never appear in a report. */
export function secretValuesOf(entry: { key: string; value: string; secret: boolean }): string[] {
  const values = findUrlPasswords(entry.value);
  if (entry.secret || hasSecretShape(entry.value)) values.push(entry.value);
  return values.filter((value) => !PUBLIC_DEFAULTS.has(value.trim().toLowerCase()));
}
