import { defineCheck } from '../../core/registry.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { LoggingSetup } from '../../gather/logging-setup.js';
import type { AlertHook } from '../../gather/source.js';
import { capped, evidenceAt, where } from '../source-places.js';

type HookState = 'set' | 'empty' | 'unconfirmed';

function hookState(hook: AlertHook, setup: LoggingSetup): HookState {
  if (hook.target === 'literal' || hook.target === 'expression') return 'set';
  if (hook.target === 'none') return hook.tool === 'New Relic' ? 'set' : 'empty';
  const entry = setup.alertEnv.find((candidate) => candidate.key === hook.envKey);
  if (entry) return entry.set ? 'set' : 'empty';
  return setup.envRead ? 'empty' : 'unconfirmed';
}

const STATE_WORDS: Record<HookState, string> = {
  set: 'is set up',
  empty: 'has no DSN or webhook in the deployment env',
  unconfirmed: 'reads its target from the environment, which was not given',
};

export function judgeAlertHook(setup: LoggingSetup): Finding {
  const hooks = setup.alertHooks.map((hook) => ({ hook, state: hookState(hook, setup) }));
  const evidence: Evidence[] = capped([
    ...hooks.map(({ hook, state }) =>
      evidenceAt(
        `${where(hook)}: ${hook.tool}${hook.envKey ? ` (${hook.envKey})` : ''} ${STATE_WORDS[state]}`,
        hook,
      ),
    ),
    ...setup.alertEnv.map((entry) =>
      evidenceAt(`${where(entry)}: ${entry.key} is ${entry.set ? 'set' : 'empty'}`, entry),
    ),
  ]);
  const confirm =
    'confirm that critical events (5xx bursts, blocked attacks, payment tampering) reach someone who answers';
  if (hooks.some(({ state }) => state === 'set')) {
    return { status: 'pass', message: `An alert channel is set up; ${confirm}.`, evidence };
  }
  if (hooks.some(({ state }) => state === 'empty')) {
    return {
      status: 'warn',
      message:
        'An error tracker or alert webhook is wired in the code, but the deployment gives it no target.',
      evidence,
    };
  }
  if (setup.alertEnv.some((entry) => entry.set)) {
    return {
      status: 'warn',
      message:
        'An alert DSN or webhook is set in the env, but nothing in the code was found to use it.',
      evidence,
    };
  }
  return {
    status: 'manual',
    message: `No error tracker or alert webhook was found in the code or env: ${confirm}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'alert-hook',
  title: 'Critical events raise an alert',
  severity: 'medium',
  needs: ['loggingSetup'],
  remediation:
    'Send critical events somewhere watched: `sentry_sdk.init(dsn=os.environ["SENTRY_DSN"])` ' +
    'or `Sentry.init({ dsn: process.env.SENTRY_DSN })` with SENTRY_DSN set in the deployment, ' +
    'or a logging handler that posts to a Slack or PagerDuty webhook.',
  run: ({ loggingSetup }) => judgeAlertHook(loggingSetup),
});
