import fc from 'fast-check';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const ALNUM = `${LOWER}${LOWER.toUpperCase()}0123456789`;

/**
 * Alphabets of real secrets: hex keys, base64 and base64url, passwords with punctuation, and
 * passphrases with non-ASCII letters and emoji. No single quote or backslash: every value is
 * written single-quoted where it needs quotes, and dotenv reads `\'` as an escaped quote.
 */
const ALPHABETS = [
  '0123456789abcdef',
  `${ALNUM}+/=`,
  `${ALNUM}-_`,
  `${ALNUM}!#$%&()*+,-./:;<=>?@[]^_{|}~" `,
  `${ALNUM}éüßøΩжすし`,
];

/** Has the entropy of a secret: a degenerate run (`------------`) could match any report's text. */
function looksRandom(value: string): boolean {
  const alphanumerics = value.match(/[A-Za-z0-9]/g)?.length ?? 0;
  return new Set(value).size >= 8 && alphanumerics >= 4 && value.trim() === value;
}

const fromAlphabet = (alphabet: string, minLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength: 64 });

const base64url = fromAlphabet(`${ALNUM}-_`, 10);
const emojiPassphrase = fc
  .array(fc.constantFrom('🔑', '🚀', 'Ωmega', 'café', 'naïve', 'Straße', 'ключ', '秘密'), {
    minLength: 3,
    maxLength: 6,
  })
  .chain((words) => fromAlphabet(ALNUM, 6).map((tail) => `${words.join('-')}-${tail}`));

/** One secret of one of many shapes, at least 12 characters long. */
export const secretValue: fc.Arbitrary<string> = fc
  .oneof(
    ...ALPHABETS.map((alphabet) => fromAlphabet(alphabet, 12)),
    fc.tuple(base64url, base64url, base64url).map((parts) => `eyJ${parts.join('.')}`),
    fromAlphabet(ALNUM, 24).map((tail) => `sk_live_${tail}`),
    emojiPassphrase,
  )
  .filter(looksRandom);

/** How a value is written in an env file; `null` when the value cannot be written that way. */
export type EnvStyle = 'bare' | 'single' | 'double' | 'export';

export function envLine(key: string, value: string, style: EnvStyle): string {
  const bare = /^[^\s#'"`\\]+$/.test(value);
  if (style === 'bare' && bare) return `${key}=${value}`;
  if (style === 'export' && bare) return `export ${key}=${value}`;
  if (style === 'double' && !/["\\$]/.test(value)) return `${key}="${value}"`;
  return `${key}='${value}'`;
}

export const envStyle: fc.Arbitrary<EnvStyle> = fc.constantFrom(
  'bare',
  'single',
  'double',
  'export',
);

/**
 * Every piece of a secret that must not be shown: the value, and each line of a multi-line one
 * that is long enough to be a secret by itself.
 */
export function secretPieces(values: readonly string[]): string[] {
  const pieces = values.flatMap((value) => [value, ...value.split('\n')]);
  return [...new Set(pieces.map((piece) => piece.trim()).filter((piece) => piece.length >= 12))];
}

/** The first secret piece found in `text`, or undefined. */
export function leakedPiece(text: string, pieces: readonly string[]): string | undefined {
  return pieces.find((piece) => text.includes(piece));
}
