import { isPlaceholder } from './placeholder.js';
import { wordCoverage } from './words.js';

export type CharacterClass = 'lower' | 'upper' | 'digit' | 'symbol';

export type Weakness =
  | 'empty'
  | 'placeholder'
  | 'short'
  | 'low-entropy'
  | 'repeated'
  | 'sequential'
  | 'word-like';

export interface SecretStrength {
  length: number;
  classes: CharacterClass[];
  /** Shannon entropy of the value's own characters, in bits per character. */
  bitsPerChar: number;
  weaknesses: Weakness[];
}

/** A run of this many characters in steps of one (`abcdefgh`, `87654321`) is typed, not drawn. */
export const SEQUENTIAL_RUN = 8;
/** More than this share of characters in listed words reads as a phrase, not a random value. */
export const WORD_COVERAGE = 0.6;

/**
 * The least entropy a random-looking value shows: half of log2 of its length, at most 2.5.
 * Random hex of 32 characters measures 3.6 bits a character on average and almost never
 * below 3, so only values built from a few characters over and over fall under it.
 */
export function minBitsPerChar(length: number): number {
  return Math.min(2.5, Math.log2(Math.max(length, 1)) / 2);
}

export function assessSecret(value: string, minLength: number): SecretStrength {
  const length = [...value].length;
  const strength = { length, classes: characterClasses(value), bitsPerChar: shannonBits(value) };
  return {
    ...strength,
    weaknesses: findWeaknesses(value, length, strength.bitsPerChar, minLength),
  };
}

function findWeaknesses(
  value: string,
  length: number,
  bits: number,
  minLength: number,
): Weakness[] {
  if (value.trim() === '') return ['empty'];
  const weaknesses: Weakness[] = [];
  if (isPlaceholder(value)) weaknesses.push('placeholder');
  if (length < minLength) weaknesses.push('short');
  if (bits < minBitsPerChar(length)) weaknesses.push('low-entropy');
  if (repeatedUnitLength(value) !== null) weaknesses.push('repeated');
  if (longestSequentialRun(value) >= SEQUENTIAL_RUN) weaknesses.push('sequential');
  if (wordCoverage(value) > WORD_COVERAGE) weaknesses.push('word-like');
  return weaknesses;
}

export function shannonBits(value: string): number {
  const characters = [...value];
  if (characters.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);

  let bits = 0;
  for (const count of counts.values()) {
    const share = count / characters.length;
    bits -= share * Math.log2(share);
  }
  return bits;
}

export function characterClasses(value: string): CharacterClass[] {
  const classes: CharacterClass[] = [];
  if (/[a-z]/.test(value)) classes.push('lower');
  if (/[A-Z]/.test(value)) classes.push('upper');
  if (/[0-9]/.test(value)) classes.push('digit');
  if (/[^a-zA-Z0-9]/.test(value)) classes.push('symbol');
  return classes;
}

/** The length of a unit that the whole value repeats (`abcabcab` -> 3), or null. */
export function repeatedUnitLength(value: string): number | null {
  for (let unit = 1; unit <= value.length / 2; unit += 1) {
    let repeats = true;
    for (let i = unit; i < value.length && repeats; i += 1) repeats = value[i] === value[i - unit];
    if (repeats) return unit;
  }
  return null;
}

/** The longest run of characters whose codes go up or down by one at each step. */
export function longestSequentialRun(value: string): number {
  if (value.length === 0) return 0;
  let longest = 1;
  let run = 1;
  let step = 0;
  for (let i = 1; i < value.length; i += 1) {
    const delta = value.charCodeAt(i) - value.charCodeAt(i - 1);
    const continues = (delta === 1 || delta === -1) && (run === 1 || delta === step);
    run = continues ? run + 1 : delta === 1 || delta === -1 ? 2 : 1;
    step = delta;
    longest = Math.max(longest, run);
  }
  return longest;
}
