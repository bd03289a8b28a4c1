import { defineCheck } from '../../core/registry.js';
import type { Artifacts, Finding } from '../../core/types.js';
import { classifyOrderAnswer, describeAnswer, PAYMENT_CONFIG_EXAMPLE } from './payment-config.js';

type PriceQuote = Artifacts['priceQuote'];

export function judgePriceEndpoint(quote: PriceQuote): Finding {
  if (!quote.configured) {
    return {
      status: 'manual',
      message: `No price endpoint is configured, so none was asked. Add to shipshape.yaml: ${PAYMENT_CONFIG_EXAMPLE}`,
    };
  }
  const { exchange, method, path } = quote;
  const where = `${method} ${path}`;
  const evidence = [
    { message: `${where} -> ${describeAnswer(exchange)}`, url: exchange.request.url },
  ];
  const answer = classifyOrderAnswer(exchange);

  if (answer === 'none' || answer === 'limited') {
    return {
      status: 'error',
      message: `The price endpoint ${where} gave no usable answer (${describeAnswer(exchange)}).`,
      evidence,
    };
  }
  if (answer === 'unauthorised') {
    return {
      status: 'manual',
      message: `The price endpoint ${where} refused the scan (${describeAnswer(exchange)}); give a test account's credentials in probes.price.headers, or confirm by hand.`,
      evidence,
    };
  }
  if (answer !== 'accepted' || exchange.response!.status >= 300) {
    return {
      status: 'fail',
      message: `The price endpoint ${where} answers ${describeAnswer(exchange)}; expected 200 with the price.`,
      evidence,
    };
  }
  if (quote.price === undefined || quote.price <= 0) {
    return {
      status: 'warn',
      message: `The price endpoint ${where} answers ${describeAnswer(exchange)} but no positive price was found in it; set probes.price.priceField to where the price is.`,
      evidence,
    };
  }
  return {
    status: 'pass',
    message: `The price endpoint ${where} answers ${describeAnswer(exchange)} with a price in \`${quote.field}\`.`,
    evidence,
  };
}

export default defineCheck({
  id: 'price-endpoint',
  title: 'Server-side price endpoint answers with a price',
  severity: 'medium',
  needs: ['priceQuote'],
  remediation:
    'Expose an endpoint that computes the price on the server, e.g. in FastAPI ' +
    '@router.get("/api/v1/price") returning {"plan": ..., "price": ...} from the catalogue, ' +
    'and point probes.price at it.',
  run: ({ priceQuote }) => judgePriceEndpoint(priceQuote),
});
