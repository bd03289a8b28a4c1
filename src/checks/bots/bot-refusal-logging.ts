import { defineCheck } from '../../core/registry.js';
import type { Artifacts } from '../../core/types.js';
import { judgeLogging, type LoggedRequest } from '../logging/refusal-logging.js';
import { classifyAnswer } from './bot-user-agent-refusal.js';

/** A refusal by the bot filter, as the bot checks count it; a rate limit's 429 is not one. */
const isBotRefusal = (status: number) => status !== 429 && classifyAnswer(status) === 'refused';

function botRequests(probe: Artifacts['botProbe']): LoggedRequest[] {
  return probe.exchanges
    .filter((entry) => entry.agent.kind === 'bot')
    .map(({ agent, exchange }) => ({
      name: `${agent.name} at ${new URL(exchange.request.url).pathname}`,
      exchange,
    }));
}

export default defineCheck({
  id: 'bot-refusal-logging',
  title: 'Refused bot requests are recorded in the security log',
  severity: 'low',
  needs: ['health', 'botProbe', 'securityLog'],
  remediation:
    'Where the bot filter refuses a request, write a security log line with the client ' +
    'address, the user agent and the request id, e.g. security_logger.info("bot_blocked", ' +
    'extra={"ip": ..., "user_agent": ..., "request_id": ...}); with nginx alone, give the ' +
    'refusals an access_log of their own (access_log ... if=$blocked_agent).',
  run: ({ botProbe, securityLog }) =>
    judgeLogging(botRequests(botProbe), securityLog, 'bot requests', isBotRefusal),
});
