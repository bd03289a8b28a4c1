/** `${OTHER}`, `${OTHER:-default}` anywhere in a value, or a whole value of `$OTHER`. */
const REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+=-][^}]*)?\}|^\$[A-Za-z_][A-Za-z0-9_]*$/;

/** Shapes that templates and tutorials use for "put your value here". */
const PLACEHOLDER_SHAPES = [
  /^<[^<>]*>$/,
  /^\[[^[\]]*\]$/,
  /^\{\{[^{}]*\}\}$/,
  /x{4,}/i,
  /\.{3}|\u2026/,
  /^\*+$/,
  /(?:^|[^a-z])(?:change|replace|insert|enter|fill|set|put)[-_ ]?(?:me|this|it|here|with|in)/i,
  /(?:^|[^a-z])your/i,
  /goes[-_ ]?here|[-_ ]here$/i,
  /(?:^|[^a-z])(?:todo|tbd|fixme|placeholder|dummy|redacted)(?:[^a-z]|$)/i,
  /example\.(?:com|org|net)/i,
];

/** Whole values that stand for "not set yet". */
// biome-ignore format: a packed word list reads better than one word a line
const PLACEHOLDER_VALUES = new Set([
  'secret', 'password', 'pass', 'key', 'token', 'value', 'string', 'test', 'example', 'sample',
  'demo', 'default', 'foo', 'bar', 'foobar', 'baz', 'abc', 'abc123', 'xyz', 'none', 'null', 'nil',
  'undefined', 'notset', 'not-set', 'not_set', 'unset', 'empty', 'tbd', 'todo', 'x', 'xx', 'xxx',
]);

/** Words that give away a value made of words as a description of the key, not a secret. */
// biome-ignore format: a packed word list reads better than one word a line
const DESCRIPTIVE_WORDS = new Set([
  'secret', 'password', 'passwd', 'key', 'token', 'api', 'apikey', 'client', 'username', 'user',
  'id', 'here', 'credentials', 'sid',
]);

export function isReference(value: string): boolean {
  return REFERENCE.test(value.trim());
}

export function isEmptyValue(value: string): boolean {
  return value.trim() === '';
}

/**
 * Whether a value is a stand-in for the real one: `<your-key>`, `changeme`, `sk_test_xxxx`,
 * `pk_test...`, `your-smtp-password`, `discord-client-secret`. References to other variables
 * are not placeholders: their value is set elsewhere.
 */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '' || isReference(trimmed)) return false;
  if (PLACEHOLDER_VALUES.has(trimmed.toLowerCase())) return true;
  if (PLACEHOLDER_SHAPES.some((shape) => shape.test(trimmed))) return true;
  return isDescriptivePhrase(trimmed);
}

/** `email-server-password`, `alpha-vantage-api-key`: words that name the key they stand in for. */
function isDescriptivePhrase(value: string): boolean {
  if (!/^[A-Za-z]+(?:[-_ ][A-Za-z0-9]+)+$/.test(value)) return false;
  const words = value.toLowerCase().split(/[-_ ]/);
  return words.some((word) => DESCRIPTIVE_WORDS.has(word));
}
