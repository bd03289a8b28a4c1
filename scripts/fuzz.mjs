#!/usr/bin/env node
// The longer fuzz run: test/fuzz/parsers.test.ts with many cases per parser and a fresh seed,
// printed first so that a failure can be replayed with the same seed and count.
//
//   node scripts/fuzz.mjs [runs, default 20000] [seed] [--max-minutes 60]
//   FUZZ_SEED=123 node scripts/fuzz.mjs 20000           (the seed from the environment)
//
// node's test runner prints the suite's results once it has finished, so nothing shows while
// it runs. A failure is shrunk by fast-check, which on a slow input can take long: the whole
// run is stopped after --max-minutes, its seed printed again for a replay.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'max-minutes': { type: 'string', default: '60' } },
});
const runs = Number(positionals[0] ?? 20_000);
const maxMinutes = Number(values['max-minutes']);
if (!Number.isSafeInteger(runs) || runs < 1 || !(maxMinutes > 0)) {
  console.error('usage: node scripts/fuzz.mjs [runs] [seed] [--max-minutes N]');
  process.exit(2);
}
const given = positionals[1] ?? process.env.FUZZ_SEED;
// fast-check takes a 32-bit seed.
const seed = given === undefined ? randomInt(0, 2 ** 31 - 1) : Number(given);
if (!Number.isSafeInteger(seed)) {
  console.error(`the seed must be a whole number, not ${given}`);
  process.exit(2);
}

console.log(`FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
console.log(`replay: node scripts/fuzz.mjs ${runs} ${seed}`);
const started = performance.now();
// No test timeout: the run is as long as its case count makes it, bounded by --max-minutes.
// Its own process group, so that the test runner's child for the file is stopped with it.
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-timeout=0', 'test/fuzz/parsers.test.ts'],
  {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
  },
);
const stop = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
};
let timedOut = false;
const timer = setTimeout(() => {
  timedOut = true;
  stop('SIGKILL');
}, maxMinutes * 60_000);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stop('SIGKILL'));

const [code, signal] = await new Promise((resolve) =>
  child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
);
clearTimeout(timer);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const outcome = timedOut
  ? `STOPPED after ${maxMinutes} min (still running or shrinking a failure)`
  : code === 0
    ? 'passed'
    : `FAILED (exit ${code ?? signal})`;
console.log(`fuzz ${outcome} in ${seconds} s: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}`);
process.exit(code ?? 1);
