import { defineCheck } from '../../core/registry.js';
import type { EnvFileSet } from '../../gather/env.js';
import {
  decide,
  deployedNames,
  evidenceAt,
  type Located,
  locatedEntries,
  noDeploymentFinding,
  type Outcome,
  type OutcomeStatus,
  placeOf,
  resolveValue,
  unresolvedOutcome,
} from './deployed.js';
import { isStripeKeyName } from './keys.js';
import { isPlaceholder } from './placeholder.js';

export type StripeMode = 'live' | 'test';

export interface StripeKeyClass {
  mode: StripeMode;
  kind: 'secret' | 'publishable' | 'restricted';
}

const STRIPE_KEY = /^(sk|pk|rk)_(live|test)_[A-Za-z0-9]+$/;
const KINDS = { sk: 'secret', pk: 'publishable', rk: 'restricted' } as const;

/** The mode and kind of a Stripe API key, or null for any other value (`whsec_` included). */
export function classifyStripeKey(value: string): StripeKeyClass | null {
  const match = STRIPE_KEY.exec(value.trim());
  if (!match) return null;
  return { kind: KINDS[match[1] as keyof typeof KINDS], mode: match[2] as StripeMode };
}

export function describeStripeClass(found: StripeKeyClass): string {
  return `Stripe ${found.mode} ${found.kind} key`;
}

interface Judged {
  outcome: Outcome;
  mode?: StripeMode;
  file: string;
}

export default defineCheck({
  id: 'stripe-key-mode',
  title: 'Payment keys are live keys',
  severity: 'high',
  needs: ['envFiles'],
  remediation:
    'Copy the live keys (sk_live_..., pk_live_...) from the Stripe dashboard with "Test mode" ' +
    'switched off into the deployed env file, and register the live webhook endpoint to get ' +
    'its whsec_ secret.',
  run({ envFiles }) {
    const skip = noDeploymentFinding(envFiles);
    if (skip) return skip;

    const candidates = locatedEntries(envFiles.deployment).filter(isPaymentKey);
    const judged = candidates.map((located) => judgeKey(located, envFiles));
    if (judged.length === 0) {
      return {
        status: 'skip',
        message:
          'No payment key (a Stripe sk_/pk_/rk_ value or a STRIPE_*_KEY setting) is set in ' +
          `${deployedNames(envFiles)}.`,
      };
    }

    const outcomes = judged.map((item) => item.outcome);
    const mixed = mixedModes(judged);
    if (mixed) outcomes.unshift(mixed);
    return decide(outcomes, 'Every Stripe key in the deployed env is a live key.');
  },
});

function isPaymentKey({ entry }: Located): boolean {
  if (/^(?:sk|pk|rk)_(?:live|test)_/.test(entry.value.trim())) return true;
  return isStripeKeyName(entry.key) && !entry.value.trim().startsWith('whsec_');
}

function judgeKey(located: Located, envFiles: EnvFileSet): Judged {
  const { value, unresolved } = resolveValue(located, envFiles);
  const where = `${located.entry.key} at ${placeOf(located)}`;
  const judged = (status: OutcomeStatus, message: string, mode?: StripeMode): Judged => ({
    outcome: { status, evidence: evidenceAt(located, message) },
    file: located.file.path,
    ...(mode ? { mode } : {}),
  });

  if (unresolved.length > 0) {
    return { outcome: unresolvedOutcome(located, unresolved), file: located.file.path };
  }
  if (value.trim() === '') return judged('fail', `${where} is empty; expected a live key.`);
  if (isPlaceholder(value))
    return judged('fail', `${where} is a placeholder; expected a live key.`);

  const found = classifyStripeKey(value);
  if (found === null) {
    const length = [...value].length;
    const message = `${where} is not a recognised Stripe key (${length} characters)`;
    return judged('warn', `${message}; expected sk_live_ or pk_live_.`);
  }
  const shown = `${where} is a ${describeStripeClass(found)}`;
  if (found.mode === 'live') return judged('pass', `${shown}.`, 'live');
  return judged('fail', `${shown}; expected a live key.`, 'test');
}

/** Live and test keys side by side, with the files that hold each mode. */
function mixedModes(judged: readonly Judged[]): Outcome | undefined {
  const filesOf = (mode: StripeMode) => [
    ...new Set(judged.filter((item) => item.mode === mode).map((item) => item.file)),
  ];
  const live = filesOf('live');
  const test = filesOf('test');
  if (live.length === 0 || test.length === 0) return undefined;
  const holds = (files: string[]) => `${files.join(', ')} ${files.length === 1 ? 'holds' : 'hold'}`;
  const message =
    live.length === 1 && test.length === 1 && live[0] === test[0]
      ? `${live[0]} mixes live and test Stripe keys.`
      : `Live and test Stripe keys are mixed: ${holds(live)} live keys, ${holds(test)} test keys.`;
  return { status: 'fail', evidence: { message } };
}
