import { NotGivenError } from '../../core/errors.js';
import { defineGatherer } from '../../core/registry.js';
import type { GatherContext } from '../../core/types.js';
import type { Exchange } from '../http.js';
import {
  displayPath,
  endpointRequest,
  findFieldByName,
  getField,
  type Json,
  numericValue,
  registerEndpointSecrets,
  setField,
} from './endpoints.js';
import type { PriceQuote } from './price-quote.js';
import { requestSeries } from './series.js';
import { requireTargetUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    paymentProbe: PaymentProbe;
  }
}

/** The untampered order, then one change each: what a client could send instead. */
export type PaymentVariant =
  | 'untampered'
  | 'lowered'
  | 'zero'
  | 'negative'
  | 'currency'
  | 'quantity';

export const TAMPERED_VARIANTS: readonly PaymentVariant[] = [
  'lowered',
  'zero',
  'negative',
  'currency',
  'quantity',
];

export interface PaymentAttempt {
  variant: PaymentVariant;
  exchange: Exchange;
}

export interface PaymentFields {
  amount?: string;
  currency?: string;
  quantity?: string;
}

export type PaymentProbe =
  | { configured: false }
  | {
      configured: true;
      method: string;
      path: string;
      fields: PaymentFields;
      /** Where the untampered amount came from: the price endpoint's answer, or the sample. */
      amountSource: 'price-endpoint' | 'sample' | 'none';
      attempts: PaymentAttempt[];
      /** Variants that could not be built, with the reason. */
      notSent: Array<{ variant: PaymentVariant; reason: string }>;
    };

const AMOUNT_NAMES = ['amount', 'price', 'total', 'unit_amount', 'amount_cents', 'price_cents'];
const CURRENCY_NAMES = ['currency', 'currency_code', 'currencycode'];
const QUANTITY_NAMES = ['quantity', 'qty', 'count', 'units'];

function fieldPath(
  body: Json | undefined,
  configured: string | undefined,
  names: readonly string[],
): string | undefined {
  if (configured !== undefined)
    return getField(body, configured) === undefined ? undefined : configured;
  return findFieldByName(body, names)?.path;
}

/** A lower amount that is still positive: a tenth, in the sample's own number style. */
export function loweredAmount(amount: number): number | undefined {
  const lowered = Number.isInteger(amount)
    ? Math.floor(amount / 10)
    : Math.round(amount * 10) / 100;
  return lowered > 0 && lowered < amount ? lowered : undefined;
}

/** A cheaper currency: a zero-decimal one, so the same number buys far less. */
export function otherCurrency(currency: string): string {
  const other = currency.toLowerCase() === 'jpy' ? 'usd' : 'jpy';
  return currency === currency.toUpperCase() ? other.toUpperCase() : other;
}

/** Keeps the sample's type: an amount sent as a string ("29.00") is tampered as a string. */
function asSampleType(sample: Json | undefined, value: number): Json {
  return typeof sample === 'string' ? String(value) : value;
}

interface Plan {
  bodies: Array<{ variant: PaymentVariant; body: Json }>;
  notSent: Array<{ variant: PaymentVariant; reason: string }>;
}

function planAmountVariants(base: Json, amountPath: string, amount: number, plan: Plan): void {
  const sample = getField(base, amountPath);
  const lowered = loweredAmount(amount);
  if (lowered === undefined)
    plan.notSent.push({ variant: 'lowered', reason: 'the amount is too small to lower' });
  else
    plan.bodies.push({
      variant: 'lowered',
      body: setField(base, amountPath, asSampleType(sample, lowered)),
    });
  plan.bodies.push({ variant: 'zero', body: setField(base, amountPath, asSampleType(sample, 0)) });
  plan.bodies.push({
    variant: 'negative',
    body: setField(base, amountPath, asSampleType(sample, -amount)),
  });
}

