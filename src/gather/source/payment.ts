import type { AmountSource } from './types.js';

/** Provider calls that charge an amount: Stripe (both SDK styles), Braintree, PayPal orders. */
export const PAYMENT_CALLEE =
  /(?:PaymentIntent|Charge|checkout\.Session|Invoice|InvoiceItem|PaymentLink|payment_?[iI]ntents|charges|checkout\.sessions|invoice_?[iI]tems|payment_?[lL]inks)\.create$|transaction\.sale$|orders\.create$/;

/** Keys that carry an amount in a provider's request. */
export const AMOUNT_KEYS = /^(?:amount|unit_amount|unit_amount_decimal|value)$/;

/** Calls that keep a value what it is: a request's amount converted is still the request's. */
export const PASSTHROUGH_CALLS =
  /^(?:int|float|round|Decimal|abs|str|Number|parseInt|parseFloat|BigInt|String|Math\.(?:round|floor|ceil|trunc|abs)|get|toFixed|toString|valueOf)$/;

/** The strongest source wins: one request value in an expression makes it the request's. */
export function strongest(sources: AmountSource[]): AmountSource {
  for (const source of ['request', 'computed', 'unknown'] as const) {
    if (sources.includes(source)) return source;
  }
  return 'constant';
}

/** Names a handler's request object goes by. */
export const REQUEST_NAMES = /^(?:req|request|ctx)$/;
