import assert from 'node:assert/strict';
import fc from 'fast-check';

/**
 * Cases per property. CI runs a few hundred of each (a few thousand in all); the longer run in
 * scripts/fuzz.mjs sets FUZZ_RUNS to many more, and FUZZ_SEED to replay a failure.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);

export function fuzzOptions(runs = FUZZ_RUNS): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
  return { numRuns: runs, ...seed };
}

/** Characters that break parsers: quotes, escapes, controls, stray UTF-16 halves, wide text. */
const NASTY = [
  '"',
  "'",
  '`',
  '\\',
  '\0',
  '\r',
  '\n',
  '\t',
  '\u001b',
  '\u00a0',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u202e',
  '💥',
  'ß',
];

const nastyChar = fc.constantFrom(...NASTY);
const anyText = fc.string({
  unit: fc.oneof(nastyChar, fc.string({ maxLength: 1, unit: 'binary' })),
  maxLength: 12,
});

/** A soup of a format's own tokens, nasty characters and random text. */
export function tokenSoup(tokens: readonly string[], maxLength = 60): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...tokens) },
    { weight: 1, arbitrary: nastyChar },
    { weight: 1, arbitrary: anyText },
  );
  return fc.array(piece, { maxLength }).map((pieces) => pieces.join(''));
}

type Mutation = (text: string) => string;

const at = (text: string, fraction: number) => Math.floor(fraction * (text.length + 1));

function mutation(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  const place = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  return fc.oneof(
    fc.tuple(place, place).map(
      ([a, b]): Mutation =>
        (text) => {
          const [from, to] = [at(text, Math.min(a, b)), at(text, Math.max(a, b))];
          return text.slice(0, from) + text.slice(to);
        },
    ),
    fc.tuple(place, fc.oneof(fc.constantFrom(...tokens), nastyChar, anyText)).map(
      ([a, insert]): Mutation =>
        (text) =>
          text.slice(0, at(text, a)) + insert + text.slice(at(text, a)),
    ),
    fc.tuple(place, place, fc.integer({ min: 2, max: 50 })).map(
      ([a, b, times]): Mutation =>
        (text) => {
          const [from, to] = [at(text, Math.min(a, b)), at(text, Math.max(a, b))];
          return text.slice(0, to) + text.slice(from, to).repeat(times) + text.slice(to);
        },
    ),
    place.map(
      (a): Mutation =>
        (text) =>
          text.slice(0, at(text, a)),
    ),
  );
}

/**
 * Stacked repeats can grow a sample to megabytes, where the time bound measures only size:
 * inputs stay under this length, far past any real file of these formats.
 */
const MAX_MUTATED_LENGTH = 64 * 1024;

/** A real sample with a few random edits: cuts, insertions, repeats, truncation. */
export function mutated(
  samples: readonly string[],
  tokens: readonly string[],
): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...samples), fc.array(mutation(tokens), { maxLength: 8 }))
    .map(([sample, edits]) =>
      edits.reduce((text, edit) => edit(text).slice(0, MAX_MUTATED_LENGTH), sample),
    );
}

/** Generated and mutated inputs of one format, half each. */
export function inputsOf(
  samples: readonly string[],
  tokens: readonly string[],
): fc.Arbitrary<string> {
  return fc.oneof(tokenSoup(tokens), mutated(samples, tokens));
}

/** Runs `parse` and fails when it takes longer than `limitMs`: backtracking regexes show here. */
export function timed<T>(parse: () => T, limitMs = 250): T {
  const started = performance.now();
  const result = parse();
  const elapsed = performance.now() - started;
  if (elapsed < limitMs) return result;
  // A pause of the machine (GC, another process) does not repeat; backtracking that is slow
  // on this input does. The faster of two runs decides.
  const again = performance.now();
  parse();
  const retried = performance.now() - again;
  assert.ok(retried < limitMs, `the parse took ${Math.round(Math.min(elapsed, retried))} ms`);
  return result;
}

/** 1-based line count of a text, as editors count it. */
export function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}
