import { defineCheck } from '../../core/registry.js';
import type { Finding } from '../../core/types.js';
import type { SourceFacts } from '../../gather/source.js';
import { capped, evidenceAt, noSourceFinding, where } from '../source-places.js';

export function judgePaymentAmounts(source: SourceFacts): Finding {
  const none = noSourceFinding(source);
  if (none) return none;

  const amounts = source.payments.flatMap((payment) =>
    payment.amounts.map((amount) => ({ payment, amount })),
  );
  const describe = (source: string) =>
    amounts
      .filter(({ amount }) => amount.source === source)
      .map(({ payment, amount }) =>
        evidenceAt(
          `${where({ file: payment.file, line: amount.line })}: \`${payment.call}\` ${amount.key}=\`${amount.expression}\``,
          { file: payment.file, line: amount.line },
        ),
      );
  const fromRequest = describe('request');
  const clientSent = source.clientAmounts.map((sent) =>
    evidenceAt(`${where(sent)}: \`${sent.call}\` sends \`${sent.key}\` to ${sent.endpoint}`, sent),
  );

  if (fromRequest.length > 0) {
    return {
      status: 'fail',
      message:
        'A payment endpoint passes the amount from the request to the payment provider without recomputing it.',
      evidence: capped([...fromRequest, ...clientSent]),
    };
  }
  if (clientSent.length > 0) {
    return {
      status: 'warn',
      message: 'Front-end code computes an amount and sends it to the payment endpoint.',
      evidence: capped(clientSent),
      remediation:
        'Send the product or plan id and quantity only, and let the server compute the amount.',
    };
  }
  const unknown = describe('unknown');
  if (unknown.length > 0) {
    return {
      status: 'manual',
      message:
        'A payment amount comes from a function parameter: confirm every caller computes it on the server.',
      evidence: capped(unknown),
    };
  }
  if (source.payments.length > 0) {
    const computed = [...describe('computed'), ...describe('constant')];
    const catalog = source.payments
      .filter((payment) => payment.catalogPrice)
      .map((payment) =>
        evidenceAt(`${where(payment)}: \`${payment.call}\` uses catalogue prices`, payment),
      );
    return {
      status: 'pass',
      message: 'Payment amounts are computed on the server.',
      evidence: capped([...computed, ...catalog]),
    };
  }
  return {
    status: 'manual',
    message: 'No payment provider call (Stripe, Braintree, PayPal) was found in the code.',
  };
}

export default defineCheck({
  id: 'payment-amount-source',
  title: 'Payment amounts are computed on the server',
  severity: 'critical',
  needs: ['sourceFacts'],
  remediation:
    'Compute the amount on the server from the product ids and quantities in the request ' +
    '(or pass Stripe catalogue `price` ids), never from an `amount` the client sends; have the ' +
    'front end fetch the price from the server and send only what was ordered.',
  run: ({ sourceFacts }) => judgePaymentAmounts(sourceFacts),
});
