import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import check from '../../../src/checks/payment/payment-amount-source.js';
import { checkContext, gatherTree, HOSTILE_FILES, removeTrees } from '../../support/source-tree.js';

after(removeTrees);

async function judge(tree: Record<string, string | Buffer>) {
  return check.run({ sourceFacts: await gatherTree('sourceFacts', tree) }, checkContext);
}

const ROUTE = (amount: string) => `import stripe

@router.post("/pay")
def pay(payload: PayRequest, db: Session = Depends(get_db)):
    amount = ${amount}
    return stripe.PaymentIntent.create(amount=amount, currency="usd")
`;

describe("'payment-amount-source'", () => {
  it('passes amounts the server computes, and catalogue prices', async () => {
    assert.equal(
      (await judge({ 'app/pay.py': ROUTE('price_of(payload.plan, db)') })).status,
      'pass',
    );
    const express =
      "import Stripe from 'stripe';\napp.post('/checkout', async (req, res) => {\n" +
      '  await stripe.checkout.sessions.create({ line_items: [{ price: PRICES[req.body.plan], quantity: 1 }] });\n});\n';
    assert.equal((await judge({ 'src/pay.ts': express })).status, 'pass');
  });

  it('fails an amount taken from the request, in Python and Express', async () => {
    const finding = await judge({ 'app/pay.py': ROUTE('int(payload.amount * 100)') });
    assert.equal(finding.status, 'fail');
    assert.deepEqual(finding.evidence?.[0]?.location, { file: 'app/pay.py', line: 6 });
    const express =
      "import Stripe from 'stripe';\napp.post('/pay', async (req, res) => {\n  const { amount } = req.body;\n" +
      "  await stripe.paymentIntents.create({ amount, currency: 'usd' });\n});\n";
    assert.equal((await judge({ 'src/pay.ts': express })).status, 'fail');
  });

  it('warns when front-end code sends an amount to the payment endpoint', async () => {
    const client =
      'export async function buy(items) {\n  const total = items.reduce((s, i) => s + i.price, 0);\n' +
      "  return fetch('/api/payments/intent', { method: 'POST', body: JSON.stringify({ amount: total }) });\n}\n";
    const finding = await judge({ 'frontend/src/checkout.ts': client });
    assert.equal(finding.status, 'warn');
    assert.deepEqual(finding.evidence?.[0]?.location, {
      file: 'frontend/src/checkout.ts',
      line: 3,
    });
  });

  it('is manual without payment code, skipped without source, and survives hostile files', async () => {
    assert.equal((await judge({ 'app/x.py': 'x = 1\n' })).status, 'manual');
    assert.equal((await judge({ 'x.txt': '' })).status, 'skip');
    assert.equal(
      (await judge({ ...HOSTILE_FILES, 'app/pay.py': ROUTE('payload.amount') })).status,
      'fail',
    );
  });
});
