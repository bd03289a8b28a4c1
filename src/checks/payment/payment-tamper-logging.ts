import { defineCheck } from '../../core/registry.js';
import type { Artifacts } from '../../core/types.js';
import { judgeLogging, type LoggedRequest } from '../logging/refusal-logging.js';
import { VARIANT_NAMES } from './payment-amount-tampering.js';

function refusedOrders(probe: Artifacts['paymentProbe']): LoggedRequest[] {
  if (!probe.configured) return [];
  return probe.attempts
    .filter((attempt) => attempt.variant !== 'untampered')
    .map((attempt) => ({ name: VARIANT_NAMES[attempt.variant], exchange: attempt.exchange }));
}

export default defineCheck({
  id: 'payment-tamper-logging',
  title: 'Refused payment tampering is recorded in the security log',
  severity: 'medium',
  needs: ['paymentProbe', 'securityLog'],
  remediation:
    'When a payment request is refused for its amount, currency or quantity, write a security ' +
    'log line with the client address, the user agent and the request id (X-Request-ID, or the ' +
    'x-shipshape-request-id header), e.g. security_logger.warning("payment_manipulation", extra=...).',
  run: ({ paymentProbe, securityLog }) =>
    paymentProbe.configured
      ? judgeLogging(refusedOrders(paymentProbe), securityLog, 'tampered payment orders')
      : {
          status: 'manual',
          message:
            'No payment endpoint is configured, so no tampered order could be looked for in the log; configure probes.payment and probes.securityLog.',
        },
});
