import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeAmountTampering } from '../../../src/checks/payment/payment-amount-tampering.js';
import type { Artifacts } from '../../../src/core/types.js';
import type { PaymentVariant } from '../../../src/gather/live/payment-probe.js';
import { answered, response } from '../../support/exchanges.js';

const URL = 'https://api.example.com/api/v1/payments';
const VARIANTS: PaymentVariant[] = [
  'untampered',
  'lowered',
  'zero',
  'negative',
  'currency',
  'quantity',
];

function probe(answers: Partial<Record<PaymentVariant, number>>): Artifacts['paymentProbe'] {
  return {
    configured: true,
    method: 'POST',
    path: '/api/v1/payments',
    fields: { amount: 'amount', currency: 'currency', quantity: 'quantity' },
    amountSource: 'price-endpoint',
    attempts: VARIANTS.map((variant) => ({
      variant,
      exchange: answered(URL, response(answers[variant] ?? (variant === 'untampered' ? 201 : 422))),
    })),
    notSent: [],
  };
}

describe("the 'payment-amount-tampering' check", () => {
  it('passes when every tampered order is refused and the untampered one accepted', () => {
    const finding = judgeAmountTampering(probe({}));
    assert.equal(finding.status, 'pass');
    assert.match(finding.message, /refused all 5 tampered orders/);
  });

  it('fails when a tampered order is accepted', () => {
    const finding = judgeAmountTampering(probe({ negative: 201 }));
    assert.equal(finding.status, 'fail');
    assert.match(finding.message, /amount negative -> 201/);
  });

  it('warns when the untampered order fails with a server error', () => {
    const finding = judgeAmountTampering(probe({ untampered: 500 }));
    assert.equal(finding.status, 'warn');
    assert.match(finding.message, /untampered order failed/);
  });

  it('cannot judge when the untampered order is refused too', () => {
    assert.equal(judgeAmountTampering(probe({ untampered: 400 })).status, 'manual');
  });

  it('says what to configure when no payment endpoint is given', () => {
    const finding = judgeAmountTampering({ configured: false });
    assert.equal(finding.status, 'manual');
    assert.match(finding.message, /probes:/);
  });
});