function planOtherVariants(base: Json, fields: PaymentFields, plan: Plan): void {
  const currency = fields.currency === undefined ? undefined : getField(base, fields.currency);
  if (typeof currency === 'string') {
    plan.bodies.push({
      variant: 'currency',
      body: setField(base, fields.currency!, otherCurrency(currency)),
    });
  } else {
    plan.notSent.push({ variant: 'currency', reason: 'the sample order has no currency field' });
  }
  const quantity =
    fields.quantity === undefined ? undefined : numericValue(getField(base, fields.quantity));
  if (quantity !== undefined) {
    // Ten times as many for the same amount.
    const more = asSampleType(getField(base, fields.quantity!), Math.max(quantity, 1) * 10);
    plan.bodies.push({ variant: 'quantity', body: setField(base, fields.quantity!, more) });
  } else {
    plan.notSent.push({ variant: 'quantity', reason: 'the sample order has no quantity field' });
  }
}

/**
 * The orders to send: the sample with the server's price as its amount (when the price
 * endpoint gave one), then each tampered copy of it.
 */
export function planPayment(
  sample: Json | undefined,
  fields: PaymentFields,
  serverPrice: number | undefined,
): Plan & { amountSource: 'price-endpoint' | 'sample' | 'none' } {
  const plan: Plan = { bodies: [], notSent: [] };
  const body = sample ?? {};
  const sampleAmount =
    fields.amount === undefined ? undefined : numericValue(getField(body, fields.amount));
  const amount = fields.amount === undefined ? undefined : (serverPrice ?? sampleAmount);
  const base =
    amount === undefined || fields.amount === undefined
      ? body
      : setField(body, fields.amount, asSampleType(getField(body, fields.amount), amount));

  plan.bodies.push({ variant: 'untampered', body: base });
  if (amount === undefined || fields.amount === undefined) {
    const reason = 'no amount was found in the sample order (set probes.payment.amountField)';
    for (const variant of ['lowered', 'zero', 'negative'] as const)
      plan.notSent.push({ variant, reason });
  } else {
    planAmountVariants(base, fields.amount, amount, plan);
  }
  planOtherVariants(base, fields, plan);

  const amountSource =
    amount === undefined ? 'none' : serverPrice === undefined ? 'sample' : 'price-endpoint';
  return { ...plan, amountSource };
}

async function serverPrice(context: GatherContext): Promise<number | undefined> {
  let quote: PriceQuote;
  try {
    quote = await context.get('priceQuote');
  } catch (error) {
    if (error instanceof NotGivenError) throw error;
    return undefined;
  }
  return quote.configured ? quote.price : undefined;
}

export default defineGatherer({
  artifact: 'paymentProbe',
  kind: 'active',
  async gather(context): Promise<PaymentProbe> {
    const endpoint = context.config.probes.payment;
    if (endpoint === undefined) return { configured: false };
    const targetUrl = requireTargetUrl(context);
    registerEndpointSecrets(context, endpoint);

    const sample = endpoint.body as Json | undefined;
    const fields: PaymentFields = {};
    const amount = fieldPath(sample, endpoint.amountField, AMOUNT_NAMES);
    const currency = fieldPath(sample, endpoint.currencyField, CURRENCY_NAMES);
    const quantity = fieldPath(sample, endpoint.quantityField, QUANTITY_NAMES);
    if (amount !== undefined) fields.amount = amount;
    if (currency !== undefined) fields.currency = currency;
    if (quantity !== undefined) fields.quantity = quantity;

    const plan = planPayment(sample, fields, await serverPrice(context));
    const send = requestSeries(context, { waitOutLimits: true });
    const attempts: PaymentAttempt[] = [];
    for (const { variant, body } of plan.bodies) {
      attempts.push({
        variant,
        exchange: await send(endpointRequest(targetUrl, endpoint, { body })),
      });
    }
    return {
      configured: true,
      method: endpoint.method,
      path: displayPath(endpoint.path),
      fields,
      amountSource: plan.amountSource,
      attempts,
      notSent: plan.notSent,
    };
  },
});
