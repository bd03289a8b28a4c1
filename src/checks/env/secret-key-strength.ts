import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { EnvFileSet } from '../../gather/env.js';
import {
  decide,
  deployedNames,
  evidenceAt,
  type Located,
  locatedEntries,
  noDeploymentFinding,
  type Outcome,
  placeOf,
  resolveValue,
  unresolvedOutcome,
} from './deployed.js';
import { isAppSecretKey } from './keys.js';
import { assessSecret, type SecretStrength, type Weakness } from './strength.js';

const WEAKNESS_WORDS: Record<Weakness, string> = {
  empty: 'empty',
  placeholder: 'a placeholder',
  short: 'too short',
  'low-entropy': 'too few distinct characters',
  repeated: 'one short unit repeated',
  sequential: 'a run of sequential characters',
  'word-like': 'made of dictionary words',
};

export default defineCheck({
  id: 'secret-key-strength',
  title: 'Secret key is strong and random',
  severity: 'critical',
  needs: ['envFiles'],
  remediation:
    'Generate the key with `openssl rand -hex 32` (or `python -c "import secrets; ' +
    'print(secrets.token_urlsafe(32))"`), put it in the deployed env file, and restart the app. ' +
    'Changing it signs every user out.',
  run({ envFiles }, { policy }) {
    const skip = noDeploymentFinding(envFiles);
    if (skip) return skip;

    const keys = locatedEntries(envFiles.deployment).filter(({ entry }) =>
      isAppSecretKey(entry.key),
    );
    if (keys.length === 0) return missingKey(envFiles);

    const outcomes = keys.map((located) => judgeKey(located, envFiles, policy.secretLength));
    return decide(
      outcomes,
      `Every application secret key is at least ${policy.secretLength} random characters.`,
    );
  },
});

function missingKey(envFiles: EnvFileSet): Finding {
  const expected = locatedEntries(envFiles.templates).filter(({ entry }) =>
    isAppSecretKey(entry.key),
  );
  const files = deployedNames(envFiles);
  if (expected.length === 0) {
    return {
      status: 'skip',
      message:
        'No application secret key (SECRET_KEY, JWT_SECRET, SESSION_SECRET, APP_KEY ...) is ' +
        `set in ${files} or named in a template.`,
    };
  }
  const evidence = expected.map((located) => ({
    ...evidenceAt(
      located,
      `${located.entry.key} is expected by ${placeOf(located)} but missing from ${files}.`,
    ),
    status: 'fail' as const,
  }));
  return { status: 'fail', message: evidence[0]!.message, evidence };
}

function judgeKey(located: Located, envFiles: EnvFileSet, minLength: number): Outcome {
  const { value, unresolved } = resolveValue(located, envFiles);
  const key = located.entry.key;
  const where = placeOf(located);
  if (unresolved.length > 0) return unresolvedOutcome(located, unresolved);

  const strength = assessSecret(value, minLength);
  const facts = describeStrength(strength);
  if (strength.weaknesses.length === 0) {
    return { status: 'pass', evidence: evidenceAt(located, `${key} at ${where}: ${facts}.`) };
  }
  const problems = strength.weaknesses.map((weakness) => WEAKNESS_WORDS[weakness]).join(', ');
  const expected = `expected at least ${minLength} random characters`;
  const message = `${key} at ${where} is ${problems} (${facts}); ${expected}.`;
  return { status: 'fail', evidence: evidenceAt(located, message) };
}

function describeStrength(strength: SecretStrength): string {
  const classes = strength.classes.length > 0 ? strength.classes.join('+') : 'none';
  const bits = strength.bitsPerChar.toFixed(2);
  return `${strength.length} characters, classes ${classes}, ${bits} bits per character`;
}
