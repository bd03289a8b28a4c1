import type { Exchange } from '../../gather/http.js';

/** What to add to shipshape.yaml for the payment probes, shown while they are not configured. */
export const PAYMENT_CONFIG_EXAMPLE =
  'probes: { price: { method: GET, path: "/api/v1/price?plan=pro", priceField: price }, ' +
  'payment: { method: POST, path: /api/v1/payments, ' +
  'body: { plan: pro, amount: 2900, currency: usd, quantity: 1 } } }';

export type Answer = 'accepted' | 'refused' | 'unauthorised' | 'server-error' | 'limited' | 'none';

/** What an answer means for an order: 401 and 403 say who, not what, so they stand apart. */
export function classifyOrderAnswer(exchange: Exchange): Answer {
  const status = exchange.response?.status;
  if (status === undefined) return 'none';
  if (status === 429 || status === 503) return 'limited';
  if (status === 401 || status === 403) return 'unauthorised';
  if (status >= 400 && status < 500) return 'refused';
  if (status >= 500) return 'server-error';
  return 'accepted';
}

export function describeAnswer(exchange: Exchange): string {
  if (exchange.response) return String(exchange.response.status);
  return `no answer (${exchange.error ?? 'unknown error'})`;
}
