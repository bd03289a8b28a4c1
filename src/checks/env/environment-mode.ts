import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { EnvFileSet } from '../../gather/env.js';
import {
  decide,
  deployedNames,
  evidenceAt,
  judgedEvidence,
  type Located,
  locatedEntries,
  noDeploymentFinding,
  type Outcome,
  placeOf,
  resolveValue,
  unresolvedOutcome,
} from './deployed.js';
import { isDebugKey, isModeKey } from './keys.js';
import { isPlaceholder } from './placeholder.js';

type Mode = 'production' | 'development' | 'local' | 'staging' | 'test';

/** The words a mode may be written as. The report names the mode, never the raw value. */
const MODE_WORDS: Record<string, Mode> = {
  production: 'production',
  prod: 'production',
  prd: 'production',
  live: 'production',
  development: 'development',
  develop: 'development',
  dev: 'development',
  debug: 'development',
  local: 'local',
  localhost: 'local',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  preview: 'staging',
  qa: 'staging',
  uat: 'staging',
  sandbox: 'staging',
  test: 'test',
  testing: 'test',
  ci: 'test',
};

const DEBUG_ON = new Set(['true', '1', 'yes', 'y', 'on', 't', 'enabled', 'enable']);
const DEBUG_OFF = new Set(['false', '0', 'no', 'n', 'off', 'f', 'disabled', 'disable', '']);

export default defineCheck({
  id: 'environment-mode',
  title: 'Environment is set to production',
  severity: 'high',
  needs: ['envFiles'],
  remediation:
    'Set ENVIRONMENT=production (and NODE_ENV=production for Node) in the deployed env file, ' +
    'and set DEBUG=false or remove it.',
  run({ envFiles }) {
    const skip = noDeploymentFinding(envFiles);
    if (skip) return skip;

    const entries = locatedEntries(envFiles.deployment);
    const modes = entries.filter(({ entry }) => isModeKey(entry.key));
    const debugs = entries.filter(({ entry }) => isDebugKey(entry.key));
    const outcomes = [
      ...modes.map((located) => judgeMode(located, envFiles)),
      ...debugs.map((located) => judgeDebug(located, envFiles)),
    ];

    if (modes.length === 0) return missingMode(envFiles, outcomes);
    return decide(outcomes, 'The deployed env sets the production mode and no debug flag is on.');
  },
});

function missingMode(envFiles: EnvFileSet, debugOutcomes: Outcome[]): Finding {
  return {
    status: 'fail',
    message:
      'No environment mode key (ENVIRONMENT, APP_ENV, NODE_ENV, RAILS_ENV ...) is set in ' +
      `${deployedNames(envFiles)}; expected ENVIRONMENT=production.`,
    evidence: debugOutcomes.map(judgedEvidence),
  };
}

function judgeMode(located: Located, envFiles: EnvFileSet): Outcome {
  const { value, unresolved } = resolveValue(located, envFiles);
  const key = located.entry.key;
  const where = placeOf(located);
  if (unresolved.length > 0) return unresolvedOutcome(located, unresolved);

  const mode = MODE_WORDS[value.trim().toLowerCase()];
  if (mode === 'production') {
    return { status: 'pass', evidence: evidenceAt(located, `${key} at ${where} is production.`) };
  }
  const shown = describeModeValue(value, mode);
  const status = mode === undefined && value.trim() !== '' ? 'warn' : 'fail';
  const message = `${key} at ${where} is ${shown}; expected production.`;
  return { status, evidence: evidenceAt(located, message) };
}

function describeModeValue(value: string, mode: Mode | undefined): string {
  if (mode !== undefined) return mode;
  if (value.trim() === '') return 'empty';
  if (isPlaceholder(value)) return 'a placeholder';
  return `an unrecognised value of ${[...value.trim()].length} characters`;
}

function judgeDebug(located: Located, envFiles: EnvFileSet): Outcome {
  const { value, unresolved } = resolveValue(located, envFiles);
  const key = located.entry.key;
  const where = placeOf(located);
  const word = value.trim().toLowerCase();

  if (unresolved.length > 0) return unresolvedOutcome(located, unresolved);
  if (DEBUG_OFF.has(word)) {
    return { status: 'pass', evidence: evidenceAt(located, `${key} at ${where} is off.`) };
  }
  if (DEBUG_ON.has(word)) {
    return {
      status: 'fail',
      evidence: evidenceAt(located, `${key} at ${where} turns debug on; expected false.`),
    };
  }
  const message =
    `${key} at ${where} holds an unrecognised value of ${[...value.trim()].length} characters ` +
    '(a list of debug namespaces turns on debug output); expected false or no value.';
  return { status: 'warn', evidence: evidenceAt(located, message) };
}
