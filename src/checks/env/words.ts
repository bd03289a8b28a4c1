/**
 * Words people put into made-up secrets. Far from a dictionary: enough to tell
 * `thisisasamplesecret` or `mysupersecretjwtkey2024` from random characters, where a
 * random value is almost never covered by these words.
 */
const WORDS = `
the this that these is are was be been am an and or not no yes to too of in on at by for from
with as it its my our your his her their we you me us they them he she here there now then so
very much more most all any some one two three four five six ten new old big small long short
good bad best real true false top super secret secrets key keys password passwords pass word
words phrase token tokens auth session sessions cookie cookies jwt sign signing signature salt
hash crypt crypto encrypt encryption private public access refresh api app apps application
server service client user users admin root default example sample test testing demo dev
development prod production stage staging local live debug change changeme changethis replace
insert enter put set get make your here goes value values string random strong safe secure
security insecure django flask fastapi rails laravel node express next nuxt react vue spring
project company team site web website backend frontend database data db postgres mysql redis
mongo love hello world welcome letmein qwerty asdf zxcv dragon monkey master shadow sunshine
princess football baseball iloveyou trustno one abc xyz foo bar baz lorem ipsum dolor
please dont do use used never ever always only just keep hidden hide guess guessable
unguessable should must will can could would really actually something anything nothing
everything somebody nobody generate generated generator production ready final version
year day night morning blue red green black white happy fun funny cool awesome magic
`;

/** Two-letter words are too easy to meet by chance in random text; only these count. */
// biome-ignore format: a packed word list reads better than one word a line
const SHORT_WORDS = new Set([
  'is', 'my', 'to', 'it', 'in', 'of', 'an', 'me', 'we', 'no', 'on', 'at', 'be', 'do', 'so', 'or',
  'as', 'by', 'up', 'go', 'us',
]);

const DICTIONARY = new Set(
  WORDS.split(/\s+/).filter((word) => word.length >= 3 || SHORT_WORDS.has(word)),
);
const LONGEST_WORD = Math.max(...[...DICTIONARY].map((word) => word.length));

/** The share of a value's characters that belong to words of the list, from 0 to 1. */
export function wordCoverage(value: string): number {
  if (value.length === 0) return 0;
  let covered = 0;
  for (const run of value.toLowerCase().match(/[a-z]+/g) ?? []) covered += coveredLetters(run);
  return covered / value.length;
}

/** The most letters of a run that a split into listed words and leftovers can cover. */
function coveredLetters(run: string): number {
  const best = new Array<number>(run.length + 1).fill(0);
  for (let end = 1; end <= run.length; end += 1) {
    best[end] = best[end - 1]!;
    for (let start = Math.max(0, end - LONGEST_WORD); start < end - 1; start += 1) {
      if (DICTIONARY.has(run.slice(start, end))) {
        best[end] = Math.max(best[end]!, best[start]! + end - start);
      }
    }
  }
  return best[run.length]!;
}
