import { defineGatherer } from '../../core/registry.js';
import type { Exchange } from '../http.js';
import {
  displayPath,
  endpointRequest,
  findFieldByName,
  getField,
  numericValue,
  parseJson,
  registerEndpointSecrets,
} from './endpoints.js';
import { requestSeries } from './series.js';
import { requireTargetUrl } from './urls.js';

declare module '../../core/types.js' {
  interface Artifacts {
    priceQuote: PriceQuote;
  }
}

/** The names a price goes by in FastAPI, Express and Stripe-shaped answers, in this order. */
export const PRICE_FIELD_NAMES = [
  'price',
  'amount',
  'total',
  'unit_amount',
  'price_cents',
  'amount_cents',
  'total_cents',
  'priceCents',
  'amountCents',
  'unitAmount',
];

export type PriceQuote =
  | { configured: false }
  | {
      configured: true;
      method: string;
      /** The configured path, without its query. */
      path: string;
      exchange: Exchange;
      /** The dot path the price was read from, when one was found. */
      field?: string;
      /** The server's price: used to build the payment probe's orders, never shown. */
      price?: number;
    };

/** Where the price is in an answer: the configured field, else the first usual name. */
export function readPrice(
  body: string,
  configuredField: string | undefined,
): { field: string; price: number } | undefined {
  const document = parseJson(body);
  if (configuredField !== undefined) {
    const price = numericValue(getField(document, configuredField));
    return price === undefined ? undefined : { field: configuredField, price };
  }
  const found = findFieldByName(
    document,
    PRICE_FIELD_NAMES.map((name) => name.toLowerCase()),
  );
  const price = numericValue(found?.value);
  return found && price !== undefined ? { field: found.path, price } : undefined;
}

export default defineGatherer({
  artifact: 'priceQuote',
  kind: 'live',
  async gather(context) {
    const endpoint = context.config.probes.price;
    if (endpoint === undefined) return { configured: false };
    registerEndpointSecrets(context, endpoint);

    const request = endpointRequest(requireTargetUrl(context), endpoint);
    const exchange = await requestSeries(context, { waitOutLimits: true })(request);
    const status = exchange.response?.status ?? 0;
    const read =
      status >= 200 && status < 300
        ? readPrice(exchange.response!.body, endpoint.priceField)
        : undefined;
    return {
      configured: true,
      method: endpoint.method,
      path: displayPath(endpoint.path),
      exchange,
      ...(read ?? {}),
    };
  },
});
