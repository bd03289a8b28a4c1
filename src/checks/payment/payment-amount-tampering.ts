import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Evidence, Finding } from '../../core/types.js';
import {
  type Answer,
  classifyOrderAnswer,
  describeAnswer,
  PAYMENT_CONFIG_EXAMPLE,
} from './payment-config.js';

type PaymentProbe = Extract<Artifacts['paymentProbe'], { configured: true }>;
type Attempt = PaymentProbe['attempts'][number];

/** What each order is, in words: the amounts themselves are never shown. */
export const VARIANT_NAMES: Record<Attempt['variant'], string> = {
  untampered: 'untampered order',
  lowered: 'amount lowered to a tenth',
  zero: 'amount zero',
  negative: 'amount negative',
  currency: 'currency changed',
  quantity: 'quantity raised tenfold for the same amount',
};

function describe(attempt: Attempt): string {
  return `${VARIANT_NAMES[attempt.variant]} -> ${describeAnswer(attempt.exchange)}`;
}

function evidenceOf(probe: PaymentProbe): Evidence[] {
  const sent = probe.attempts.map((attempt) => ({
    message: describe(attempt),
    url: attempt.exchange.request.url,
  }));
  const skipped = probe.notSent.map(({ variant, reason }) => ({
    message: `${VARIANT_NAMES[variant]}: not sent, ${reason}`,
  }));
  return [...sent, ...skipped];
}

const list = (attempts: Attempt[]) => attempts.map(describe).join(', ');

/** Why an untampered order's answer leaves the tampered ones unproven; undefined if it does not. */
function baselineProblem(untampered: Attempt | undefined, where: string): Finding | undefined {
  const answer: Answer = untampered ? classifyOrderAnswer(untampered.exchange) : 'none';
  const observed = untampered ? describeAnswer(untampered.exchange) : 'not sent';
  if (answer === 'unauthorised') {
    return {
      status: 'manual',
      message: `${where} refused the untampered order too (${observed}): give a test account's credentials in probes.payment.headers, or confirm by hand.`,
    };
  }
  if (answer === 'refused') {
    return {
      status: 'manual',
      message: `${where} refused the untampered order too (${observed}), so the refusals of tampered ones prove nothing; make probes.payment.body a valid order (the amount is set to the price endpoint's).`,
    };
  }
  if (answer === 'server-error') {
    // The tampered orders were refused before the failure, but a valid order never completes.
    return {
      status: 'warn',
      message: `${where} refused the tampered orders, but the untampered order failed (${observed}): fix the endpoint, then scan again to see a valid order go through.`,
    };
  }
  if (answer === 'none' || answer === 'limited') {
    return {
      status: 'error',
      message: `${where} gave the untampered order no usable answer (${observed}).`,
    };
  }
  return undefined;
}

export function judgeAmountTampering(probe: Artifacts['paymentProbe']): Finding {
  if (!probe.configured) {
    return {
      status: 'manual',
      message: `No payment endpoint is configured, so no tampered order was sent. Add to shipshape.yaml: ${PAYMENT_CONFIG_EXAMPLE}`,
    };
  }
  const where = `${probe.method} ${probe.path}`;
  const evidence = evidenceOf(probe);
  const untampered = probe.attempts.find((attempt) => attempt.variant === 'untampered');
  const tampered = probe.attempts.filter((attempt) => attempt.variant !== 'untampered');
  const answer = (attempt: Attempt) => classifyOrderAnswer(attempt.exchange);

  const accepted = tampered.filter((attempt) =>
    ['accepted', 'server-error'].includes(answer(attempt)),
  );
  if (accepted.length > 0) {
    return {
      status: 'fail',
      message: `${where} did not refuse ${accepted.length} tampered orders (${list(accepted)}); expected a 4xx for each.`,
      evidence,
    };
  }
  const amountSent = tampered.some((attempt) =>
    ['lowered', 'zero', 'negative'].includes(attempt.variant),
  );
  if (!amountSent) {
    return {
      status: 'manual',
      message: `No amount was found in probes.payment.body, so no amount was tampered with; set probes.payment.amountField.`,
      evidence,
    };
  }
  const problem = baselineProblem(untampered, where);
  if (problem) return { ...problem, evidence };

  const unclear = tampered.filter((attempt) => ['none', 'limited'].includes(answer(attempt)));
  if (unclear.length > 0) {
    return {
      status: 'error',
      message: `${where} gave ${unclear.length} tampered orders no usable answer (${list(unclear)}).`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `${where} refused all ${tampered.length} tampered orders (${list(tampered)}) and answered the untampered one ${describeAnswer(untampered!.exchange)}.`,
    evidence,
  };
}

export default defineCheck({
  id: 'payment-amount-tampering',
  title: 'Tampered payment orders are refused',
  severity: 'critical',
  needs: ['paymentProbe'],
  remediation:
    'Compute the amount on the server from the order (plan, quantity, currency) and refuse, with ' +
    '400 or 422, any request whose amount or currency differs, or whose amount is zero or ' +
    'negative; never pass a client-sent amount to Stripe (PaymentIntent.create(amount=...)).',
  run: ({ paymentProbe }) => judgeAmountTampering(paymentProbe),
});
